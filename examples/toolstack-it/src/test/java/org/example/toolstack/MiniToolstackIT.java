package org.example.toolstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.xenemu.client.xs.XsClient;
import org.xenemu.testcontainers.XenemuContainer;

/** The toolstack against an emulated Xen host: targets set over the xenstore socket are reached. */
@Testcontainers(disabledWithoutDocker = true)
class MiniToolstackIT {
    @Container
    static final XenemuContainer XEN = new XenemuContainer(image())
            .withManualClock()
            .withHostMemoryKiB(4L << 20)
            .withRunDirOnHost(tempDir());

    @Test
    void guestsReachTheTargetsTheToolstackSets() {
        try (XsClient xs = XsClient.connect(XEN.getXenstoredPath())) {
            MiniToolstack toolstack = new MiniToolstack(XEN.client(), xs);
            int web = toolstack.createGuest("web", 262144, 524288);
            int db = toolstack.createGuest("db", 524288, 524288);

            toolstack.setTarget(web, 524288);
            toolstack.setTarget(db, 131072);
            assertThrows(IllegalArgumentException.class, () -> toolstack.setTarget(db, 1048576));
            assertEquals(131072, toolstack.target(db));

            XEN.advance(Duration.ofSeconds(5));

            assertEquals(524288, toolstack.currentKiB(web));
            assertEquals(131072, toolstack.currentKiB(db));
            toolstack.destroy(web);
            toolstack.destroy(db);
        }
    }

    private static String image() {
        String named = System.getenv("XENEMU_IMAGE");
        return named == null || named.isBlank() ? "xenemu:local" : named;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "toolstack-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
