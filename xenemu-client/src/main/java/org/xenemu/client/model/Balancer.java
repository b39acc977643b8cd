package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The toolstack's memory balancer ({@code GET /host/balancer}; planned: docs/api.md "Planned",
 * toolstack.md).
 *
 * @param policy            {@code none}, {@code squeezed} or {@code mom}
 * @param intervalSeconds   how often it runs (virtual)
 * @param hostFreeTargetKiB the free memory it keeps
 * @param last              its last run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Balancer(String policy, OptionalLong intervalSeconds, OptionalLong hostFreeTargetKiB,
                       Optional<Run> last) {
    public Balancer {
        intervalSeconds = intervalSeconds == null ? OptionalLong.empty() : intervalSeconds;
        hostFreeTargetKiB = hostFreeTargetKiB == null ? OptionalLong.empty() : hostFreeTargetKiB;
        last = last == null ? Optional.empty() : last;
    }

    /**
     * One run of the balancer.
     *
     * @param jiffies       when
     * @param gamma         squeezed's γ: every balanced domain's fraction of its range
     * @param targets       the targets it set, KiB by domid
     * @param stuck         domains that made no progress
     * @param uncooperative domains marked uncooperative
     * @param outcome       what came of it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(long jiffies, double gamma, Map<String, Long> targets, List<Integer> stuck,
                      List<Integer> uncooperative, String outcome) {
        public Run {
            targets = targets == null ? Map.of() : Map.copyOf(targets);
            stuck = stuck == null ? List.of() : List.copyOf(stuck);
            uncooperative = uncooperative == null ? List.of() : List.copyOf(uncooperative);
        }
    }
}
