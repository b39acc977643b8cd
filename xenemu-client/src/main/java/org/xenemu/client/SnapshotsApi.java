package org.xenemu.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xenemu.client.model.Snapshot;

/**
 * {@code /api/v1/snapshots}: the whole host at one instant, saved and restored exactly
 * (docs/snapshots.md), as files in the service's data directory ({@code xenemu.data-dir}). A
 * restore closes external connections (sockets, streams, REST transactions: reconnect and watch
 * again) and leaves the clock in manual mode. dom0's. A name is 1–64 characters of
 * {@code A-Z a-z 0-9 . _ -} starting with a letter or digit, else 400 EINVAL.
 */
public final class SnapshotsApi {
    private final Http http;

    SnapshotsApi(Http http) {
        this.http = http;
    }

    /** Saves the host now under {@code name} (201); 409 EEXIST if the name is taken. */
    public Snapshot save(String name) {
        return http.readJson(http.sendJson("POST", Http.API + "/snapshots", Map.of("name", name)), Snapshot.class);
    }

    /** The snapshots in the data directory, by name (an unreadable file with {@code error}). */
    public List<Snapshot> list() {
        return http.readJsonList(http.get(Http.API + "/snapshots"), Snapshot.class);
    }

    /** The snapshot file's bytes; 404 ENOENT if there is none. */
    public byte[] download(String name) {
        return http.readBytes(http.get(path(name)).header("Accept", "application/octet-stream"));
    }

    /** Writes the snapshot file to {@code file}. */
    public void download(String name, Path file) {
        try {
            Files.write(file, download(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Uploads a snapshot file under {@code name} (replacing one of that name), checked whole as a
     * restore would check it: 400 EINVAL naming what is wrong (another format version, truncated,
     * damaged, another clock rate, above 64 MiB, …), nothing stored.
     */
    public Snapshot upload(String name, byte[] file) {
        return http.readJson(http.sendBytes("PUT", path(name), file, "application/octet-stream"), Snapshot.class);
    }

    /** Uploads a snapshot file from disk. */
    public Snapshot upload(String name, Path file) {
        try {
            return upload(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host becomes the snapshot (clock in manual mode); a refused file (400 EINVAL) changes nothing. */
    public void restore(String name) {
        http.discard(http.sendEmpty("POST", path(name) + "/restore"));
    }

    /** Deletes a snapshot file; 404 ENOENT if there is none. */
    public void delete(String name) {
        http.discard(http.sendEmpty("DELETE", path(name)));
    }

    private static String path(String name) {
        return Http.API + "/snapshots/" + Http.encodeSegment(name);
    }
}
