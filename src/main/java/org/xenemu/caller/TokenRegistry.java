package org.xenemu.caller;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of token mode: the admin token (dom0) and the per-domain {@code root} and
 * {@code user} tokens handed out when a domain is created and forgotten when it is destroyed.
 */
public final class TokenRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Caller> callers = new ConcurrentHashMap<>();

    public static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public void register(String token, Caller caller) {
        callers.put(token, caller);
    }

    public Optional<Caller> lookup(String token) {
        return Optional.ofNullable(callers.get(token));
    }

    /** A domain's pair of tokens, registered at once. */
    public DomainTokens issueFor(int domid) {
        DomainTokens tokens = new DomainTokens(newToken(), newToken());
        register(tokens.root(), Caller.guest(domid, true));
        register(tokens.user(), Caller.guest(domid, false));
        return tokens;
    }

    public void revokeDomain(int domid) {
        callers.values().removeIf(c -> c.domid() == domid && domid != 0);
    }

    public record DomainTokens(String root, String user) {
    }

    // ---- snapshots ----

    /** A domain's token as a snapshot keeps it (the admin token is configuration, never saved). */
    public record SavedToken(String token, int domid, boolean root) {
    }

    /** Every domain token (not dom0's), by domid, root first, then by token. */
    public List<SavedToken> captureDomainTokens() {
        List<SavedToken> out = new ArrayList<>();
        callers.forEach((token, c) -> {
            if (!c.isDom0()) {
                out.add(new SavedToken(token, c.domid(), c.guestRoot()));
            }
        });
        out.sort(Comparator.comparingInt(SavedToken::domid).thenComparing(t -> !t.root())
                .thenComparing(SavedToken::token));
        return out;
    }

    /** Restore: every domain token is revoked and the saved ones issued again; dom0's tokens stay. */
    public void restoreDomainTokens(List<SavedToken> saved) {
        callers.values().removeIf(c -> !c.isDom0());
        for (SavedToken t : saved) {
            register(t.token(), Caller.guest(t.domid(), t.root()));
        }
    }
}
