package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xenemu.xenstore.wire.WireTestClient.b;
import static org.xenemu.xenstore.wire.WireTestClient.s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xenemu.XenemuApplication;
import org.xenemu.xenstore.WatchSink;
import org.xenemu.xenstore.Xenstore;
import org.xenemu.xenstore.XsConnection;

/** The whole service as a black box: the sockets come and go with it, under xenemu.run-dir. */
class WireServiceLifecycleTest {
    @TempDir
    Path runDir;

    @Test
    void socketsStartWithTheServiceServeDom0AndGuestsAndAreRemovedOnShutdown() throws Exception {
        Path socket = runDir.resolve("socket");
        Files.writeString(socket, "stale file from a crashed run");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(XenemuApplication.class)
                .run("--server.port=0", "--xenemu.run-dir=" + runDir, "--spring.jmx.enabled=false")) {
            try (WireTestClient dom0 = new WireTestClient(socket)) {
                assertThat(s(dom0.call(XsType.READ, 0, "name\0").payload())).isEqualTo("Domain-0");
            }
            try (XsConnection admin = app.getBean(Xenstore.class).connect(0, true, WatchSink.DISCARD)) {
                admin.mkdir(0, "/local/domain/3");
                admin.setPerms(0, "/local/domain/3", List.of("n3"));
                admin.write(0, "/local/domain/3/name", b("guest3"));
                admin.introduce(3, 77, 1);
                Path guest = runDir.resolve("domains/3/socket");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(guest));
                try (WireTestClient g = new WireTestClient(guest)) {
                    assertThat(s(g.call(XsType.READ, 0, "name\0").payload())).isEqualTo("guest3");
                    assertThat(s(g.call(XsType.READ, 0, "/local/domain/0/name\0").payload())).isEqualTo("EACCES\0");
                }
            }
        }
        assertThat(socket).doesNotExist();
        assertThat(runDir.resolve("domains/3/socket")).doesNotExist();
    }
}
