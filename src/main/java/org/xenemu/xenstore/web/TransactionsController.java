package org.xenemu.xenstore.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xenemu.caller.Caller;
import org.xenemu.error.XenException;
import org.xenemu.web.ApiErrors;

/**
 * {@code /api/v1/xenstore/transactions}: TRANSACTION_START / END (xenstore.txt "Transactions").
 * Use the id in the {@code Xs-Transaction} header of node, children and perms requests. A REST
 * transaction idle for 60 s of wall time is aborted.
 */
@RestController
@RequestMapping("/api/v1/xenstore/transactions")
@Tag(name = "xenstore")
@ApiErrors
class TransactionsController {
    private final RestSessions sessions;

    TransactionsController(RestSessions sessions) {
        this.sessions = sessions;
    }

    record Started(long id) {
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "TRANSACTION_START → 201 {id}", description = "507 ENOSPC past a guest's 10 open transactions; "
            + "with an Xs-Transaction header (transactions do not nest, as in C xenstored): 409 EBUSY for an open one, "
            + "404 ENOENT for an unknown one.")
    ResponseEntity<Started> start(Caller caller,
                                  @RequestHeader(name = XsHttp.TX_HEADER, required = false) @Nullable String tx) {
        long id = sessions.start(caller, sessions.transaction(caller, tx));
        return ResponseEntity.created(URI.create("/api/v1/xenstore/transactions/" + id)).body(new Started(id));
    }

    @PostMapping("/{id}/commit")
    @Operation(summary = "TRANSACTION_END T: commit", description = "409 EAGAIN on conflict (the transaction is gone; retry "
            + "from the start); 507 ENOSPC when a guest's transaction that created nodes would leave a guest at or "
            + "past its nodes quota (C xenstored's commit-time check; the transaction is gone); 404 ENOENT for an "
            + "unknown or someone else's id.")
    ResponseEntity<Void> commit(Caller caller, @PathVariable String id) {
        sessions.end(caller, parse(id), true);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "TRANSACTION_END F: abort")
    ResponseEntity<Void> abort(Caller caller, @PathVariable String id) {
        sessions.end(caller, parse(id), false);
        return ResponseEntity.noContent().build();
    }

    private static long parse(String id) {
        long v = XsHttp.transactionId(id, "the URL's transaction id");
        if (v == 0) {
            throw XenException.invalid("a transaction id is between 1 and 4294967295 (0 means no transaction)");
        }
        return v;
    }
}
