package org.xenemu.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.xenemu.client.Errno;
import org.xenemu.client.XenemuClient;
import org.xenemu.client.XenemuException;
import org.xenemu.client.model.ClockReading;
import org.xenemu.client.model.Domain;
import org.xenemu.client.model.DomainSpec;
import org.xenemu.client.xs.XsClient;
import org.xenemu.client.xs.XsWatch;

/**
 * XenemuContainer against the image (XENEMU_IMAGE, default xenemu:local): waits on health, runs in
 * token mode with the configured admin token, passes host memory and the manual clock, exposes the
 * xenstored sockets on the host, and its client and clock drive the balloon driver.
 */
@Testcontainers(disabledWithoutDocker = true)
class XenemuContainerIT {
    private static final String TOKEN = "it-admin-token-0123456789";
    private static Path runDir;
    private static XenemuContainer xen;

    @BeforeAll
    static void start() throws IOException {
        runDir = Files.createTempDirectory(Path.of("/tmp"), "xtc");
        xen = new XenemuContainer(XenemuImage.name())
                .withManualClock()
                .withAdminToken(TOKEN)
                .withHostMemoryKiB(8L << 20)
                .withRunDirOnHost(runDir);
        xen.start();
    }

    @AfterAll
    static void stop() {
        if (xen != null) {
            xen.stop();
        }
    }

    @Test
    void healthIsUpAndTheOptionsReachedTheService() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(xen.getBaseUrl() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals(TOKEN, xen.getAdminToken());
        assertEquals(8L << 20, xen.client().host().get().totalKiB());
        assertTrue(xen.client().clock().get().manual());
    }

    @Test
    void requestsWithoutTheTokenAre401() {
        XenemuException e = assertThrows(XenemuException.class,
                () -> XenemuClient.of(xen.getBaseUrl()).clock().get());
        assertEquals(401, e.status());
        assertEquals(Errno.EACCES, e.errno());
    }

    @Test
    void advanceMovesTheManualClock() {
        ClockReading before = xen.client().clock().get();
        ClockReading after = xen.advance(Duration.ofSeconds(3));
        assertEquals(3_000_000_000L, after.uptimeNanos() - before.uptimeNanos());
    }

    @Test
    void aTargetWrittenOverTheHostSocketIsReachedAsTheClockMoves() {
        Domain d = xen.client().domains().create(DomainSpec.builder("tc-web", 262144).staticMaxKiB(524288).build());
        assertTrue(d.tokens().isPresent(), "token mode hands out the domain's tokens");
        assertTrue(Files.exists(xen.getXenstoredPath()));
        try (XsClient xs = xen.xsClient()) {
            String target = xs.getDomainPath(d.domid()) + "/memory/target";
            try (XsWatch w = xs.watch(target)) {
                assertEquals(target, w.next().path());
                xs.write(target, "524288");
                assertEquals(target, w.poll(Duration.ofSeconds(10)).orElseThrow().path());
            }
        }
        xen.advance(Duration.ofSeconds(2));
        assertEquals(524288, xen.client().guest(d.domid()).currentKiB());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(xen.getGuestXenstoredPath(d.domid())));
        try (XsClient guest = XsClient.connect(xen.getGuestXenstoredPath(d.domid()))) {
            assertEquals("tc-web", guest.readString("name"));
        }
        xen.client().domains().destroy(d.domid());
    }

    @Test
    void aRunDirOfAnOrdinaryUserMakesTheContainerRunAsThatUser() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "xtu");
        try {
            Files.setAttribute(dir, "unix:uid", 1000);
            Files.setAttribute(dir, "unix:gid", 1000);
        } catch (IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give " + dir + " to uid 1000 here: " + e);
        }
        try (XenemuContainer mine = new XenemuContainer(XenemuImage.name()).withRunDirOnHost(dir)) {
            mine.start();
            assertEquals("1000", mine.execInContainer("id", "-u").getStdout().trim());
            assertEquals(1000, Files.getAttribute(mine.getXenstoredPath(), "unix:uid"),
                    "the sockets belong to the directory's owner, who may connect to them");
            try (XsClient xs = mine.xsClient()) {
                assertEquals("Domain-0", xs.readString("/local/domain/0/name"));
            }
        }
    }

    @Test
    void aSnapshotGivenAtStartIsRestored() throws IOException {
        Path file;
        try (XenemuContainer first = new XenemuContainer(XenemuImage.name()).withManualClock()) {
            first.start();
            first.client().domains().create(DomainSpec.builder("from-snapshot", 65536).build());
            first.advance(Duration.ofSeconds(5));
            first.client().snapshots().save("baseline");
            file = Files.createTempFile("xenemu", ".snapshot");
            first.client().snapshots().download("baseline", file);
        }
        try (XenemuContainer restored = new XenemuContainer(XenemuImage.name()).withSnapshot(file)) {
            restored.start();
            assertTrue(restored.client().domains().list().stream().anyMatch(x -> x.name().equals("from-snapshot")));
            assertTrue(restored.client().clock().get().manual());
            assertTrue(restored.client().clock().get().uptime().compareTo(Duration.ofSeconds(5)) >= 0);
        }
    }
}
