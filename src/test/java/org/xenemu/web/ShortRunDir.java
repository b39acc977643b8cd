package org.xenemu.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run-dir for a black-box test that opens the service's Unix sockets: under {@code /tmp}, so that
 * {@code <dir>/domains/<id>/socket} stays within the 108 bytes a socket path may have.
 */
public final class ShortRunDir {
    private ShortRunDir() {
    }

    /** A new directory {@code /tmp/<prefix>…}. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the directory and everything the service left in it (sockets included). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
