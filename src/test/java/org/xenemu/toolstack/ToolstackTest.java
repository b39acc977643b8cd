package org.xenemu.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;

class ToolstackTest {
    final MemoryFixture f = MemoryFixture.small();

    @AfterEach
    void conserved() {
        f.host.verifyConservation();
    }

    static Errno errno(Throwable t) {
        return ((XenException) t).errno();
    }

    @Nested
    class Dom0 {
        @Test
        void dom0ExistsFromStartWithItsMemoryAndBalloon() {
            Domain dom0 = f.registry.get(0);
            assertThat(dom0.ownedPages()).isEqualTo(32768);
            assertThat(dom0.kernel().isDom0()).isTrue();
            assertThat(f.read("/local/domain/0/memory/target")).isEqualTo("131072");
            assertThat(f.read("/local/domain/0/control/feature-balloon")).isEqualTo("1");
            assertThat(dom0.balloon().isRunning()).isTrue();
        }

        @Test
        void dom0CannotBeDestroyed() {
            assertThatThrownBy(() -> f.destroy(0)).satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EBUSY));
        }
    }

    @Nested
    class Create {
        @Test
        void writesTheXenstoreKeysAndIntroducesTheDomain() {
            List<String> introduced = new ArrayList<>();
            XsConnection watcher = f.xenstore.connect(0, true, (p, t) -> introduced.add(p));
            watcher.watch("@introduceDomain", "t");
            Domain d = f.create(DomainSpec.pv("guest1", 262144 / 2)).domain();
            assertThat(d.domid()).isEqualTo(1);
            assertThat(f.read("/local/domain/1/name")).isEqualTo("guest1");
            assertThat(f.read("/local/domain/1/domid")).isEqualTo("1");
            assertThat(f.read("/local/domain/1/memory/static-max")).isEqualTo("131072");
            assertThat(f.read("/local/domain/1/memory/target")).isEqualTo("131072");
            assertThat(f.read("/local/domain/1/control/feature-balloon")).isEqualTo("1");
            assertThat(f.dom0Xs.getPerms(0, "/local/domain/1")).containsExactly("n0", "r1");
            assertThat(f.dom0Xs.getPerms(0, "/local/domain/1/data")).containsExactly("n1");
            assertThat(f.xenstore.introducedDomains()).contains(1);
            assertThat(introduced).containsExactly("@introduceDomain", "@introduceDomain");
            assertThat(d.ownedPages()).isEqualTo(32768);
        }

        @Test
        void hvmDomainsGetVideoramAndATargetWithoutIt() {
            Domain d = f.create(DomainSpec.pv("hvm", 65536).withType(DomainType.HVM)).domain();
            assertThat(f.read("/local/domain/1/memory/videoram")).isEqualTo("8192");
            assertThat(f.read("/local/domain/1/memory/target")).isEqualTo("57344");
            assertThat(d.kernel().currentPages()).isEqualTo(57344 / 4);
        }

        @Test
        void guestCanWriteDataButNotItsMemoryTarget() {
            f.create(DomainSpec.pv("g", 65536));
            XsConnection guest = f.xenstore.connect(1, false, WatchSink.DISCARD);
            guest.write(0, "data/x", "1".getBytes());
            assertThat(guest.read(0, "memory/target")).isNotEmpty();
            assertThatThrownBy(() -> guest.write(0, "memory/target", "1".getBytes()))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EACCES));
        }

        @Test
        void notEnoughHostMemoryIsEnomemAndChangesNothing() {
            long free = f.host.freePages();
            assertThatThrownBy(() -> f.create(DomainSpec.pv("big", (free + 1) * 4)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.ENOMEM));
            assertThat(f.host.freePages()).isEqualTo(free);
            assertThat(f.registry.size()).isEqualTo(1);
            assertThat(f.dom0Xs.directory(0, "/local/domain")).containsExactly("0");
            Domain next = f.create(DomainSpec.pv("ok", 65536)).domain();
            assertThat(next.domid()).isEqualTo(1);
        }

        @Test
        void tooLittleMemoryForAKernelIsEinval() {
            // kernel static 2048 + max_pfn/64 pages; MemTotal must keep 1024 pages
            assertThatThrownBy(() -> f.create(DomainSpec.pv("tiny", 12 * 1024)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            f.create(DomainSpec.pv("fits", 13 * 1024));
        }

        @Test
        void badSpecsAreEinval() {
            assertThatThrownBy(() -> f.create(DomainSpec.pv("x", 65536).withStaticMaxKiB(1024)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> f.create(DomainSpec.pv("x", 65536).withHomeNode(5)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> new KernelConfig(0, false, false, 3, 50, -1, -1))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
        }

        @Test
        void duplicateNamesAreEexist() {
            f.create(DomainSpec.pv("same", 65536));
            assertThatThrownBy(() -> f.create(DomainSpec.pv("same", 65536)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EEXIST));
        }

        @Test
        void creatingForTheDomidBuildsTheSameDomainAndRefusesTheSame() {
            int a = f.toolstack.createForDomid(Caller.DOM0, DomainSpec.pv("quiet", 65536));
            int b = f.create(DomainSpec.pv("viewed", 65536)).domain().domid();
            assertThat(b).isEqualTo(a + 1);
            assertThat(f.registry.get(a).name()).isEqualTo("quiet");
            assertThat(f.read("/local/domain/" + a + "/memory/target")).isEqualTo("65536");
            assertThat(f.toolstack.view(Caller.DOM0, a)).usingRecursiveComparison().ignoringFields("domid", "name", "selfballoon.value.domid")
                    .isEqualTo(f.toolstack.view(Caller.DOM0, b));
            assertThatThrownBy(() -> f.toolstack.createForDomid(Caller.DOM0, DomainSpec.pv("quiet", 65536)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EEXIST));
            assertThatThrownBy(() -> f.toolstack.createForDomid(Caller.guest(a, true), DomainSpec.pv("x", 65536)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EACCES));
        }

        @Test
        void aDestroyedDomainsNameIsFreeAgain() {
            int a = f.create(DomainSpec.pv("same", 65536)).domain().domid();
            f.destroy(a);
            int b = f.create(DomainSpec.pv("same", 65536)).domain().domid();
            assertThat(f.registry.get(b).name()).isEqualTo("same");
            assertThatThrownBy(() -> f.create(DomainSpec.pv("same", 65536)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EEXIST));
        }

        @Test
        void domidsAreNeverReused() {
            int a = f.create(DomainSpec.pv("a", 65536)).domain().domid();
            f.destroy(a);
            int b = f.create(DomainSpec.pv("b", 65536)).domain().domid();
            assertThat(b).isEqualTo(a + 1);
        }

        @Test
        void anEngineThatFailsToAttachRollsTheCreationBack() {
            long free = f.host.freePages();
            f.engines.add(new DomainEngine() {
                @Override
                public void attach(Domain domain) {
                    throw XenException.noMemory("engine refused");
                }

                @Override
                public void detach(Domain domain) {
                }
            });
            assertThatThrownBy(() -> f.create(DomainSpec.pv("x", 65536)))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.ENOMEM));
            assertThat(f.host.freePages()).isEqualTo(free);
            assertThat(f.registry.find(1)).isEmpty();
            assertThat(f.xenstore.introducedDomains()).doesNotContain(1);
        }
    }

    @Nested
    class Destroy {
        @Test
        void returnsPagesAndTmemAndReleasesTheDomain() {
            List<String> released = new ArrayList<>();
            XsConnection watcher = f.xenstore.connect(0, true, (p, t) -> released.add(p));
            watcher.watch("@releaseDomain", "t");
            long free = f.host.freePages();
            Domain d = f.create(DomainSpec.pv("g", 65536)).domain();
            f.host.tmemPut(1, 100);
            List<String> calls = new ArrayList<>();
            f.engines.add(new DomainEngine() {
                @Override
                public void attach(Domain domain) {
                }

                @Override
                public void detach(Domain domain) {
                    calls.add("destroyed " + domain.domid() + " owning " + domain.ownedPages());
                }
            });
            f.destroy(d.domid());
            assertThat(calls).containsExactly("destroyed 1 owning 16384");
            assertThat(f.host.freePages()).isEqualTo(free);
            assertThat(f.registry.find(1)).isEmpty();
            assertThat(f.xenstore.introducedDomains()).doesNotContain(1);
            assertThat(f.dom0Xs.directory(0, "/local/domain")).containsExactly("0");
            assertThat(released).contains("@releaseDomain");
            assertThat(d.balloon().isRunning()).isFalse();
        }

        @Test
        void missingDomainIsEnoent() {
            assertThatThrownBy(() -> f.destroy(9)).satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.ENOENT));
        }
    }

    @Nested
    class MemSetAndMax {
        @Test
        void memSetWritesTheTargetLessVideoram() {
            f.create(DomainSpec.pv("hvm", 65536).withStaticMaxKiB(131072).withType(DomainType.HVM, 4096));
            f.setTarget(1, 100000);
            assertThat(f.read("/local/domain/1/memory/target")).isEqualTo("95904");
        }

        @Test
        void hvmMemSetMayReachStaticMaxPlusVideoramAsLibxlChecksWhatItWrites() {
            f.create(DomainSpec.pv("hvm", 65536).withStaticMaxKiB(131072).withType(DomainType.HVM, 4096));
            f.setTarget(1, 131072 + 4096);
            assertThat(f.read("/local/domain/1/memory/target")).isEqualTo("131072");
            assertThatThrownBy(() -> f.setTarget(1, 131072 + 4096 + 1))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> f.setTarget(1, 4095))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            assertThat(f.read("/local/domain/1/memory/target")).isEqualTo("131072");
        }

        @Test
        void memSetAboveStaticMaxIsEinval() {
            f.create(DomainSpec.pv("g", 65536));
            assertThatThrownBy(() -> f.setTarget(1, 65537))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
        }

        @Test
        void memMaxBelowCurrentIsEinvalAndAboveIsKept() {
            Domain d = f.create(DomainSpec.pv("g", 65536).withStaticMaxKiB(131072)).domain();
            assertThatThrownBy(() -> f.setMax(1, 65532))
                    .satisfies(t -> assertThat(errno(t)).isEqualTo(Errno.EINVAL));
            f.setMax(1, 100000);
            assertThat(d.maxPages()).isEqualTo(25000);
        }

        @Test
        void homeNodeIsChosenOrGiven() {
            Domain d = f.create(DomainSpec.pv("g", 65536).withHomeNode(1)).domain();
            assertThat(d.homeNode()).isEqualTo(1);
            assertThat(d.pagesPerNode()).containsExactly(0, 16384);
            assertThat(OptionalInt.empty()).isEmpty();
        }
    }
}
