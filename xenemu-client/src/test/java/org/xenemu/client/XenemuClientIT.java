package org.xenemu.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.client.model.Balancer;
import org.xenemu.client.model.BalancerSettings;
import org.xenemu.client.model.BalloonFault;
import org.xenemu.client.model.BalloonView;
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
import org.xenemu.client.model.Reservation;
import org.xenemu.client.model.ReservationRequest;
import org.xenemu.client.model.Scenario;
import org.xenemu.client.model.SelfballoonPatch;
import org.xenemu.client.model.Snapshot;
import org.xenemu.client.model.SelfballoonView;
import org.xenemu.client.model.TouchReport;
import org.xenemu.client.model.WatchEvent;
import org.xenemu.client.model.XenstoreTree;
import org.xenemu.client.support.XenemuJar;

/**
 * XenemuClient against the packaged service ({@link XenemuJar}: open mode, manual clock): every
 * resource the service serves (the toolstack's balancer, reservations, dynamic ranges and balloon
 * faults, scenarios and snapshots included), the mapping of problem+json to {@link XenemuException}, and the
 * watch and event streams, snapshots. Tests run one after the other on one service: a test that
 * switches the balancer on switches it off again, a restore brings back a host saved in the same test.
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

    }

    /** Snapshots (docs/snapshots.md): the whole host saved, downloaded, uploaded and restored exactly. */
    @Nested
    class Snapshots {
        @Test
        void aRestoreBringsTheSavedHostBackAndTheFileRoundTrips() {
            String name = "it-base-" + NAMES.incrementAndGet();
            Domain kept = newDomain(131072, 262144);
            Snapshot saved = xen.snapshots().save(name);
            assertEquals(name, saved.name());
            assertTrue(saved.bytes() > 0);
            long jiffies = xen.clock().get().jiffies();
            assertEquals(jiffies, saved.jiffies().orElseThrow());
            Snapshot listed = xen.snapshots().list().stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow();
            assertEquals(saved.bytes(), listed.bytes());
            assertEquals(1, listed.formatVersion().orElseThrow());
            assertTrue(listed.error().isEmpty());
            String copy = name + "-copy";
            try {
                Domain later = newDomain(65536, 65536);
                xen.domains().memSet(kept.domid(), 262144);
                xen.clock().advance(Duration.ofSeconds(2));

                xen.snapshots().restore(name);
                assertEquals(jiffies, xen.clock().get().jiffies());
                assertTrue(xen.clock().get().manual());
                assertEquals(131072, xen.domains().get(kept.domid()).currentKiB(), "the saved guest, as it was");
                XenemuException gone = assertThrows(XenemuException.class, () -> xen.domains().get(later.domid()));
                assertEquals(Errno.ENOENT, gone.errno());

                byte[] file = xen.snapshots().download(name);
                assertEquals(saved.bytes(), file.length);
                assertTrue(new String(file, 0, 18, java.nio.charset.StandardCharsets.US_ASCII)
                        .startsWith("xenemu-snapshot 1\n"));
                Snapshot uploaded = xen.snapshots().upload(copy, file);
                assertEquals(copy, uploaded.name());
                assertEquals(jiffies, uploaded.jiffies().orElseThrow());
            } finally {
                xen.snapshots().delete(name);
                try {
                    xen.snapshots().delete(copy);
                } catch (XenemuException e) {
                    // not uploaded
                }
                xen.domains().destroy(kept.domid());
            }
            assertEquals(Errno.ENOENT, assertThrows(XenemuException.class, () -> xen.snapshots().download(name))
                    .errno());
        }

        @Test
        void refusalsAreErrnosAndChangeNothing() {
            String name = "it-refusals-" + NAMES.incrementAndGet();
            xen.snapshots().save(name);
            try {
                XenemuException taken = assertThrows(XenemuException.class, () -> xen.snapshots().save(name));
                assertEquals(409, taken.status());
                assertEquals(Errno.EEXIST, taken.errno());
                XenemuException badName = assertThrows(XenemuException.class, () -> xen.snapshots().save("-x y"));
                assertEquals(400, badName.status());
                assertEquals(Errno.EINVAL, badName.errno());
                XenemuException junk = assertThrows(XenemuException.class, () -> xen.snapshots().upload(name + "-junk",
                        "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertEquals(400, junk.status());
                assertEquals(Errno.EINVAL, junk.errno());
                assertTrue(junk.detail().orElseThrow().contains("not a xenemu snapshot"), junk.detail().orElseThrow());
                assertTrue(xen.snapshots().list().stream().noneMatch(s -> s.name().equals(name + "-junk")));
                XenemuException unknown = assertThrows(XenemuException.class,
                        () -> xen.snapshots().restore("it-no-such-snapshot"));
                assertEquals(404, unknown.status());
                assertEquals(Errno.ENOENT, unknown.errno());
            } finally {
                xen.snapshots().delete(name);
            }
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

    /** The toolstack's memory policy (docs/toolstack.md): balancer, reservations, dynamic ranges, balloon faults. */
    @Nested
    class Toolstack {
        @Test
        void balancerPolicyAndOptionsAreSetReadAndBadValuesChangeNothing() {
            Balancer before = xen.balancer().get();
            assertEquals("none", before.policy(), "the default decides nothing");
            assertEquals(10, before.intervalSeconds());
            assertEquals(73728, before.hostFreeTargetKiB());
            try {
                Balancer squeezed = xen.balancer().set(BalancerSettings.policy("squeezed").intervalSeconds(5));
                assertEquals("squeezed", squeezed.policy());
                assertEquals(5, squeezed.intervalSeconds());
                Balancer option = xen.balancer().set(BalancerSettings.unchanged().hostFreeTargetKiB(81920));
                assertEquals("squeezed", option.policy(), "a member left out stays");
                assertEquals(81920, option.hostFreeTargetKiB());

                XenemuException policy = assertThrows(XenemuException.class,
                        () -> xen.balancer().set(BalancerSettings.policy("greedy")));
                assertEquals(400, policy.status());
                assertEquals(Errno.EINVAL, policy.errno());
                assertEquals("policy", policy.field().orElseThrow());
                XenemuException interval = assertThrows(XenemuException.class,
                        () -> xen.balancer().set(BalancerSettings.policy("none").intervalSeconds(0)));
                assertEquals(Errno.EINVAL, interval.errno());
                assertEquals("intervalSeconds", interval.field().orElseThrow());
                Balancer after = xen.balancer().get();
                assertEquals("squeezed", after.policy(), "a refused request changes nothing");
                assertEquals(5, after.intervalSeconds());
            } finally {
                xen.balancer().set(BalancerSettings.policy("none").intervalSeconds(before.intervalSeconds())
                        .hostFreeTargetKiB(before.hostFreeTargetKiB()));
            }
        }

        @Test
        void aReservationOnAFullHostBecomesReadyAsSqueezedShrinksAGuestAndADomainIsBuiltFromIt() {
            Domain guest = xen.domains().create(DomainSpec.builder("it-squeezable-" + NAMES.incrementAndGet(), 1048576)
                    .dynamicRange(262144, 1048576).build());
            long free = xen.host().get().freeKiB();
            xen.host().setPressure(free - 262144);
            Domain built = null;
            try {
                assertEquals(262144, xen.host().get().freeKiB(), "the host is full: 256 MiB free");
                xen.balancer().set(BalancerSettings.policy("squeezed"));
                Reservation r = xen.reservations().create(ReservationRequest.of(524288));
                assertTrue(r.pending(), r.toString());
                assertEquals(524288, r.kib().orElseThrow());
                assertTrue(xen.reservations().list().stream().anyMatch(x -> x.id().equals(r.id())));
                XenemuException early = assertThrows(XenemuException.class, () -> xen.domains().create(
                        DomainSpec.builder("it-early-" + NAMES.incrementAndGet(), 524288).reservation(r.id()).build()));
                assertEquals(409, early.status());
                assertEquals(Errno.EBUSY, early.errno(), "building from a pending reservation");

                Reservation settled = r;
                for (int s = 0; s < 120 && settled.pending(); s++) {
                    xen.clock().advance(Duration.ofSeconds(1));
                    settled = xen.reservations().get(r.id());
                }
                assertTrue(settled.ready(), settled.toString());
                assertTrue(settled.settledJiffies().isPresent());
                assertEquals(524288, xen.host().get().reservedKiB().orElseThrow());
                assertTrue(xen.domains().get(guest.domid()).currentKiB() < 1048576, "squeezed took it from the guest");
                assertTrue(xen.balancer().get().last().isPresent());

                built = xen.domains().create(DomainSpec.builder("it-reserved-" + NAMES.incrementAndGet(), 524288)
                        .reservation(r.id()).build());
                assertEquals(524288, built.currentKiB());
                Reservation used = xen.reservations().get(r.id());
                assertTrue(used.transferred(), used.toString());
                assertEquals(built.domid(), used.domid().orElseThrow());
                assertEquals(0, xen.host().get().reservedKiB().orElse(0));
                int domid = built.domid();
                XenemuException again = assertThrows(XenemuException.class, () -> xen.domains().create(
                        DomainSpec.builder("it-again-" + NAMES.incrementAndGet(), 524288).reservation(r.id()).build()));
                assertEquals(Errno.EBUSY, again.errno(), "a reservation is used once");
                assertEquals(domid, xen.domains().get(domid).domid());
            } finally {
                xen.balancer().set(BalancerSettings.policy("none"));
                xen.host().setPressure(0);
                if (built != null) {
                    xen.domains().destroy(built.domid());
                }
                xen.domains().destroy(guest.domid());
            }
        }

        @Test
        void reservationErrorsAreErrnos() {
            XenemuException unknown = assertThrows(XenemuException.class, () -> xen.reservations().get("no-such"));
            assertEquals(404, unknown.status());
            assertEquals(Errno.ENOENT, unknown.errno());
            XenemuException negative = assertThrows(XenemuException.class,
                    () -> xen.reservations().create(ReservationRequest.of(-1)));
            assertEquals(400, negative.status());
            assertEquals(Errno.EINVAL, negative.errno());
            assertEquals("kib", negative.field().orElseThrow());
            XenemuException build = assertThrows(XenemuException.class, () -> xen.domains().create(
                    DomainSpec.builder("it-nores-" + NAMES.incrementAndGet(), 65536).reservation("no-such").build()));
            assertEquals(Errno.ENOENT, build.errno());
        }

        @Test
        void aReservationTooBigForTheHostFails() {
            long total = xen.host().get().totalKiB();
            Reservation r = xen.reservations().create(ReservationRequest.of(total));
            Reservation settled = r;
            for (int s = 0; s < 30 && settled.pending(); s++) {
                xen.clock().advance(Duration.ofSeconds(1));
                settled = xen.reservations().get(r.id());
            }
            assertTrue(settled.failed(), settled.toString());
            assertEquals("ENOMEM", settled.errno().orElseThrow());
            assertEquals("cannot-free", settled.reason().orElseThrow());
            XenemuException build = assertThrows(XenemuException.class, () -> xen.domains().create(
                    DomainSpec.builder("it-failed-" + NAMES.incrementAndGet(), 65536).reservation(r.id()).build()));
            assertEquals(400, build.status());
            assertEquals(Errno.EINVAL, build.errno(), "building from a failed reservation");
        }

        @Test
        void aReleasedReservationGivesItsMemoryBack() {
            long free = xen.host().get().freeKiB();
            Reservation r = xen.reservations().create(ReservationRequest.range(65536, 131072));
            assertEquals(65536, r.minKiB().orElseThrow());
            xen.clock().advance(Duration.ofSeconds(1));
            Reservation ready = xen.reservations().get(r.id());
            assertTrue(ready.ready(), ready.toString());
            assertTrue(xen.host().get().freeKiB() < free);
            xen.reservations().release(r.id());
            assertEquals(free, xen.host().get().freeKiB());
        }

        @Test
        void dynamicRangeIsWrittenToXenstoreAndShownAndBadRangesChangeNothing() {
            Domain d = newDomain(262144, 524288);
            try {
                xen.domains().setDynamicRange(d.domid(), 131072, 524288);
                Domain after = xen.domains().get(d.domid());
                assertEquals(131072, after.dynamicMinKiB().orElseThrow());
                assertEquals(524288, after.dynamicMaxKiB().orElseThrow());
                String home = "/local/domain/" + d.domid() + "/memory/";
                assertEquals("131072", xen.xenstore().readString(home + "dynamic-min"));
                assertEquals("524288", xen.xenstore().readString(home + "dynamic-max"));

                XenemuException inverted = assertThrows(XenemuException.class,
                        () -> xen.domains().setDynamicRange(d.domid(), 524288, 131072));
                assertEquals(400, inverted.status());
                assertEquals(Errno.EINVAL, inverted.errno());
                XenemuException aboveStaticMax = assertThrows(XenemuException.class,
                        () -> xen.domains().setDynamicRange(d.domid(), 131072, 1048576));
                assertEquals(Errno.EINVAL, aboveStaticMax.errno());
                XenemuException zero = assertThrows(XenemuException.class,
                        () -> xen.domains().setDynamicRange(d.domid(), 0, 131072));
                assertEquals(Errno.EINVAL, zero.errno());
                assertEquals("minKiB", zero.field().orElseThrow());
                assertEquals("131072", xen.xenstore().readString(home + "dynamic-min"), "nothing changed");
                assertEquals(Errno.ENOENT, assertThrows(XenemuException.class,
                        () -> xen.domains().setDynamicRange(31999, 131072, 262144)).errno());
            } finally {
                xen.domains().destroy(d.domid());
            }
            Domain created = xen.domains().create(DomainSpec.builder("it-range-" + NAMES.incrementAndGet(), 262144)
                    .staticMaxKiB(524288).dynamicRange(196608, 393216).build());
            try {
                assertEquals("196608", xen.xenstore().readString("/local/domain/" + created.domid()
                        + "/memory/dynamic-min"));
                assertEquals(393216, xen.domains().get(created.domid()).dynamicMaxKiB().orElseThrow());
            } finally {
                xen.domains().destroy(created.domid());
            }
        }

        @Test
        void balloonFaultsMakeTheDriverStuckOrSlowAndNoneHealsIt() {
            Domain d = newDomain(262144, 524288);
            try {
                BalloonView stuck = xen.domains().setBalloonFault(d.domid(), BalloonFault.stuck());
                assertEquals("stuck", stuck.fault().orElseThrow().mode());
                assertEquals("stuck", xen.guest(d.domid()).balloon().fault().orElseThrow().mode());
                xen.domains().memSet(d.domid(), 524288);
                xen.clock().advance(Duration.ofSeconds(5));
                assertEquals(262144, xen.guest(d.domid()).currentKiB(), "a stuck driver ignores its target");

                BalloonView healed = xen.domains().setBalloonFault(d.domid(), BalloonFault.none());
                assertEquals("none", healed.fault().orElseThrow().mode());
                xen.clock().advance(Duration.ofSeconds(5));
                assertEquals(524288, xen.guest(d.domid()).currentKiB());

                xen.domains().setBalloonFault(d.domid(), BalloonFault.none().withRateKiBPerSecond(65536));
                xen.domains().memSet(d.domid(), 262144);
                xen.clock().advance(Duration.ofSeconds(1));
                long current = xen.guest(d.domid()).currentKiB();
                assertTrue(current > 262144 && current < 524288, "a finite rate: " + current);

                BalloonView intermittent = xen.domains().setBalloonFault(d.domid(),
                        BalloonFault.intermittent(Duration.ofMillis(2500)).withFloorKiB(196608));
                assertEquals(new BigDecimal("2.5"), intermittent.fault().orElseThrow().periodSeconds());
                assertEquals(196608L, intermittent.fault().orElseThrow().floorKiB());

                XenemuException noPeriod = assertThrows(XenemuException.class, () -> xen.domains()
                        .setBalloonFault(d.domid(), new BalloonFault("intermittent", null, null, null, null)));
                assertEquals(400, noPeriod.status());
                assertEquals(Errno.EINVAL, noPeriod.errno());
                XenemuException mode = assertThrows(XenemuException.class, () -> xen.domains()
                        .setBalloonFault(d.domid(), new BalloonFault("broken", null, null, null, null)));
                assertEquals(Errno.EINVAL, mode.errno());
                assertEquals("mode", mode.field().orElseThrow());
                assertEquals("intermittent", xen.guest(d.domid()).balloon().fault().orElseThrow().mode(),
                        "a refused fault changes nothing");
            } finally {
                xen.domains().destroy(d.domid());
            }
        }
    }

    /** Scenario runs (docs/scenarios.md "Running it"): on private hosts, never the live one. */
    @Nested
    class Scenarios {
        private static final String DOC = """
                name: client-it
                seed: 5
                duration: 30m
                sample: 60s
                host: {memoryKiB: 2097152}
                domains:
                  - name: web
                    count: 2
                    memoryKiB: 262144
                    staticMaxKiB: 524288
                    workload:
                      - {kind: constant, kib: 100000}
                actions:
                  - {at: 10m, op: mem-set, domain: web-1, kib: 393216}
                """;

        @Test
        void aSubmittedDocumentRunsToDoneAndItsSeriesSummaryAndReportAreRead() {
            int domainsBefore = xen.domains().list().size();
            Scenario submitted = xen.scenarios().submitYaml(DOC);
            assertFalse(submitted.id().isBlank());
            Scenario done = xen.scenarios().await(submitted.id(), Duration.ofSeconds(120));
            assertEquals("done", done.state(), done.toString());
            assertEquals("client-it", done.name());
            assertEquals(1.0, done.progress());
            assertEquals(1800.0, done.virtualSeconds());
            assertTrue(xen.scenarios().list().stream().anyMatch(s -> s.id().equals(done.id())));

            String csv = xen.scenarios().seriesCsv(done.id());
            assertTrue(csv.lines().count() > 30, csv);
            assertTrue(csv.contains("web-1"), csv);
            assertTrue(xen.scenarios().seriesJson(done.id()).contains("\"client-it\""));
            assertFalse(xen.scenarios().summary(done.id()).isEmpty());
            assertTrue(xen.scenarios().reportHtml(done.id()).contains("<html"));
            assertEquals(domainsBefore, xen.domains().list().size(), "the live host is untouched");

            xen.scenarios().delete(done.id());
            XenemuException gone = assertThrows(XenemuException.class, () -> xen.scenarios().get(done.id()));
            assertEquals(404, gone.status());
            assertEquals(Errno.ENOENT, gone.errno());
        }

        @Test
        void anInvalidDocumentIsEinvalNamingTheField() {
            XenemuException e = assertThrows(XenemuException.class,
                    () -> xen.scenarios().submitJson("{\"name\": \"bad\", \"duration\": \"60\"}"));
            assertEquals(400, e.status());
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("duration", e.field().orElseThrow());
            assertTrue(e.detail().orElseThrow().startsWith("duration"), e.detail().orElseThrow());
        }

        @Test
        void theOutputsOfARunningScenarioAreEbusyAndDeletingCancelsIt() {
            Scenario s = xen.scenarios().submitYaml("""
                    name: client-it-long
                    duration: 366d
                    host: {memoryKiB: 2097152}
                    domains:
                      - {name: web, memoryKiB: 262144, workload: [{kind: random-walk, kib: 65536, stepKiB: 4096, every: 1s}]}
                    """);
            try {
                XenemuException busy = assertThrows(XenemuException.class, () -> xen.scenarios().summary(s.id()));
                assertEquals(409, busy.status());
                assertEquals(Errno.EBUSY, busy.errno());
            } finally {
                xen.scenarios().delete(s.id());
            }
            Scenario cancelled = xen.scenarios().await(s.id(), Duration.ofSeconds(30));
            assertEquals("cancelled", cancelled.state());
            xen.scenarios().delete(s.id());
        }
    }
}
