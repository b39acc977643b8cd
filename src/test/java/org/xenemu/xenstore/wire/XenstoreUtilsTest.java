package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xenemu.xenstore.wire.RealClients.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's xenstore-utils (libxenstore) against the socket: what an administrator types. */
class XenstoreUtilsTest {
    @TempDir
    Path runDir;
    RealStoreFixture xs;
    Path dom0;

    @BeforeEach
    void start() {
        RealClients.assumeXenstoreUtils();
        xs = new RealStoreFixture(runDir);
        dom0 = xs.dom0Socket();
    }

    @AfterEach
    void stop() {
        if (xs != null) {
            xs.close();
        }
    }

    @Nested
    class OnTheDom0Socket {
        @Test
        void writeThenReadRoundTripsAndMissingKeyExitsOne() throws Exception {
            assertThat(run(dom0, "xenstore-write", "/vm/a", "hello").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-read", "/vm/a").stdout()).isEqualTo("hello\n");
            RealClients.Result missing = run(dom0, "xenstore-read", "/vm/nope");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).contains("couldn't read path /vm/nope");
        }

        @Test
        void severalKeysAreReadAndWrittenInATransaction() throws Exception {
            assertThat(run(dom0, "xenstore-write", "/m/a", "1", "/m/b", "2").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-read", "/m/a", "/m/b").stdout()).isEqualTo("1\n2\n");
        }

        @Test
        void relativePathsLiveUnderDomainZero() throws Exception {
            assertThat(run(dom0, "xenstore-write", "rel", "x").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-read", "/local/domain/0/rel").stdout()).isEqualTo("x\n");
            assertThat(run(dom0, "xenstore-read", "name").stdout()).isEqualTo("Domain-0\n");
        }

        @Test
        void valuesAreEscapedByTheTools() throws Exception {
            run(dom0, "xenstore-write", "/esc", "a\\001b\\\\c");
            assertThat(xs.admin.read(0, "/esc")).containsExactly('a', 1, 'b', '\\', 'c');
            assertThat(run(dom0, "xenstore-read", "/esc").stdout()).isEqualTo("a\\001b\\\\c\n");
        }

        @Test
        void lsWithPermissionsWalksTheTree() throws Exception {
            run(dom0, "xenstore-write", "/t/x", "1", "/t/y", "2");
            run(dom0, "xenstore-chmod", "/t/y", "n0", "r5");
            RealClients.Result ls = run(dom0, "xenstore-ls", "-p", "/t");
            assertThat(ls.exitCode()).isZero();
            assertThat(ls.stdout().lines().map(String::strip))
                .anyMatch(l -> l.startsWith("x = \"1\"") && l.endsWith("(n0)"))
                .anyMatch(l -> l.startsWith("y = \"2\"") && l.endsWith("(n0,r5)"));
        }

        @Test
        void listAndExists() throws Exception {
            run(dom0, "xenstore-write", "/l/one", "", "/l/two", "");
            assertThat(run(dom0, "xenstore-list", "/l").stdout()).isEqualTo("one\ntwo\n");
            assertThat(run(dom0, "xenstore-exists", "/l/one").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-exists", "/l/three").exitCode()).isEqualTo(1);
        }

        @Test
        void rmRemovesSubtreeAndMinusTPrunesEmptyParents() throws Exception {
            run(dom0, "xenstore-write", "/r/a/b/c", "1", "/r/keep", "k");
            assertThat(run(dom0, "xenstore-rm", "/r/a/b").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-list", "/r/a").stdout()).isEmpty();
            run(dom0, "xenstore-write", "/p/q/s", "1");
            assertThat(run(dom0, "xenstore-rm", "-t", "/p/q/s").exitCode()).isZero();
            assertThat(run(dom0, "xenstore-exists", "/p").exitCode()).isEqualTo(1);
            assertThat(run(dom0, "xenstore-rm", "/nope/x").exitCode()).isEqualTo(1);
        }

        @Test
        void listOfMoreThan4096BytesFallsBackToDirectoryPart() throws Exception {
            for (int i = 0; i < 300; i++) {
                xs.admin.write(0, String.format("/big/child-with-a-long-name-%04d", i), new byte[0]);
            }
            try (WireTestClient raw = new WireTestClient(dom0)) {
                assertThat(WireTestClient.s(raw.call(XsType.DIRECTORY, 0, "/big\0").payload())).isEqualTo("E2BIG\0");
            }
            RealClients.Result list = run(dom0, "xenstore-list", "/big");
            assertThat(list.exitCode()).isZero();
            assertThat(list.stdout().lines()).hasSize(300)
                .startsWith("child-with-a-long-name-0000").endsWith("child-with-a-long-name-0299");
        }

        @Test
        void xenstoreControlHelpAndQuota() throws Exception {
            Path control = RealClients.assumeXenstoreControl();
            RealClients.Result help = run(dom0, control.toString(), "help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.stdout()).contains("help", "quota");
            RealClients.Result quota = run(dom0, control.toString(), "quota");
            assertThat(quota.exitCode()).isZero();
            assertThat(quota.stdout()).contains("nodes", "watches", "transactions");
        }

        @Test
        void chmodRecursive() throws Exception {
            run(dom0, "xenstore-write", "/c/d/e", "1");
            assertThat(run(dom0, "xenstore-chmod", "-r", "/c", "b3").exitCode()).isZero();
            assertThat(xs.admin.getPerms(0, "/c/d/e")).containsExactly("b3");
            assertThat(xs.admin.getPerms(0, "/c")).containsExactly("b3");
        }

        @Test
        void watchPrintsTheInitialEventThenChanges() throws Exception {
            Process watch = RealClients.start(dom0, "xenstore-watch", "-n", "2", "/w");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("/w"); // the initial event counts toward -n
                assertThat(run(dom0, "xenstore-write", "/w/x", "1").exitCode()).isZero();
                assertThat(out.readLine()).isEqualTo("/w/x");
                assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(watch.exitValue()).isZero();
            } finally {
                watch.destroyForcibly();
            }
        }
    }

    @Nested
    class OnAGuestSocket {
        Path guest;

        @BeforeEach
        void createGuest() {
            guest = xs.createGuest(7, "guest7");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(guest));
        }

        @Test
        void guestReadsAndWritesItsOwnHomeWithRelativePaths() throws Exception {
            assertThat(run(guest, "xenstore-read", "name").stdout()).isEqualTo("guest7\n");
            assertThat(run(guest, "xenstore-write", "data/ip", "10.0.0.7").exitCode()).isZero();
            assertThat(xs.admin.read(0, "/local/domain/7/data/ip")).isEqualTo("10.0.0.7".getBytes());
            assertThat(run(guest, "xenstore-list", "/local/domain/7").stdout()).contains("name", "domid", "data");
        }

        @Test
        void guestIsRefusedDom0sNodes() throws Exception {
            RealClients.Result read = run(guest, "xenstore-read", "/local/domain/0/name");
            assertThat(read.exitCode()).isEqualTo(1);
            assertThat(run(guest, "xenstore-write", "/local/domain/0/evil", "1").exitCode()).isEqualTo(1);
            assertThat(run(guest, "xenstore-rm", "/local/domain/0/name").exitCode()).isEqualTo(1);
            assertThat(run(guest, "xenstore-chmod", "/local/domain/0", "b7").exitCode()).isEqualTo(1);
            assertThat(run(guest, "xenstore-exists", "/local/domain/0/name").exitCode()).isEqualTo(1);
            assertThat(xs.admin.read(0, "/local/domain/0/name")).isEqualTo("Domain-0".getBytes());
        }

        @Test
        void guestWatchOnARelativePathGetsRelativeEventsLikeTheBalloonDriver() throws Exception {
            Process watch = RealClients.start(guest, "xenstore-watch", "-n", "2", "memory/target");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("memory/target");
                assertThat(run(dom0, "xenstore-write", "/local/domain/7/memory/target", "524288").exitCode()).isZero();
                assertThat(out.readLine()).isEqualTo("memory/target");
                assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                watch.destroyForcibly();
            }
            assertThat(run(guest, "xenstore-read", "memory/target").stdout()).isEqualTo("524288\n");
        }

        @Test
        void guestSocketDisappearsWhenTheDomainIsReleased() throws Exception {
            xs.admin.release(7);
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(guest));
            assertThat(run(guest, "xenstore-read", "name").exitCode()).isEqualTo(1);
        }
    }
}
