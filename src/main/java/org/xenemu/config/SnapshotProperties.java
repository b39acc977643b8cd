package org.xenemu.config;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code xenemu.snapshot.*} (docs/snapshots.md): {@code restore} — a snapshot name in the data
 * directory, or a path to a file — loaded at start, before the web server and the sockets start
 * (a file that cannot be restored stops the start with its reason); {@code save-on-exit} — a name
 * the whole host is saved under at a clean shutdown (SIGTERM, {@code docker stop}), after the web
 * server and the sockets have stopped, replacing a file of that name. Empty means unset.
 */
@ConfigurationProperties("xenemu.snapshot")
@Validated
public record SnapshotProperties(@Nullable String restore,
                                 @Nullable @Pattern(regexp = "|[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                                         message = "a snapshot name is 1-64 characters of A-Z a-z 0-9 . _ -, "
                                                 + "starting with a letter or digit") String saveOnExit) {

    boolean restoreAtStart() {
        return restore != null && !restore.isBlank();
    }

    boolean saveAtExit() {
        return saveOnExit != null && !saveOnExit.isBlank() && !saveOnExit.contains("..");
    }
}
