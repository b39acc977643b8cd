package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The toolstack's memory balancer ({@code GET /host/balancer}; docs/toolstack.md "Turning it on",
 * "Observability").
 *
 * @param policy              {@code none}, {@code squeezed} or {@code mom}
 * @param intervalSeconds     how often it runs (virtual seconds)
 * @param hostFreeTargetKiB   the free memory it keeps
 * @param last                its latest run (none before the first)
 * @param running             the squeezed call in progress ({@code balance}, {@code reserve <id>})
 * @param pendingReservations reservations not yet ready or failed
 * @param runs                runs since the service started
 * @param failures            runs that ended in a failure since the service started
 * @param targetsWritten      {@code memory/target} writes since the service started
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Balancer(String policy, long intervalSeconds, long hostFreeTargetKiB, Optional<Run> last,
                       Optional<String> running, int pendingReservations, long runs, long failures,
                       long targetsWritten) {
    public Balancer {
        last = last == null ? Optional.empty() : last;
        running = running == null ? Optional.empty() : running;
    }

    /**
     * The latest run (squeezed: the current or the last call; MoM: the last decision).
     *
     * @param jiffies       when it last changed
     * @param call          what squeezed was asked ({@code balance}, {@code reserve <id>}); MoM's decision
     * @param gamma         squeezed's γ, every balanced domain's fraction of its range (none for MoM)
     * @param targets       the targets it set, KiB by domid
     * @param stuck         the domains squeezed gave up on in that run
     * @param uncooperative the domains flagged {@code memory/uncooperative} now
     * @param outcome       {@code running}, {@code succeeded}, {@code cannot-free}, {@code domains-refused},
     *                      {@code abandoned}; MoM: {@code shrink}, {@code grow}, {@code no-change}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Run(long jiffies, String call, OptionalDouble gamma, Map<String, Long> targets,
                      List<Integer> stuck, List<Integer> uncooperative, String outcome) {
        public Run {
            gamma = gamma == null ? OptionalDouble.empty() : gamma;
            targets = targets == null ? Map.of() : Map.copyOf(targets);
            stuck = stuck == null ? List.of() : List.copyOf(stuck);
            uncooperative = uncooperative == null ? List.of() : List.copyOf(uncooperative);
        }
    }
}
