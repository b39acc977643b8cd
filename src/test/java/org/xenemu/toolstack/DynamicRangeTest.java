package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

/**
 * XAPI's dynamic range (docs/toolstack.md "Dynamic range") as the toolstack writes it, and the
 * memory-policy figures of the domain and host views (rrdp-squeezed's).
 */
class DynamicRangeTest {
    final MemoryFixture f = MemoryFixture.small();

    @Test
    void aRangeGivenAtCreationIsWrittenWithLibxlsKeysBeforeTheDomainIsIntroduced() {
        Domain d = f.create(DomainSpec.pv("g", 131072).withStaticMaxKiB(262144).withDynamicRange(65536, 262144)).domain();
        assertThat(f.read("/local/domain/" + d.domid() + "/memory/dynamic-min")).isEqualTo("65536");
        assertThat(f.read("/local/domain/" + d.domid() + "/memory/dynamic-max")).isEqualTo("262144");
        DomainMemoryPolicy p = f.toolstack.view(Caller.DOM0, d.domid()).memoryPolicy().orElseThrow();
        assertThat(p.dynamicMinKiB()).isEqualTo(65536);
        assertThat(p.dynamicMaxKiB()).isEqualTo(262144);
        assertThat(p.stuck()).isFalse();
        assertThat(p.uncooperative()).isFalse();
        assertThat(p.memoryInternalFreeKiB()).isPositive();
    }

    @Test
    void aRangeSetLaterReplacesBothKeys() {
        Domain d = f.create(DomainSpec.pv("g", 131072).withStaticMaxKiB(262144)).domain();
        assertThat(f.toolstack.view(Caller.DOM0, d.domid()).memoryPolicy().orElseThrow().dynamicMinKiB()).isNull();
        f.toolstack.setDynamicRange(Caller.DOM0, d.domid(), 100000, 200000);
        assertThat(f.read("/local/domain/" + d.domid() + "/memory/dynamic-min")).isEqualTo("100000");
        assertThat(f.read("/local/domain/" + d.domid() + "/memory/dynamic-max")).isEqualTo("200000");
    }

    @Test
    void theHostViewCountsWhatTheRangesReclaimAndCouldReclaim() {
        f.create(DomainSpec.pv("a", 131072).withStaticMaxKiB(262144).withDynamicRange(65536, 262144));
        f.create(DomainSpec.pv("b", 100000).withStaticMaxKiB(200000).withDynamicRange(50000, 150000));
        f.create(DomainSpec.pv("c", 100000));
        HostView h = f.toolstack.host(Caller.DOM0);
        // Σ(dyn_max − target) and Σ(target − dyn_min) over the domains with both keys
        assertThat(h.memoryReclaimedKiB()).isEqualTo((262144 - 131072) + (150000 - 100000));
        assertThat(h.memoryReclaimedMaxKiB()).isEqualTo((131072 - 65536) + (100000 - 50000));
        assertThat(h.reservedKiB()).isZero();
    }

    @Test
    void theReclaimedFiguresFollowEveryChangeOfTheKeysAndOfTheGuests() {
        Domain a = f.create(DomainSpec.pv("a", 131072).withStaticMaxKiB(262144).withDynamicRange(65536, 262144))
                .domain();
        assertThat(f.toolstack.reclaimed(Caller.DOM0)).isEqualTo(new Toolstack.Reclaimed(262144 - 131072,
                131072 - 65536));
        // a range set through the toolstack, a key written by anyone else, a new guest, a destroyed one
        f.toolstack.setDynamicRange(Caller.DOM0, a.domid(), 100000, 200000);
        assertThat(f.toolstack.reclaimed(Caller.DOM0)).isEqualTo(new Toolstack.Reclaimed(200000 - 131072,
                131072 - 100000));
        f.dom0Xs.write(0, "/local/domain/" + a.domid() + "/memory/dynamic-max",
                "250000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(f.toolstack.reclaimed(Caller.DOM0).reclaimedKiB()).isEqualTo(250000 - 131072);
        Domain b = f.create(DomainSpec.pv("b", 100000).withStaticMaxKiB(200000).withDynamicRange(50000, 150000))
                .domain();
        assertThat(f.toolstack.reclaimed(Caller.DOM0)).isEqualTo(new Toolstack.Reclaimed(
                (250000 - 131072) + (150000 - 100000), (131072 - 100000) + (100000 - 50000)));
        f.destroy(b.domid());
        assertThat(f.toolstack.reclaimed(Caller.DOM0)).isEqualTo(new Toolstack.Reclaimed(250000 - 131072,
                131072 - 100000));
        HostView h = f.toolstack.host(Caller.DOM0);
        assertThat(h.memoryReclaimedKiB()).isEqualTo(250000 - 131072);
        assertThat(h.memoryReclaimedMaxKiB()).isEqualTo(131072 - 100000);
    }

    @Nested
    class Refusals {
        void expectEinval(Runnable r) {
            assertThatThrownBy(r::run)
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }

        @Test
        void aRangeAboveStaticMaxIsEinvalAtCreationAndChangesNothing() {
            expectEinval(() -> f.create(DomainSpec.pv("g", 131072).withStaticMaxKiB(262144)
                    .withDynamicRange(65536, 262148)));
            assertThat(f.registry.size()).isEqualTo(1);
        }

        @Test
        void anInvertedOrEmptyRangeIsEinval() {
            Domain d = f.create(DomainSpec.pv("g", 131072).withStaticMaxKiB(262144)).domain();
            expectEinval(() -> f.toolstack.setDynamicRange(Caller.DOM0, d.domid(), 200000, 100000));
            expectEinval(() -> f.toolstack.setDynamicRange(Caller.DOM0, d.domid(), 0, 100000));
            expectEinval(() -> f.toolstack.setDynamicRange(Caller.DOM0, d.domid(), 1, 262145));
            assertThat(f.dom0Xs.directory(0, "/local/domain/" + d.domid() + "/memory")).doesNotContain("dynamic-min");
        }

        @Test
        void oneBoundWithoutTheOtherIsEinval() {
            expectEinval(() -> f.create(new DomainSpec("g", 131072, java.util.OptionalLong.empty(), DomainType.PV,
                    java.util.OptionalLong.empty(), java.util.OptionalInt.empty(),
                    org.xenemu.guest.kernel.KernelConfig.DEFAULTS, java.util.OptionalLong.of(1),
                    java.util.OptionalLong.empty(), java.util.Optional.empty())));
        }

        @Test
        void aGuestMayNotSetARange() {
            Domain d = f.create(DomainSpec.pv("g", 131072)).domain();
            assertThatThrownBy(() -> f.toolstack.setDynamicRange(Caller.guest(d.domid(), true), d.domid(), 1, 2))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        }
    }
}
