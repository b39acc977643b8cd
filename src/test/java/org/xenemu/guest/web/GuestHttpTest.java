package org.xenemu.guest.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.XsConnection;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** Inside a guest over HTTP: procfs, sysctls with their access rules, the workload, the xenstore report. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/guest-http-run"})
@DirtiesContext
class GuestHttpTest {
    static final JsonMapper JSON = new JsonMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    int domid;

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String errno(HttpResponse<String> r) throws IOException {
        return json(r).get("errno").asString();
    }

    int createDomain(String name, long memoryKiB, String kernel) throws Exception {
        HttpResponse<String> r = send("POST", "/domains", "{\"name\":\"" + name + "\",\"memoryKiB\":" + memoryKiB
                + ",\"staticMaxKiB\":" + 2 * memoryKiB + ",\"kernel\":" + kernel + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("domid").asInt();
    }

    @BeforeEach
    void guest() throws Exception {
        domid = createDomain("g" + System.nanoTime(), 524288, "{\"swapKiB\":65536,\"overcommitMemory\":2}");
    }

    String g(String rest) {
        return "/domains/" + domid + rest;
    }

    @Nested
    class Procfs {
        @Test
        void meminfoIsKernelTextWithTheBootFigures() throws Exception {
            HttpResponse<String> r = send("GET", g("/procfs/meminfo"), null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            // 1 GiB static-max: kernel_static = 2048 + 4096 pages; 524288 KiB − 24576 KiB
            assertThat(r.body()).startsWith("MemTotal:         499712 kB\n")
                    .contains("\nSwapTotal:         65536 kB\n").endsWith(" kB\n");
        }

        @Test
        void sysctlsReadWithANewlineAndWriteThroughTheKernelParser() throws Exception {
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_memory"), null).body()).isEqualTo("2\n");
            assertThat(send("GET", g("/procfs/sys/vm/admin_reserve_kbytes"), null).body()).isEqualTo("8192\n");
            assertThat(send("PUT", g("/procfs/sys/vm/overcommit_kbytes"), "4096\n").statusCode()).isEqualTo(204);
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_ratio"), null).body()).isEqualTo("0\n");
            HttpResponse<String> junk = send("PUT", g("/procfs/sys/vm/overcommit_memory"), "3");
            assertThat(junk.statusCode()).isEqualTo(400);
            assertThat(errno(junk)).isEqualTo("EINVAL");
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_memory"), null).body()).isEqualTo("2\n");
            assertThat(errno(send("GET", g("/procfs/sys/vm/swappiness"), null))).isEqualTo("ENOENT");
        }

        @Test
        void anEmptyWriteIs204AndStoresNothingWhileWhitespaceIsEinval() throws Exception {
            assertThat(send("PUT", g("/procfs/sys/vm/overcommit_memory"), "").statusCode()).isEqualTo(204);
            assertThat(send("PUT", g("/procfs/sys/vm/overcommit_memory"), null).statusCode()).isEqualTo(204);
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_memory"), null).body()).isEqualTo("2\n");
            HttpResponse<String> blank = send("PUT", g("/procfs/sys/vm/admin_reserve_kbytes"), " \n");
            assertThat(blank.statusCode()).isEqualTo(400);
            assertThat(errno(blank)).isEqualTo("EINVAL");
            HttpResponse<String> user = send("PUT", g("/procfs/sys/vm/overcommit_memory"), "",
                    "X-Xen-Domid", Integer.toString(domid), "X-Guest-Root", "false");
            assertThat(errno(user)).as("permission is checked before the handler").isEqualTo("EPERM");
            assertThat(errno(send("PUT", g("/procfs/sys/vm/swappiness"), ""))).isEqualTo("ENOENT");
        }

        @Test
        void aFormEncodedBodyAsCurlDashDSendsItIsStillTheRawText() throws Exception {
            HttpResponse<String> r = send("PUT", g("/procfs/sys/vm/overcommit_ratio"), "70",
                    "Content-Type", "application/x-www-form-urlencoded");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_ratio"), null).body()).isEqualTo("70\n");
        }

        @Test
        void onlyRootInTheGuestMayWriteASysctl() throws Exception {
            String me = Integer.toString(domid);
            HttpResponse<String> user = send("PUT", g("/procfs/sys/vm/overcommit_ratio"), "80",
                    "X-Xen-Domid", me, "X-Guest-Root", "false");
            assertThat(user.statusCode()).isEqualTo(403);
            assertThat(errno(user)).isEqualTo("EPERM");
            assertThat(send("GET", g("/procfs/sys/vm/overcommit_ratio"), null, "X-Xen-Domid", me,
                    "X-Guest-Root", "false").body()).isEqualTo("50\n");
            assertThat(send("PUT", g("/procfs/sys/vm/overcommit_ratio"), "80", "X-Xen-Domid", me).statusCode())
                    .isEqualTo(204);
        }

        @Test
        void anotherGuestIsRefusedWithEacces() throws Exception {
            int other = createDomain("other" + System.nanoTime(), 65536, "{}");
            HttpResponse<String> r = send("GET", g("/procfs/meminfo"), null, "X-Xen-Domid", Integer.toString(other));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errno(r)).isEqualTo("EACCES");
        }

        @Test
        void unknownDomainIsEnoent() throws Exception {
            assertThat(send("GET", "/domains/4000/procfs/meminfo", null).statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Workload {
        @Test
        void aProcessMapsTouchesForksAndExitsWithItsChargesVisible() throws Exception {
            HttpResponse<String> created = send("POST", g("/processes"), "{\"name\":\"db\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            int pid = json(created).get("pid").asInt();
            HttpResponse<String> mapped = send("POST", g("/processes/" + pid + "/mappings"),
                    "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":40960}");
            assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
            assertThat(json(mapped).get("chargeKiB").asLong()).isEqualTo(40960);
            long id = json(mapped).get("id").asLong();
            HttpResponse<String> touched = send("POST", g("/processes/" + pid + "/mappings/" + id + "/touch"),
                    "{\"kib\":8192}");
            assertThat(touched.statusCode()).isEqualTo(200);
            assertThat(json(touched).get("faultedKiB").asLong()).isEqualTo(8192);
            assertThat(send("PATCH", g("/processes/" + pid + "/mappings/" + id), "{\"kib\":20480}").statusCode())
                    .isEqualTo(204);
            assertThat(send("PUT", g("/processes/" + pid + "/brk"), "{\"kib\":4096}").statusCode()).isEqualTo(204);
            JsonNode meminfo = json(send("GET", g("/meminfo"), null));
            assertThat(meminfo.get("committedAsKiB").asLong()).isEqualTo(24576);
            assertThat(meminfo.get("anonPagesKiB").asLong()).isEqualTo(8192);
            assertThat(json(send("GET", g(""), null)).get("meminfo").get("committedAsKiB").asLong()).isEqualTo(24576);
            HttpResponse<String> child = send("POST", g("/processes/" + pid + "/fork"), null);
            assertThat(child.statusCode()).isEqualTo(201);
            assertThat(send("GET", g("/procfs/meminfo"), null).body()).contains("\nCommitted_AS:      49152 kB\n");
            JsonNode list = json(send("GET", g("/processes"), null));
            assertThat(list).hasSize(2);
            assertThat(list.get(0).get("residentKiB").asLong()).isEqualTo(8192);
            assertThat(send("DELETE", g("/processes/" + pid + "/mappings/" + id), null).statusCode()).isEqualTo(204);
            assertThat(send("DELETE", g("/processes/" + pid), null).statusCode()).isEqualTo(204);
            assertThat(send("DELETE", g("/processes/" + json(child).get("pid").asInt()), null).statusCode())
                    .isEqualTo(204);
            assertThat(json(send("GET", g("/meminfo"), null)).get("committedAsKiB").asLong()).isZero();
        }

        @Test
        void aMappingBeyondTheCommitLimitIs507EnomemAndChangesNothing() throws Exception {
            int pid = json(send("POST", g("/processes"), "{\"name\":\"hog\"}")).get("pid").asInt();
            HttpResponse<String> r = send("POST", g("/processes/" + pid + "/mappings"),
                    "{\"kind\":\"shmem\",\"shared\":true,\"writable\":true,\"kib\":1048576}");
            assertThat(r.statusCode()).isEqualTo(507);
            assertThat(errno(r)).isEqualTo("ENOMEM");
            assertThat(json(send("GET", g("/processes/" + pid), null)).get("mappings")).isEmpty();
        }

        @Test
        void malformedBodiesAre400Einval() throws Exception {
            int pid = json(send("POST", g("/processes"), "{\"name\":\"x\"}")).get("pid").asInt();
            String maps = g("/processes/" + pid + "/mappings");
            for (String body : new String[] {"{\"kind\":\"weird\",\"shared\":false,\"writable\":true,\"kib\":4}",
                    "{\"kind\":\"anonymous\",\"writable\":true,\"kib\":4}",
                    "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":-4}",
                    "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":4,\"color\":1}",
                    "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":0}", "{not json"}) {
                HttpResponse<String> r = send("POST", maps, body);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(errno(r)).as(body).isEqualTo("EINVAL");
            }
            assertThat(send("POST", g("/processes"), "{\"name\":\"\"}").statusCode()).isEqualTo(400);
            assertThat(send("PATCH", maps + "/1", "{}").statusCode()).isIn(400, 404);
            assertThat(send("POST", g("/processes/999999/fork"), null).statusCode()).isEqualTo(404);
        }
    }

    /** A {@code "nommu":true} guest over HTTP: what the no-MMU document refuses, with its errnos and statuses. */
    @Nested
    class NoMmu {
        int nommu;

        String n(String rest) {
            return "/domains/" + nommu + rest;
        }

        @BeforeEach
        void boot() throws Exception {
            nommu = createDomain("nommu" + System.nanoTime(), 65536, "{\"nommu\":true,\"overcommitMemory\":1}");
        }

        int process() throws Exception {
            return json(send("POST", n("/processes"), "{\"name\":\"app\"}")).get("pid").asInt();
        }

        HttpResponse<String> map(int pid, String kind, boolean shared, boolean writable, String extra)
                throws Exception {
            return send("POST", n("/processes/" + pid + "/mappings"), "{\"kind\":\"" + kind + "\",\"shared\":" + shared
                    + ",\"writable\":" + writable + ",\"kib\":64" + extra + "}");
        }

        @Test
        void meminfoShowsMmapCopyAndTheViewSaysNommu() throws Exception {
            assertThat(send("GET", n("/procfs/meminfo"), null).body()).contains("\nMmapCopy:              0 kB\n");
            assertThat(json(send("GET", n("/meminfo"), null)).get("nommu").asBoolean()).isTrue();
            assertThat(send("GET", g("/procfs/meminfo"), null).body()).doesNotContain("MmapCopy");
        }

        @Test
        void aSharedMappingOfARegularFileIs409Enodev() throws Exception {
            int pid = process();
            for (boolean writable : new boolean[] {true, false}) {
                HttpResponse<String> r = map(pid, "file", true, writable, "");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                assertThat(errno(r)).isEqualTo("ENODEV");
            }
            assertThat(map(pid, "file", false, true, "").statusCode()).isEqualTo(201);
            assertThat(map(pid, "shmem", true, true, "").statusCode()).isEqualTo(201);
        }

        @Test
        void mapFixedIs400Einval() throws Exception {
            HttpResponse<String> r = map(process(), "anonymous", false, true, ",\"fixed\":true");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errno(r)).isEqualTo("EINVAL");
        }

        @Test
        void mprotectIs501EnosysForkIs400Einval() throws Exception {
            int pid = process();
            long id = json(map(pid, "anonymous", false, true, "")).get("id").asLong();
            HttpResponse<String> mprotect = send("PATCH", n("/processes/" + pid + "/mappings/" + id),
                    "{\"writable\":false}");
            assertThat(mprotect.statusCode()).isEqualTo(501);
            assertThat(errno(mprotect)).isEqualTo("ENOSYS");
            HttpResponse<String> fork = send("POST", n("/processes/" + pid + "/fork"), null);
            assertThat(fork.statusCode()).isEqualTo(400);
            assertThat(errno(fork)).isEqualTo("EINVAL");
            assertThat(json(send("GET", n("/processes"), null))).hasSize(1);
        }

        @Test
        void remappingASharedMappingIs403EpermGrowingAPrivateOne507() throws Exception {
            int pid = process();
            long shm = json(map(pid, "shmem", true, true, "")).get("id").asLong();
            HttpResponse<String> shared = send("PATCH", n("/processes/" + pid + "/mappings/" + shm), "{\"kib\":32}");
            assertThat(shared.statusCode()).isEqualTo(403);
            assertThat(errno(shared)).isEqualTo("EPERM");
            long anon = json(map(pid, "anonymous", false, true, "")).get("id").asLong();
            HttpResponse<String> grow = send("PATCH", n("/processes/" + pid + "/mappings/" + anon), "{\"kib\":128}");
            assertThat(grow.statusCode()).isEqualTo(507);
            assertThat(errno(grow)).isEqualTo("ENOMEM");
            assertThat(send("PATCH", n("/processes/" + pid + "/mappings/" + anon), "{\"kib\":32}").statusCode())
                    .isEqualTo(204);
        }

        @Test
        void brkGrowthIs507Enomem() throws Exception {
            int pid = process();
            HttpResponse<String> r = send("PUT", n("/processes/" + pid + "/brk"), "{\"kib\":4096}");
            assertThat(r.statusCode()).isEqualTo(507);
            assertThat(errno(r)).isEqualTo("ENOMEM");
            assertThat(json(send("GET", n("/processes/" + pid), null)).get("brkKiB").asLong()).isZero();
        }
    }

    @Autowired
    org.xenemu.xenstore.Xenstore xenstore;

    String read(String relative) {
        XsConnection dom0 = xenstore.connect(0, true, WatchSink.DISCARD);
        try {
            return new String(dom0.read(0, "/local/domain/" + domid + "/" + relative), StandardCharsets.US_ASCII);
        } finally {
            dom0.close();
        }
    }

    @Nested
    class Xenstore {
        @Test
        void theGuestReportsItsMemoryInItsXenstoreHome() throws Exception {
            assertThat(read("data/meminfo_total")).isEqualTo("499712");
            int pid = json(send("POST", g("/processes"), "{\"name\":\"big\"}")).get("pid").asInt();
            long id = json(send("POST", g("/processes/" + pid + "/mappings"),
                    "{\"kind\":\"anonymous\",\"shared\":false,\"writable\":true,\"kib\":102400}")).get("id").asLong();
            send("POST", g("/processes/" + pid + "/mappings/" + id + "/touch"), "{\"kib\":102400}");
            long free = Long.parseLong(read("data/meminfo_free"));
            assertThat(free).isEqualTo(json(send("GET", g("/meminfo"), null)).get("memFreeKiB").asLong());
        }
    }
}
