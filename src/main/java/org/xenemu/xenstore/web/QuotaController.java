package org.xenemu.xenstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.web.ApiErrors;
import org.xenemu.web.Decimals;
import org.xenemu.xenstore.QuotaReport;

/** {@code /api/v1/xenstore/quota/{domid}}: a domain's xenstore quota limits and usage. */
@RestController
@RequestMapping("/api/v1/xenstore/quota")
@Tag(name = "xenstore")
@ApiErrors
class QuotaController {
    private final RestSessions sessions;

    QuotaController(RestSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(value = "/{domid}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Limits (0 = unlimited) and usage of a domain", description = "A guest may ask about itself only.")
    QuotaReport quota(Caller caller, @PathVariable String domid) {
        int d = (int) Decimals.unsigned(domid, Caller.DOMID_FIRST_RESERVED - 1).orElseThrow(() -> XenException.invalid(
                "domid must be a domain id in plain decimal, below " + Caller.DOMID_FIRST_RESERVED));
        return sessions.quota(caller, d);
    }
}
