package org.xenemu.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.DockerImageName;

/** What XenemuContainer decides before anything runs (no Docker needed). */
class XenemuContainerTest {
    @Test
    void aRandomAdminTokenIsThereFromTheStart() {
        String token = new XenemuContainer("xenemu:local").getAdminToken();
        assertEquals(48, token.length());
        assertTrue(!token.equals(new XenemuContainer("xenemu:local").getAdminToken()));
    }

    @Test
    void theSocketsNeedARunDirOnTheHost(@TempDir Path dir) {
        XenemuContainer plain = new XenemuContainer("xenemu:local");
        assertThrows(IllegalStateException.class, plain::getXenstoredPath);
        XenemuContainer mounted = new XenemuContainer("xenemu:local").withRunDirOnHost(dir);
        assertEquals(dir.toAbsolutePath().resolve("socket"), mounted.getXenstoredPath());
        assertEquals(dir.toAbsolutePath().resolve("domains/3/socket"), mounted.getGuestXenstoredPath(3));
        assertEquals("/run/xenemu/socket", mounted.getXenstoredPathInContainer());
    }

    @Test
    void otherImageNamesMustBeDeclaredSubstitutes() {
        assertThrows(IllegalStateException.class, () -> new XenemuContainer("registry.example/other:1"));
        new XenemuContainer(DockerImageName.parse("registry.example/other:1").asCompatibleSubstituteFor("xenemu"));
    }

    @Test
    void aSnapshotMustBeAFile(@TempDir Path dir) throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new XenemuContainer("xenemu:local").withSnapshot(dir.resolve("none")));
        Path file = Files.writeString(dir.resolve("base.snapshot"), "x");
        new XenemuContainer("xenemu:local").withSnapshot(file);
    }

    @Test
    void aSnapshotIsCopiedOutsideTheDataVolumeAndNamedByTheServicesRestoreVariable(@TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("base line.snapshot"), "x");
        XenemuContainer xen = new XenemuContainer("xenemu:local").withSnapshot(file);
        xen.configure();
        assertEquals(XenemuContainer.RESTORE_FILE, xen.getEnvMap().get("XENEMU_SNAPSHOT_RESTORE"));
        assertTrue(xen.getCopyToFileContainerPathMap().containsValue(XenemuContainer.RESTORE_FILE));
        assertEquals(0, xen.getCommandParts().length, "the data dir stays the image's");
    }
}
