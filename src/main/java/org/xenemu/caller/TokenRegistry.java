package org.xenemu.caller;

import java.security.SecureRandom;
import java.util.HexFormat;
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
}
