package org.xenemu.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.client.model.Balancer;
import org.xenemu.client.model.BalancerSettings;
import org.xenemu.client.model.BalloonFault;
import org.xenemu.client.model.DomainSpec;
import org.xenemu.client.model.Reservation;
import org.xenemu.client.model.ReservationRequest;
import org.xenemu.client.model.Scenario;
import org.xenemu.client.model.Snapshot;
import org.xenemu.client.model.WatchEvent;

/**
 * The requests XenemuClient builds, against a JDK HttpServer stub: the exact bodies of the
 * resources added after 0.1.0 (balancer, reservations, dynamic range, balloon faults, scenarios,
 * snapshots; {@code XenemuClientIT} runs them against the service) and what a real server cannot
 * show (credentials headers, URL encoding, tolerant reading, odd error bodies, stream framing).
 */
class XenemuClientRequestTest {
    private StubServer stub;
    private XenemuClient xen;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        xen = stub.client();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Nested
    class NewerResources {
        @Test
        void balancerPutsThePolicyWithItsOptionsAndReadsATolerantView() {
            stub.on("PUT /api/v1/host/balancer", 200, "application/json", "{\"policy\":\"squeezed\",\"intervalSeconds\":10,"
                    + "\"hostFreeTargetKiB\":73728,\"last\":{\"jiffies\":2500,\"gamma\":0.5,\"targets\":{\"1\":262144},"
                    + "\"stuck\":[2],\"uncooperative\":[],\"outcome\":\"balanced\",\"newer\":true},\"fromTheFuture\":[1]}");
            Balancer b = xen.balancer().set(BalancerSettings.policy("squeezed").intervalSeconds(10));
            assertEquals("PUT", stub.last().method());
            assertEquals("{\"policy\":\"squeezed\",\"intervalSeconds\":10}", stub.last().text());
            assertEquals("application/json", stub.last().header("Content-Type"));
            assertEquals(10, b.intervalSeconds());
            assertEquals(0.5, b.last().orElseThrow().gamma().orElseThrow());
            assertEquals(262144L, b.last().orElseThrow().targets().get("1"));
            assertEquals(List.of(2), b.last().orElseThrow().stuck());
        }

        @Test
        void balancerAnsweringNoContentIsReadAgain() {
            stub.on("PUT /api/v1/host/balancer", 204, null, "");
            stub.on("GET /api/v1/host/balancer", 200, "application/json", "{\"policy\":\"none\"}");
            assertEquals("none", xen.balancer().set(BalancerSettings.policy("none")).policy());
            assertTrue(xen.balancer().get().last().isEmpty());
        }

        @Test
        void reservationsAreCreatedReadListedAndReleased() {
            stub.on("POST /api/v1/host/reservations", 202, "application/json",
                    "{\"id\":\"7\",\"state\":\"pending\",\"kib\":1048576}");
            stub.on("GET /api/v1/host/reservations/7", 200, "application/json",
                    "{\"id\":7,\"state\":\"failed\",\"kib\":1048576,\"errno\":\"ENOMEM\",\"reason\":\"domains-refused\",\"domids\":[3,4]}");
            stub.on("GET /api/v1/host/reservations", 200, "application/json", "[{\"id\":\"7\",\"state\":\"ready\",\"kib\":1}]");
            stub.on("DELETE /api/v1/host/reservations/7", 204, null, "");

            Reservation r = xen.reservations().create(ReservationRequest.of(1048576));
            assertEquals("{\"kib\":1048576}", stub.last().text());
            assertTrue(r.pending());
            xen.reservations().create(ReservationRequest.range(65536, 131072));
            assertEquals("{\"minKiB\":65536,\"maxKiB\":131072}", stub.last().text());
            Reservation failed = xen.reservations().get("7");
            assertTrue(failed.failed());
            assertEquals("7", failed.id());
            assertEquals("domains-refused", failed.reason().orElseThrow());
            assertEquals(List.of(3, 4), failed.domids());
            assertTrue(xen.reservations().list().get(0).ready());
            xen.reservations().release("7");
            assertEquals("DELETE", stub.last().method());
        }

        @Test
        void dynamicRangeFaultsAndCreateMembers() {
            stub.on("PUT /api/v1/domains/3/memory/dynamic-range", 204, null, "");
            stub.on("PUT /api/v1/domains/3/balloon/fault", 200, "application/json", "{\"currentKiB\":65536,"
                    + "\"state\":\"DONE\",\"fault\":{\"mode\":\"intermittent\",\"periodSeconds\":2.5}}");
            stub.on("POST /api/v1/domains", 201, "application/json", "{\"domid\":4,\"name\":\"x\",\"balloon\":{\"state\":\"DONE\","
                    + "\"fault\":{\"mode\":\"stuck\"}},\"tokens\":{\"root\":\"r\",\"user\":\"u\"}}");

            xen.domains().setDynamicRange(3, 65536, 131072);
            assertEquals("{\"minKiB\":65536,\"maxKiB\":131072}", stub.last().text());
            var view = xen.domains().setBalloonFault(3, BalloonFault.intermittent(5).withRateKiBPerSecond(1024));
            assertEquals("{\"mode\":\"intermittent\",\"periodSeconds\":5,\"rateKiBPerSecond\":1024}", stub.last().text());
            assertEquals(new java.math.BigDecimal("2.5"), view.fault().orElseThrow().periodSeconds());
            xen.domains().setBalloonFault(3, BalloonFault.intermittent(Duration.ofMillis(2500)));
            assertEquals("{\"mode\":\"intermittent\",\"periodSeconds\":2.5}", stub.last().text());
            xen.domains().setBalloonFault(3, BalloonFault.intermittent(Duration.ofSeconds(10)));
            assertEquals("{\"mode\":\"intermittent\",\"periodSeconds\":10}", stub.last().text());
            xen.domains().setBalloonFault(3, BalloonFault.none().withFloorKiB(100).withCeilingKiB(200));
            assertEquals("{\"mode\":\"none\",\"floorKiB\":100,\"ceilingKiB\":200}", stub.last().text());

            var d = xen.domains().create(DomainSpec.builder("x", 65536).dynamicRange(32768, 65536).reservation("7").build());
            assertEquals("{\"name\":\"x\",\"memoryKiB\":65536,\"dynamicMinKiB\":32768,\"dynamicMaxKiB\":65536,"
                    + "\"reservationId\":\"7\"}", stub.last().text());
            assertEquals("stuck", d.balloon().fault().orElseThrow().mode());
            assertEquals("u", d.tokens().orElseThrow().user());
        }

        @Test
        void scenariosAreSubmittedAsYamlOrJsonAndTheirOutputsRead() {
            stub.on("POST /api/v1/scenarios", 201, "application/json", "{\"id\":\"s1\",\"state\":\"running\"}");
            stub.on("GET /api/v1/scenarios/s1", 200, "application/json",
                    "{\"id\":\"s1\",\"name\":\"n\",\"state\":\"done\",\"progress\":1.0,\"virtualSeconds\":86400,\"wallSeconds\":3.5}");
            stub.on("GET /api/v1/scenarios/s1/series", 200, "text/csv", "t,domid\n0,1\n");
            stub.on("GET /api/v1/scenarios/s1/summary", 200, "application/json", "{\"fleet\":{\"oomKills\":0}}");
            stub.on("GET /api/v1/scenarios/s1/report", 200, "text/html", "<html></html>");
            stub.on("DELETE /api/v1/scenarios/s1", 204, null, "");

            Scenario s = xen.scenarios().submitYaml("name: n\nduration: 24h\n");
            assertEquals("application/yaml", stub.last().header("Content-Type"));
            assertEquals("name: n\nduration: 24h\n", stub.last().text());
            assertFalse(s.finished());
            xen.scenarios().submitJson("{\"name\":\"n\"}");
            assertEquals("application/json", stub.last().header("Content-Type"));
            assertTrue(xen.scenarios().get("s1").finished());
            assertEquals("t,domid\n0,1\n", xen.scenarios().seriesCsv("s1"));
            assertEquals("text/csv", stub.last().header("Accept"));
            assertTrue(xen.scenarios().summary("s1").containsKey("fleet"));
            assertEquals("<html></html>", xen.scenarios().reportHtml("s1"));
            xen.scenarios().delete("s1");
        }

        @Test
        void snapshotsAreSavedListedMovedRestoredAndDeleted() {
            stub.on("POST /api/v1/snapshots", 201, "application/json", "{\"name\":\"base line\",\"jiffies\":250,\"bytes\":42}");
            stub.on("GET /api/v1/snapshots", 200, "application/json", "[{\"name\":\"base line\",\"jiffies\":250,\"bytes\":42}]");
            stub.on("GET /api/v1/snapshots/base%20line", 200, "application/octet-stream", "SNAP");
            stub.on("PUT /api/v1/snapshots/base%20line", 201, "application/json",
                    "{\"name\":\"base line\",\"jiffies\":250,\"bytes\":2}");
            stub.on("POST /api/v1/snapshots/base%20line/restore", 204, null, "");
            stub.on("DELETE /api/v1/snapshots/base%20line", 204, null, "");

            Snapshot s = xen.snapshots().save("base line");
            assertEquals("{\"name\":\"base line\"}", stub.last().text());
            assertEquals(42, s.bytes());
            assertEquals(List.of(s), xen.snapshots().list());
            assertArrayEquals("SNAP".getBytes(StandardCharsets.UTF_8), xen.snapshots().download("base line"));
            assertEquals(2, xen.snapshots().upload("base line", new byte[] {1, 2}).bytes());
            assertEquals("application/octet-stream", stub.last().header("Content-Type"));
            assertArrayEquals(new byte[] {1, 2}, stub.last().body());
            xen.snapshots().restore("base line");
            xen.snapshots().delete("base line");
            assertEquals("/api/v1/snapshots/base%20line", stub.last().rawPath());
        }
    }

    @Nested
    class Requests {
        @Test
        void credentialsAndActingAsADomainAreHeaders() {
            stub.on("GET /api/v1/clock", 200, "application/json", "{\"mode\":\"manual\",\"hz\":250}");
            xen.clock().get();
            assertEquals("Bearer admin-token", stub.last().header("Authorization"));
            assertNull(stub.last().header("X-Xen-Domid"));
            xen.asDomain(3).clock().get();
            assertEquals("3", stub.last().header("X-Xen-Domid"));
            assertNull(stub.last().header("X-Guest-Root"));
            xen.asGuestUser(3).clock().get();
            assertEquals("false", stub.last().header("X-Guest-Root"));
            xen.withToken("guest-root").clock().get();
            assertEquals("Bearer guest-root", stub.last().header("Authorization"));
            XenemuClient.of(stub.baseUrl()).clock().get();
            assertNull(stub.last().header("Authorization"));
        }

        @Test
        void xenstorePathsBecomeUrlsAndTransactionsAHeader() {
            stub.on("PUT /api/v1/xenstore/nodes/local/domain/1/x", 204, null, "");
            stub.on("GET /api/v1/xenstore/children/", 200, "application/json", "[\"tool\",\"local\"]");
            stub.on("GET /api/v1/xenstore/perms/@introduceDomain", 200, "application/json", "[\"n0\"]");
            stub.on("POST /api/v1/xenstore/transactions", 201, "application/json", "{\"id\":4294967295}");
            stub.on("DELETE /api/v1/xenstore/transactions/4294967295", 204, null, "");
            stub.on("GET /api/v1/xenstore/nodes/bad%20path", 400, "application/problem+json",
                    "{\"status\":400,\"errno\":\"EINVAL\",\"detail\":\"bad path\"}");

            xen.xenstore().write("/local/domain/1/x", "v");
            assertEquals("v", stub.last().text());
            assertEquals(List.of("tool", "local"), xen.xenstore().children("/"));
            assertEquals(List.of(Perm.none(0)), xen.xenstore().getPerms("@introduceDomain"));
            try (XenstoreTransaction tx = xen.xenstore().startTransaction()) {
                assertEquals(4294967295L, tx.id());
                tx.write("/local/domain/1/x", "w");
                assertEquals("4294967295", stub.last().header("Xs-Transaction"));
            }
            assertEquals("DELETE", stub.last().method(), "closing aborts");
            XenemuException e = assertThrows(XenemuException.class, () -> xen.xenstore().read("/bad path"));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("bad path", e.detail().orElseThrow());
        }

        @Test
        void advanceSendsSecondsAsAPlainDecimal() {
            stub.on("POST /api/v1/clock/advance", 200, "application/json", "{\"mode\":\"manual\"}");
            xen.clock().advance(Duration.ofMillis(1500));
            assertEquals("{\"seconds\":1.5}", stub.last().text());
            xen.clock().advance(Duration.ofSeconds(10));
            assertEquals("{\"seconds\":10}", stub.last().text());
            xen.clock().advance(Duration.ofNanos(1));
            assertEquals("{\"seconds\":0.000000001}", stub.last().text());
            xen.clock().advanceJiffies(125);
            assertEquals("{\"jiffies\":125}", stub.last().text());
        }

        @Test
        void errorBodiesThatAreNotProblemsStillBecomeExceptions() {
            stub.on("GET /api/v1/host", 502, "text/html", "<h1>Bad Gateway</h1>");
            XenemuException e = assertThrows(XenemuException.class, () -> xen.host().get());
            assertEquals(502, e.status());
            assertEquals(Errno.UNKNOWN, e.errno());
            assertEquals("<h1>Bad Gateway</h1>", e.detail().orElseThrow());
            stub.on("GET /api/v1/clock", 507, "application/problem+json", "{\"status\":507,\"errno\":\"EQUOTA\"}");
            XenemuException q = assertThrows(XenemuException.class, () -> xen.clock().get());
            assertEquals(Errno.UNKNOWN, q.errno());
            assertEquals("EQUOTA", q.errnoName());
        }
    }

    @Nested
    class Streams {
        @Test
        void watchEventsArriveAsTheServerSendsThemAndCloseEndsTheConnection() throws Exception {
            CountDownLatch clientGone = new CountDownLatch(1);
            stub.on("GET /api/v1/xenstore/watch", ex -> {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write(":stream open\n\nevent:watch\ndata:{\"path\":\"/vm\",\"token\":\"t\"}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("event:watch\r\ndata:{\"path\":\"/vm/1\",\r\ndata:\"token\":\"t\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(100);
                        out.write(":keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException | InterruptedException gone) {
                    clientGone.countDown();
                }
                ex.close();
            });
            XenemuStream<WatchEvent> w = xen.xenstore().watch("/vm", "t");
            assertEquals("path=%2Fvm&token=t", stub.last().rawQuery());
            assertEquals("text/event-stream", stub.last().header("Accept"));
            assertEquals(new WatchEvent("/vm", "t"), w.poll(Duration.ofSeconds(5)).orElseThrow());
            assertEquals(new WatchEvent("/vm/1", "t"), w.next());
            assertTrue(w.poll(Duration.ofMillis(200)).isEmpty());
            w.close();
            assertFalse(w.isOpen());
            assertFalse(w.hasNext());
            assertTrue(clientGone.await(10, TimeUnit.SECONDS), "closing the stream closed the connection");
        }

        @Test
        void aStreamTheServerEndsEndsAfterItsEvents() {
            stub.on("GET /api/v1/events", 200, "text/event-stream",
                    "id:5\nevent:DomainCreated\ndata:{\"seq\":5,\"type\":\"DomainCreated\",\"data\":{\"domid\":3,\"name\":\"w\"}}\n\n");
            try (XenemuStream<org.xenemu.client.model.Event> s = xen.events().stream()) {
                org.xenemu.client.model.Event e = s.next();
                assertTrue(e.is("DomainCreated", 3));
                assertEquals("w", e.text("name").orElseThrow());
                assertFalse(s.hasNext());
                assertTrue(s.failure().isEmpty());
            }
        }

        @Test
        void aRefusedStreamIsAnException() {
            stub.on("GET /api/v1/events", 403, "application/problem+json", "{\"status\":403,\"errno\":\"EACCES\"}");
            XenemuException e = assertThrows(XenemuException.class, () -> xen.events().streamAfter(3));
            assertEquals(Errno.EACCES, e.errno());
            assertEquals("after=3", stub.last().rawQuery());
        }
    }
}
