package org.xenemu.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xenemu.client.model.Snapshot;

/**
 * {@code /api/v1/snapshots}: the whole host at one instant, saved and restored
 * (docs/scenarios.md "Snapshots"). A restore closes external connections (sockets, streams, REST
 * transactions) and leaves the clock in manual mode. dom0's.
 */
public final class SnapshotsApi {
    private final Http http;

    SnapshotsApi(Http http) {
        this.http = http;
    }

    /** Saves the host now under {@code name}. */
    public Snapshot save(String name) {
        return http.readJson(http.sendJson("POST", Http.API + "/snapshots", Map.of("name", name)), Snapshot.class);
    }

    /** Every saved snapshot. */
    public List<Snapshot> list() {
        return http.readJsonList(http.get(Http.API + "/snapshots"), Snapshot.class);
    }

    /** The snapshot file's bytes. */
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

    /** Uploads a snapshot file; 400 EINVAL if unreadable or of another version. */
    public void upload(String name, byte[] file) {
        http.discard(http.sendBytes("PUT", path(name), file, "application/octet-stream"));
    }

    /** Uploads a snapshot file from disk. */
    public void upload(String name, Path file) {
        try {
            upload(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host becomes the snapshot (clock in manual mode). */
    public void restore(String name) {
        http.discard(http.sendEmpty("POST", path(name) + "/restore"));
    }

    /** Deletes a snapshot. */
    public void delete(String name) {
        http.discard(http.sendEmpty("DELETE", path(name)));
    }

    private static String path(String name) {
        return Http.API + "/snapshots/" + Http.encodeSegment(name);
    }
}
