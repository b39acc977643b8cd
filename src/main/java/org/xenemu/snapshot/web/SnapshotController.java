package org.xenemu.snapshot.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.snapshot.SnapshotFacade;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/snapshots} (docs/api.md "Scenarios and snapshots"; docs/snapshots.md): save the
 * whole host under a name, list, download, upload, restore, delete. dom0 only.
 */
@RestController
@RequestMapping("/api/v1/snapshots")
@Tag(name = "snapshots", description = "Save and restore the whole host (docs/snapshots.md)")
@ApiErrors
class SnapshotController {
    /** The snapshot file's media type (the file is gzip'ed JSON behind two text lines). */
    static final String MEDIA_TYPE = "application/vnd.xenemu.snapshot";

    private final SnapshotFacade snapshots;

    SnapshotController(SnapshotFacade snapshots) {
        this.snapshots = snapshots;
    }

    /** {@code {"name"}}: the name to save under. */
    record SaveRequest(@Nullable String name) {
    }

    @PostMapping
    @Operation(summary = "Save the whole host now under a name; dom0 only",
            description = "201 {name, jiffies, bytes}; 400 EINVAL for a bad name; 409 EEXIST if the name is taken.")
    ResponseEntity<SnapshotFacade.Saved> save(Caller caller, @RequestBody SaveRequest request) {
        String name = request.name();
        if (name == null) {
            throw XenException.invalid("name: required");
        }
        SnapshotFacade.Saved saved = snapshots.save(caller, name);
        return ResponseEntity.created(URI.create("/api/v1/snapshots/" + saved.name())).body(saved);
    }

    @GetMapping
    @Operation(summary = "The snapshots in the data directory, by name; dom0 only")
    List<SnapshotFacade.Listed> list(Caller caller) {
        return snapshots.list(caller);
    }

    @GetMapping(value = "/{name}", produces = {MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "The snapshot file itself; dom0 only")
    ResponseEntity<byte[]> file(Caller caller, @PathVariable String name) {
        byte[] file = snapshots.file(caller, name);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".snapshot\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(file);
    }

    @PutMapping("/{name}")
    @Operation(summary = "Upload a snapshot file under a name; dom0 only",
            description = "The file is read whole and checked against this host before it is stored: 400 EINVAL "
                    + "names what is wrong (another format version, truncated, checksum mismatch, an unknown NUMA "
                    + "node, …); above " + SnapshotFacade.MAX_FILE_BYTES + " bytes is 400 EINVAL too.")
    ResponseEntity<SnapshotFacade.Saved> upload(Caller caller, @PathVariable String name, HttpServletRequest request)
            throws IOException {
        caller.verifyDom0("only dom0 may upload snapshots");
        SnapshotFacade.verifyName(name);
        byte[] file = boundedBody(request);
        SnapshotFacade.Saved saved = snapshots.upload(caller, name, file);
        return ResponseEntity.created(URI.create("/api/v1/snapshots/" + saved.name())).body(saved);
    }

    @PostMapping("/{name}/restore")
    @Operation(summary = "The host becomes the snapshot (clock in manual mode); dom0 only",
            description = "204. Sockets, event and watch streams and REST transactions are closed, as a restarted "
                    + "xenstored closes them. A refused file (400 EINVAL) changes nothing.")
    ResponseEntity<Void> restore(Caller caller, @PathVariable String name) {
        snapshots.restore(caller, name);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a snapshot file; dom0 only")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String name) {
        snapshots.delete(caller, name);
        return ResponseEntity.noContent().build();
    }

    private static byte[] boundedBody(HttpServletRequest request) throws IOException {
        int max = SnapshotFacade.MAX_FILE_BYTES;
        String tooBig = "a snapshot file is at most " + max + " bytes";
        if (request.getContentLengthLong() > max) {
            throw XenException.invalid(tooBig);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw XenException.invalid(tooBig);
            }
            return body;
        }
    }
}
