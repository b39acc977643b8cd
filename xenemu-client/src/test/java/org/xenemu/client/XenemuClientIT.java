package org.xenemu.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.client.model.ClockReading;
import org.xenemu.client.model.Domain;
import org.xenemu.client.model.DomainSpec;
import org.xenemu.client.model.Event;
import org.xenemu.client.model.EventPage;
import org.xenemu.client.model.GuestProcess;
import org.xenemu.client.model.Host;
import org.xenemu.client.model.KernelOptions;
import org.xenemu.client.model.Mapped;
import org.xenemu.client.model.MmapRequest;
import org.xenemu.client.model.SelfballoonPatch;
import org.xenemu.client.model.SelfballoonView;
import org.xenemu.client.model.TouchReport;
import org.xenemu.client.model.WatchEvent;
import org.xenemu.client.model.XenstoreTree;
import org.xenemu.client.support.XenemuJar;

/**
 * XenemuClient against the packaged service ({@link XenemuJar}: open mode, manual clock): every
 * resource 0.1.0 serves, the mapping of problem+json to {@link XenemuException}, and the watch and
 * event streams. Resources of the contract not served yet answer 404 ENOENT here; their requests
 * are checked against a stub ({@code XenemuClientRequestTest}).
 */
class XenemuClientIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static XenemuClient xen;

    @BeforeAll
    static void connect() {
        xen = XenemuClient.of(XenemuJar.get().baseUrl().toString());
        xen.clock().manual();
    }

    private static Domain newDomain(long memoryKiB, long staticMaxKiB) {
        return xen.domains().create(DomainSpec.builder("it-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet(),
                memoryKiB).staticMaxKiB(staticMaxKiB).build());
    }

    @Nested
    class Clock {
        @Test
        void advanceMovesManualTimeByExactlyTheDuration() {
            ClockReading before = xen.clock().get();
            assertTrue(before.manual());
            ClockReading after = xen.clock().advance(Duration.ofMillis(1500));
            assertEquals(1_500_000_000L, after.uptimeNanos() - before.uptimeNanos());
            assertEquals(250, after.hz());
            ClockReading jiffies = xen.clock().advanceJiffies(250);
            assertEquals(after.jiffies() + 250, jiffies.jiffies());
        }

        @Test
        void advanceInRealtimeModeIsEbusy() {
            try {
                assertEquals("realtime", xen.clock().realtime(2.0).mode());
                XenemuException e = assertThrows(XenemuException.class, () -> xen.clock().advance(Duration.ofSeconds(1)));
                assertEquals(409, e.status());
                assertEquals(Errno.EBUSY, e.errno());
            } finally {
                xen.clock().manual();
            }
        }
    }

    @Nested
    class Domains {
        @Test
        void createMemSetAdvanceAndTheGuestReachesItsTarget() {
            Domain d = newDomain(262144, 524288);
            assertEquals(262144, d.currentKiB());
            assertEquals("PV", d.type());
            assertTrue(xen.domains().list().stream().anyMatch(x -> x.domid() == d.domid()));

            xen.domains().memSet(d.domid(), 524288);
            xen.clock().advance(Duration.ofSeconds(2));

            assertEquals(524288, xen.guest(d.domid()).currentKiB());
            Domain after = xen.domains().get(d.domid());
            assertEquals(524288, after.currentKiB());
            assertEquals(524288, after.targetKiB());
            assertTrue(after.balloon().settled());
            assertEquals(Long.toString(524288), xen.xenstore().readString("/local/domain/" + d.domid() + "/memory/target"));
            xen.domains().destroy(d.domid());
        }

        @Test
        void memMaxBelowCurrentIsEinval() {
            Domain d = newDomain(131072, 131072);
            XenemuException e = assertThrows(XenemuException.class, () -> xen.domains().memMax(d.domid(), 4096));
            assertEquals(400, e.status());
            assertEquals(Errno.EINVAL, e.errno());
            xen.domains().memMax(d.domid(), 262144);
            assertEquals(262144, xen.domains().get(d.domid()).maxKiB());
            xen.domains().destroy(d.domid());
        }

        @Test
        void createWithKernelOptionsAndAnHvmGuest() {
            Domain d = xen.domains().create(DomainSpec.builder("it-hvm-" + NAMES.incrementAndGet(), 131072)
                    .staticMaxKiB(262144).hvm().videoramKiB(8192).homeNode(1)
                    .kernel(KernelOptions.defaults().withSwapKiB(65536).withTmem(true).withOvercommitMemory(1)).build());
            assertEquals("HVM", d.type());
            assertEquals(8192, d.videoramKiB());
            assertEquals(1, d.homeNode());
            assertEquals(65536, d.meminfo().swapTotalKiB());
            assertTrue(d.tokens().isEmpty(), "open mode hands out no tokens");
            xen.domains().destroy(d.domid());
        }

        @Test
        void errorsCarryStatusErrnoAndDetail() {
            Domain d = newDomain(65536, 65536);
            XenemuException taken = assertThrows(XenemuException.class,
                    () -> xen.domains().create(DomainSpec.builder(d.name(), 65536).build()));
            assertEquals(409, taken.status());
            assertEquals(Errno.EEXIST, taken.errno());
            assertEquals("EEXIST", taken.errnoName());
            assertTrue(taken.title().isPresent());
            assertEquals("/api/v1/domains", taken.instance().orElseThrow());

            XenemuException dom0 = assertThrows(XenemuException.class, () -> xen.domains().destroy(0));
            assertEquals(Errno.EBUSY, dom0.errno());

            xen.domains().destroy(d.domid());
            XenemuException gone = assertThrows(XenemuException.class, () -> xen.domains().get(d.domid()));
            assertEquals(404, gone.status());
            assertEquals(Errno.ENOENT, gone.errno());

            XenemuException invalid = assertThrows(XenemuException.class,
                    () -> xen.domains().create(DomainSpec.builder("bad-" + NAMES.incrementAndGet(), 0).build()));
            assertEquals(Errno.EINVAL, invalid.errno());
            assertEquals("memoryKiB", invalid.field().orElseThrow());
        }

        @Test
        void plannedResourcesAnswer404EnoentToday() {
            Domain d = newDomain(65536, 131072);
            XenemuException range = assertThrows(XenemuException.class,
                    () -> xen.domains().setDynamicRange(d.domid(), 65536, 131072));
            assertEquals(404, range.status());
            assertEquals(Errno.ENOENT, range.errno());
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> xen.balancer().get()).errno());
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> xen.snapshots().list()).errno());
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> xen.scenarios().list()).errno());
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> xen.reservations().list()).errno());
            xen.domains().destroy(d.domid());
        }
    }

    @Nested
    class HostResource {
        @Test
        void hostShowsNodesAndPressureIsHeld() {
            Host h = xen.host().get();
            assertEquals(2, h.nodes().size());
            assertEquals("nearest", h.allocationPolicy());
            assertEquals(List.of(10, 20), h.nodes().get(0).distances());
            assertEquals(65536, xen.host().setPressure(65536, 1).kib());
            assertEquals(65536, xen.host().get().nodes().get(1).pressureKiB());
            assertEquals(0, xen.host().setPressure(0).kib());
        }
    }

    @Nested
    class Guest {
        @Test
        void sysfsProcfsAndJsonViews() {
            Domain d = newDomain(262144, 262144);
            GuestApi g = xen.guest(d.domid());
            assertEquals("262144\n", g.balloonAttribute("target_kb"));
            g.writeBalloonAttribute("max_retry_count", "4\n");
            assertEquals("4\n", g.balloonAttribute("max_retry_count"));
            assertEquals(4, g.balloon().maxRetryCount());
            assertTrue(g.procMeminfo().startsWith("MemTotal:"));
            assertEquals(g.meminfo().memTotalKiB(), d.meminfo().memTotalKiB());
            assertEquals("0\n", g.sysctl("overcommit_memory"));
            g.writeSysctl("overcommit_memory", "2");
            assertEquals("2\n", g.sysctl("overcommit_memory"));

            SelfballoonView sb = g.patchSelfballoon(SelfballoonPatch.empty().selfballoonInterval(7));
            assertEquals(7, sb.selfballoonInterval());
            assertEquals("7\n", g.selfballoonTunable("selfballoon_interval"));
            g.writeSelfballoonTunable("selfballoon_interval", "5");
            assertEquals(5, g.selfballoon().selfballoonInterval());

            XenemuException user = assertThrows(XenemuException.class,
                    () -> xen.asGuestUser(d.domid()).guest(d.domid()).writeSysctl("overcommit_memory", "0"));
            assertEquals(403, user.status());
            assertEquals(Errno.EPERM, user.errno());
            XenemuException other = assertThrows(XenemuException.class, () -> xen.asDomain(d.domid()).guest(0).meminfo());
            assertEquals(Errno.EACCES, other.errno());
            xen.domains().destroy(d.domid());
        }

        @Test
        void workloadMapsTouchesForksAndExits() {
            Domain d = newDomain(262144, 262144);
            WorkloadApi w = xen.guest(d.domid()).workload();
            int pid = w.start("db");
            Mapped m = w.mmap(pid, MmapRequest.anonymous(8192));
            assertEquals(8192, m.chargeKiB());
            TouchReport t = w.touch(pid, m.id(), 4096);
            assertEquals(4096, t.residentKiB());
            w.brk(pid, 1024);
            w.mprotect(pid, m.id(), false);
            w.mremap(pid, m.id(), 16384);
            GuestProcess p = w.get(pid);
            assertEquals(1024, p.brkKiB());
            assertTrue(p.mappings().stream().anyMatch(x -> x.id() == m.id() && x.kib() == 16384 && !x.writable()));
            int child = w.fork(pid);
            assertEquals(2, w.list().size());
            w.munmap(pid, m.id());
            w.exit(child);
            w.exit(pid);
            assertEquals(List.of(), w.list());
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> w.get(pid)).errno());
            xen.domains().destroy(d.domid());
        }
    }

    @Nested
    class Xenstore {
        private final String base = "/it/" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();

        @Test
        void nodesChildrenTreeAndPerms() {
            XenstoreApi xs = xen.xenstore();
            xs.write(base + "/b", "2");
            xs.write(base + "/a", new byte[] {0, 1, 2});
            xs.mkdir(base + "/c");
            assertEquals(List.of("b", "a", "c"), xs.children(base));
            assertArrayEquals(new byte[] {0, 1, 2}, xs.read(base + "/a"));
            assertTrue(xs.readValue(base + "/a").value().isEmpty(), "binary: no text");
            assertEquals("2", xs.readValue(base + "/b").value().orElseThrow());
            XenstoreTree tree = xs.tree(base);
            assertEquals(List.of(Perm.none(0)), tree.perms());
            assertEquals("2", tree.child("b").orElseThrow().value().orElseThrow());
            xs.setPerms(base + "/b", Perm.none(0), Perm.read(5));
            assertEquals(List.of(Perm.none(0), Perm.read(5)), xs.getPerms(base + "/b"));
            assertEquals("2", xen.asDomain(5).xenstore().readString(base + "/b"));
            XenemuException denied = assertThrows(XenemuException.class,
                    () -> xen.asDomain(6).xenstore().readString(base + "/b"));
            assertEquals(403, denied.status());
            assertEquals(Errno.EACCES, denied.errno());
            xs.rm(base);
            assertTrue(xs.readIfExists(base + "/b").isEmpty());
            assertThrows(IllegalArgumentException.class, () -> xs.read("relative/path"));
        }

        @Test
        void transactionsAreIsolatedAndConflictsAreEagain() {
            XenstoreApi xs = xen.xenstore();
            xs.write(base + "/x", "a");
            try (XenstoreTransaction tx = xs.startTransaction()) {
                assertEquals("a", tx.readString(base + "/x"));
                tx.write(base + "/x", "b");
                assertEquals("a", xs.readString(base + "/x"));
                tx.commit();
            }
            assertEquals("b", xs.readString(base + "/x"));

            XenstoreTransaction conflicting = xs.startTransaction();
            conflicting.readString(base + "/x");
            xs.write(base + "/x", "c");
            conflicting.write(base + "/x", "d");
            XenemuException e = assertThrows(XenemuException.class, conflicting::commit);
            assertEquals(409, e.status());
            assertEquals(Errno.EAGAIN, e.errno());

            AtomicInteger attempts = new AtomicInteger();
            xs.inTransaction(tx -> {
                tx.readString(base + "/x");
                if (attempts.incrementAndGet() == 1) {
                    xs.write(base + "/x", "someone else");
                }
                tx.write(base + "/x", "mine");
            });
            assertEquals(2, attempts.get());
            assertEquals("mine", xs.readString(base + "/x"));
            xs.rm(base);
        }

        @Test
        void watchStreamsTheInitialEventThenChanges() {
            XenstoreApi xs = xen.xenstore();
            xs.mkdir(base);
            try (XenemuStream<WatchEvent> w = xs.watch(base, "tok")) {
                assertEquals(new WatchEvent(base, "tok"), w.poll(WAIT).orElseThrow());
                xs.write(base + "/k", "v");
                assertEquals(new WatchEvent(base + "/k", "tok"), w.poll(WAIT).orElseThrow());
                assertTrue(w.isOpen());
            }
            try (XenemuStream<WatchEvent> byPath = xs.watch(base)) {
                assertEquals(new WatchEvent(base, base), byPath.next(), "the token defaults to the path");
            }
            xs.rm(base);
        }

        @Test
        void aGuestsRelativeWatchGivesRelativePathsAndClosingReleasesIt() {
            Domain d = newDomain(65536, 131072);
            XenemuClient guest = xen.asDomain(d.domid());
            try (XenemuStream<WatchEvent> w = guest.xenstore().watch("memory/target")) {
                assertEquals("memory/target", w.next().path());
                xen.domains().memSet(d.domid(), 131072);
                assertEquals("memory/target", w.await(e -> true, WAIT).orElseThrow().path());
                long watches = xen.xenstore().quota(d.domid()).usage().get("watches");
                assertTrue(watches >= 2, "the balloon driver's and this stream's: " + watches);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                    () -> xen.xenstore().quota(d.domid()).usage().get("watches") == 1);
            xen.domains().destroy(d.domid());
        }

        @Test
        void aBadPathIsEinvalAndAMissingNodeEnoent() {
            XenemuException missing = assertThrows(XenemuException.class, () -> xen.xenstore().read(base + "/none"));
            assertEquals(404, missing.status());
            assertEquals(Errno.ENOENT, missing.errno());
            XenemuException bad = assertThrows(XenemuException.class, () -> xen.xenstore().read("/a b"));
            assertEquals(400, bad.status());
            assertEquals(Errno.EINVAL, bad.errno());
        }
    }

    @Nested
    class Events {
        @Test
        void aLiveStreamSeesADomainBeingCreatedAndTheHistoryPagesIt() {
            long last = xen.events().page(0, 1).lastSeq();
            try (XenemuStream<Event> live = xen.events().stream()) {
                Domain d = newDomain(65536, 65536);
                Event created = live.await(e -> e.is("DomainCreated", d.domid()), WAIT).orElseThrow();
                assertEquals(d.name(), created.text("name").orElseThrow());
                assertEquals(65536, created.longValue("memoryKiB").orElseThrow());

                EventPage page = xen.events().page(last, 100);
                assertTrue(page.events().stream().anyMatch(e -> e.seq() == created.seq()));
                try (XenemuStream<Event> replay = xen.events().streamAfter(last)) {
                    assertEquals(page.events().get(0).seq(), replay.next().seq(), "the backlog comes first, in order");
                }
                xen.domains().destroy(d.domid());
                live.await(e -> e.is("DomainDestroyed", d.domid()), WAIT).orElseThrow();
            }
        }

        @Test
        void eventsAreDom0s() {
            XenemuException e = assertThrows(XenemuException.class, () -> xen.asDomain(3).events().page(0, 10));
            assertEquals(Errno.EACCES, e.errno());
            XenemuException stream = assertThrows(XenemuException.class, () -> xen.asDomain(3).events().stream());
            assertEquals(403, stream.status());
            assertFalse(stream.errnoName().isEmpty());
        }
    }
}
