package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What touching a mapping did (docs/memory.md "Touching memory"), sizes in KiB.
 *
 * @param pid                    the process
 * @param mappingId              the mapping
 * @param faultedKiB             newly faulted in
 * @param swappedInKiB           brought back from swap
 * @param residentKiB            resident afterwards
 * @param reclaimedCacheKiB      page cache dropped for it
 * @param swappedOutFrontswapKiB swapped out to frontswap for it
 * @param swappedOutDeviceKiB    swapped out to the device for it
 * @param oomKills               processes the OOM killer killed
 * @param processKilled          whether the toucher itself was killed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TouchReport(int pid, long mappingId, long faultedKiB, long swappedInKiB, long residentKiB,
                          long reclaimedCacheKiB, long swappedOutFrontswapKiB, long swappedOutDeviceKiB,
                          List<OomKill> oomKills, boolean processKilled) {
    public TouchReport {
        oomKills = oomKills == null ? List.of() : List.copyOf(oomKills);
    }

    /**
     * One process the OOM killer killed.
     *
     * @param pid          its pid
     * @param name         its name
     * @param footprintKiB resident + swapped
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OomKill(int pid, String name, long footprintKiB) {
    }
}
