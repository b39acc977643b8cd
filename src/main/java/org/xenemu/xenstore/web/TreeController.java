package org.xenemu.xenstore.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.web.ApiErrors;
import org.xenemu.xenstore.XsConnection;
import org.xenemu.xenstore.store.XsPath;

/**
 * {@code /api/v1/xenstore/tree/{path}}: a subtree as JSON, walked like {@code xenstore-ls -p}
 * (DIRECTORY + READ + GET_PERMS per node). Children that vanish or that the caller may not read
 * during the walk are left out, as xenstore-ls skips them.
 */
@RestController
@RequestMapping("/api/v1/xenstore")
@Tag(name = "xenstore")
@ApiErrors
class TreeController {
    private final RestSessions sessions;

    TreeController(RestSessions sessions) {
        this.sessions = sessions;
    }

    record TreeNode(String name, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String value, String base64,
                    List<String> perms, List<TreeNode> children) {
    }

    @GetMapping(value = {"/tree", "/tree/**"}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A subtree: {name, value, base64, perms, children}",
            description = "value is the text when printable (null otherwise); base64 always.")
    TreeNode tree(Caller caller, HttpServletRequest request,
                  @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        String path = XsHttp.path(request, "tree");
        long id = sessions.transaction(caller, tx);
        return walk(sessions.connection(caller), id, path);
    }

    private TreeNode walk(XsConnection c, long tx, String path) {
        byte[] value = c.read(tx, path);
        List<String> perms = c.getPerms(tx, path);
        List<TreeNode> children = new ArrayList<>();
        for (String name : c.children(tx, path)) {
            try {
                children.add(walk(c, tx, XsPath.child(path, name)));
            } catch (XenException e) {
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.EACCES) {
                    throw e;
                }
            }
        }
        String name = XsPath.ROOT.equals(path) ? "" : XsPath.name(path);
        return new TreeNode(name, XsHttp.text(value), XsHttp.base64(value), perms, children);
    }
}
