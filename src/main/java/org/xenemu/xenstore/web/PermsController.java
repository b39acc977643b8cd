package org.xenemu.xenstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/xenstore/perms/{path}}: GET_PERMS and SET_PERMS (xenstore.txt "Permissions").
 * The special paths are reachable as {@code perms/@introduceDomain} and {@code perms/@releaseDomain}.
 */
@RestController
@RequestMapping("/api/v1/xenstore")
@Tag(name = "xenstore")
@ApiErrors
class PermsController {
    private final RestSessions sessions;

    PermsController(RestSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(value = {"/perms", "/perms/**"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "GET_PERMS: [\"n0\", \"r5\"]; entry 0 is the owner and the default")
    List<String> get(Caller caller, HttpServletRequest request,
                     @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        String path = permsPath(request);
        long id = sessions.transaction(caller, tx);
        return sessions.connection(caller).getPerms(id, path);
    }

    @PutMapping(value = {"/perms", "/perms/**"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "SET_PERMS (body: JSON array of perm strings)",
            description = "Owner or dom0 only (403 EACCES); a guest changing the owner is 403 EPERM; "
                    + "an empty or malformed list is 400 EINVAL; more than 5 entries from a guest is 507 ENOSPC.")
    ResponseEntity<Void> set(Caller caller, HttpServletRequest request,
                             @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx,
                             @RequestBody List<String> perms) {
        String path = permsPath(request);
        long id = sessions.transaction(caller, tx);
        if (perms == null || perms.stream().anyMatch(p -> p == null)) {
            throw XenException.invalid("the body must be a JSON array of permission strings");
        }
        sessions.connection(caller).setPerms(id, path, perms);
        return ResponseEntity.noContent().build();
    }

    private static String permsPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String special = request.getContextPath() + "/api/v1/xenstore/perms/@";
        if (uri.startsWith(special)) {
            return uri.substring(special.length() - 1);
        }
        return XsHttp.path(request, "perms");
    }
}
