package org.xenemu.xenstore.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/xenstore/nodes/{path}}: READ, WRITE, MKDIR and RM (xenstore.txt "Operations",
 * docs/api.md "Xenstore"). The URL path after {@code nodes} is the absolute xenstore path.
 */
@RestController
@RequestMapping("/api/v1/xenstore")
@Tag(name = "xenstore", description = "The host's xenstore: nodes, permissions, transactions, watches")
@ApiErrors
class NodesController {
    private final RestSessions sessions;

    NodesController(RestSessions sessions) {
        this.sessions = sessions;
    }

    /** The JSON form of a value: text when printable, base64 always. */
    record NodeValue(String path, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String value, String base64) {
    }

    @GetMapping({"/nodes", "/nodes/**"})
    @Operation(summary = "READ a node's value",
            description = "Raw bytes (application/octet-stream); with Accept: application/json {path, value, base64}. "
                    + "404 ENOENT missing; 403 EACCES unreadable (also for a missing node under an unreadable parent).")
    ResponseEntity<?> read(Caller caller, HttpServletRequest request,
                           @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx,
                           @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
        String path = XsHttp.path(request, "nodes");
        long id = sessions.transaction(caller, tx);
        byte[] value = sessions.connection(caller).read(id, path);
        if (wantsJson(accept)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(new NodeValue(path, XsHttp.text(value), XsHttp.base64(value)));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(value);
    }

    @PutMapping({"/nodes", "/nodes/**"})
    @Operation(summary = "WRITE a node (body = the value bytes)",
            description = "Missing parents are created with empty values. 413 E2BIG above 4096 bytes; "
                    + "507 ENOSPC over a guest's node-size or nodes quota; 403 EACCES.")
    ResponseEntity<Void> write(Caller caller, HttpServletRequest request,
                               @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx)
            throws IOException {
        String path = XsHttp.path(request, "nodes");
        long id = sessions.transaction(caller, tx);
        byte[] value = XsHttp.boundedBody(request);
        sessions.connection(caller).write(id, path, value);
        return ResponseEntity.noContent().build();
    }

    @PostMapping({"/nodes", "/nodes/**"})
    @Operation(summary = "MKDIR: create a node and missing parents",
            description = "An existing node is a silent success: its value is kept and no watch fires.")
    ResponseEntity<Void> mkdir(Caller caller, HttpServletRequest request,
                               @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        String path = XsHttp.path(request, "nodes");
        long id = sessions.transaction(caller, tx);
        sessions.connection(caller).mkdir(id, path);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping({"/nodes", "/nodes/**"})
    @Operation(summary = "RM: remove a node and its subtree",
            description = "A missing node whose parent exists is fine; 404 ENOENT when the parent is missing too; "
                    + "400 EINVAL for the root.")
    ResponseEntity<Void> rm(Caller caller, HttpServletRequest request,
                            @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        String path = XsHttp.path(request, "nodes");
        long id = sessions.transaction(caller, tx);
        sessions.connection(caller).rm(id, path);
        return ResponseEntity.noContent().build();
    }

    /** JSON when the client's most preferred concrete type is JSON; raw bytes otherwise (also for {@code *}{@code /*}). */
    static boolean wantsJson(@Nullable String accept) {
        if (accept == null) {
            return false;
        }
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (RuntimeException e) {
            return false;
        }
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType t : types) {
            if (t.getQualityValue() == 0) {
                continue;
            }
            if (t.isWildcardType() || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(t)) {
                return false;
            }
            if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(t)) {
                return true;
            }
        }
        return false;
    }
}
