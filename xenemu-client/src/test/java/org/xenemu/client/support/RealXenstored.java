package org.xenemu.client.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reference C xenstored (Debian's xenstored 4.17 under shared/tools/real-xenstored), named by
 * {@code $XENEMU_REAL_XENSTORED} as the root project's comparison test names it:
 * {@code S=$(/work/shared/tools/real-xenstored/start /tmp/xsclient-ref); export XENEMU_REAL_XENSTORED=$S}.
 */
public final class RealXenstored {
    private RealXenstored() {
    }

    public static Optional<Path> socket() {
        String configured = System.getenv("XENEMU_REAL_XENSTORED");
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(configured);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    public static boolean configured() {
        String configured = System.getenv("XENEMU_REAL_XENSTORED");
        return configured != null && !configured.isBlank();
    }
}
