package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.xenemu.toolstack.balancer.ReclaimedMemory.DomainValues;

/** rrdp-squeezed's {@code memory_reclaimed} and {@code memory_reclaimed_max} (note §5). */
class ReclaimedMemoryTest {
    private static DomainValues values(int domid, Long target, Long min, Long max) {
        return new DomainValues(domid, target == null ? OptionalLong.empty() : OptionalLong.of(target),
                min == null ? OptionalLong.empty() : OptionalLong.of(min), max == null ? OptionalLong.empty() : OptionalLong.of(max));
    }

    @Test
    void reclaimedIsWhatTargetsHoldBelowDynamicMaxAndReclaimableWhatIsLeftAboveDynamicMin() {
        List<DomainValues> domains = List.of(values(1, 1_500_000L, 1_048_576L, 2_097_152L),
                values(2, 4_000_000L, 2_000_000L, 4_194_304L));
        assertThat(ReclaimedMemory.reclaimedKiB(domains)).isEqualTo((2_097_152 - 1_500_000) + (4_194_304 - 4_000_000));
        assertThat(ReclaimedMemory.reclaimableKiB(domains)).isEqualTo((1_500_000 - 1_048_576) + (4_000_000 - 2_000_000));
    }

    @Test
    void aDomainCountsInEachSumOnlyWithBothOfItsValuesKnown() {
        List<DomainValues> domains = List.of(values(1, null, 1000L, 2000L), values(2, 1500L, null, 2000L),
                values(3, 1500L, 1000L, null));
        assertThat(ReclaimedMemory.reclaimedKiB(domains)).isEqualTo(500);      // only d2
        assertThat(ReclaimedMemory.reclaimableKiB(domains)).isEqualTo(500);    // only d3
    }

    @Test
    void theFiguresArePublishedInBytes() {
        assertThat(ReclaimedMemory.bytes(500)).isEqualTo(512_000);
    }

    @Test
    void domainsWithTheAllZeroOrDeadbeefHandleAreNotReported() {
        assertThat(ReclaimedMemory.counts("00000000-0000-0000-0000-000000000000")).isFalse();
        assertThat(ReclaimedMemory.counts("deadbeef-dead-beef-0000-000000000001")).isFalse();
        assertThat(ReclaimedMemory.counts("6e2f1c0a-1d3b-4f5e-9a7b-0c1d2e3f4a5b")).isTrue();
    }
}
