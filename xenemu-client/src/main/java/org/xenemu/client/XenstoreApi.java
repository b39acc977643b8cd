package org.xenemu.client;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.xenemu.client.model.WatchEvent;
import org.xenemu.client.model.XenstoreQuota;

/**
 * The host's xenstore over REST (docs/api.md "Xenstore"): node operations (inherited), plus
 * transactions, watches as server-sent-event streams, and quotas. One xenstore for the whole host,
 * shared with the native socket and xenemu's own engines.
 */
public final class XenstoreApi extends XenstoreNodes {
    /** Attempts {@link #transaction(Function)} makes before giving up on EAGAIN. */
    public static final int DEFAULT_ATTEMPTS = 16;

    XenstoreApi(Http http) {
        super(http);
    }

    @Override
    long transactionId() {
        return 0;
    }

    private record Started(long id) {
    }

    /**
     * TRANSACTION_START: reads and writes through the returned transaction see its first accesses
     * plus its own changes; nobody sees them before {@link XenstoreTransaction#commit()}. Close it
     * to abort if not committed. A REST transaction idle for 60 s of wall time is aborted.
     */
    public XenstoreTransaction startTransaction() {
        long id = http.readJson(http.sendEmpty("POST", Http.API + "/xenstore/transactions"), Started.class).id();
        return new XenstoreTransaction(http, id);
    }

    /**
     * Runs {@code body} in a transaction and commits it, starting again on EAGAIN (a conflicting
     * change by someone else: docs/xenstore.md "Transactions"), at most {@value #DEFAULT_ATTEMPTS}
     * times; the last EAGAIN is thrown then. Any other failure aborts and is thrown. {@code body}
     * must not have effects outside the transaction: it may run several times.
     */
    public <T> T transaction(Function<XenstoreTransaction, T> body) {
        return transaction(DEFAULT_ATTEMPTS, body);
    }

    /** As {@link #transaction(Function)} with at most {@code attempts} attempts. */
    public <T> T transaction(int attempts, Function<XenstoreTransaction, T> body) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Objects.requireNonNull(body, "body");
        for (int attempt = 1; ; attempt++) {
            try (XenstoreTransaction tx = startTransaction()) {
                T result = body.apply(tx);
                tx.commit();
                return result;
            } catch (XenemuException e) {
                if (!e.is(Errno.EAGAIN) || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** As {@link #transaction(Function)} for a body without a result. */
    public void inTransaction(Consumer<XenstoreTransaction> body) {
        transaction(tx -> {
            body.accept(tx);
            return null;
        });
    }

    /**
     * WATCH as a live stream: the first event is the initial one (path = {@code path}), then one
     * per change at or below it that the caller may read. Relative paths give relative event
     * paths. The token is the path, as {@code xenstore-watch} does. Close the stream to UNWATCH.
     */
    public XenemuStream<WatchEvent> watch(String path) {
        return watch(path, Optional.empty());
    }

    /** WATCH with an explicit token. */
    public XenemuStream<WatchEvent> watch(String path, String token) {
        return watch(path, Optional.of(token));
    }

    private XenemuStream<WatchEvent> watch(String path, Optional<String> token) {
        String query = "?path=" + Http.encodeSegment(path) + token.map(t -> "&token=" + Http.encodeSegment(t)).orElse("");
        return http.openStream(http.get(Http.API + "/xenstore/watch" + query), e -> "watch".equals(e.type())
                ? Optional.of(Http.parse(e.data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Http.MAPPER.constructType(WatchEvent.class)))
                : Optional.empty());
    }

    /** A domain's quota limits and usage (a guest may ask about itself only). */
    public XenstoreQuota quota(int domid) {
        return http.readJson(http.get(Http.API + "/xenstore/quota/" + domid), XenstoreQuota.class);
    }
}
