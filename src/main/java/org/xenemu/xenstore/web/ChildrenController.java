package org.xenemu.xenstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/xenstore/children/{path}}: DIRECTORY, child names in creation order. HTTP has no
 * 4096-byte reply limit, so the whole list comes back (the wire's E2BIG/DIRECTORY_PART dance is
 * not needed here).
 */
@RestController
@RequestMapping("/api/v1/xenstore")
@Tag(name = "xenstore")
@ApiErrors
class ChildrenController {
    private final RestSessions sessions;

    ChildrenController(RestSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(value = {"/children", "/children/**"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "DIRECTORY: child names in creation order")
    List<String> children(Caller caller, HttpServletRequest request,
                          @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        String path = XsHttp.path(request, "children");
        long id = sessions.transaction(caller, tx);
        return sessions.connection(caller).children(id, path);
    }
}
