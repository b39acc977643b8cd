package org.xenemu.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.xenemu.caller.Caller;
import org.xenemu.caller.SecurityMode;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.error.XenException;

/**
 * Decides once per request who it acts as (docs/api.md "Callers").
 * <ul>
 * <li>open mode: dom0, unless {@code X-Xen-Domid: N} names a domain; {@code X-Guest-Root: false}
 *     makes it an ordinary user inside that guest.</li>
 * <li>token mode: {@code Authorization: Bearer T}; the admin token is dom0 and may still use
 *     {@code X-Xen-Domid} to act as a guest; a domain token is that domain and may not.</li>
 * </ul>
 */
public final class CallerResolver {
    public static final String DOMID_HEADER = "X-Xen-Domid";
    public static final String GUEST_ROOT_HEADER = "X-Guest-Root";

    private final SecurityMode mode;
    private final TokenRegistry tokens;

    public CallerResolver(SecurityMode mode, TokenRegistry tokens) {
        this.mode = mode;
        this.tokens = tokens;
    }

    public Caller resolve(HttpServletRequest request) {
        Caller base = mode == SecurityMode.TOKEN ? fromToken(request) : Caller.DOM0;
        String domidHeader = single(request, DOMID_HEADER);
        String rootHeader = single(request, GUEST_ROOT_HEADER);
        boolean root = rootHeader == null || parseBoolean(rootHeader);
        if (domidHeader == null) {
            if (base.isDom0() && !root) {
                throw XenException.invalid("X-Guest-Root: false is meaningless for dom0");
            }
            if (rootHeader != null && !base.isDom0()) {
                return Caller.guest(base.domid(), base.guestRoot() && root);
            }
            return base;
        }
        int domid = parseDomid(domidHeader);
        if (!base.isDom0() && domid != base.domid()) {
            throw XenException.accessDenied("a domain token cannot act as another domain");
        }
        if (domid == 0 && !root) {
            throw XenException.invalid("X-Guest-Root: false is meaningless for dom0");
        }
        return domid == 0 ? Caller.DOM0 : Caller.guest(domid, base.isDom0() ? root : base.guestRoot() && root);
    }

    private Caller fromToken(HttpServletRequest request) {
        String header = single(request, "Authorization");
        if (header == null) {
            throw XenException.unauthenticated("this service runs in token mode: send Authorization: Bearer <token>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw XenException.unauthenticated("only Bearer tokens are accepted");
        }
        return tokens.lookup(header.substring(7).trim())
                .orElseThrow(() -> XenException.unauthenticated("unknown token"));
    }

    private static @Nullable String single(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (values.hasMoreElements()) {
            throw XenException.invalid("header " + name + " given more than once");
        }
        return first;
    }

    /** A domid as {@link Decimals} spells numbers ({@code 00001} is not domain 1), below DOMID_FIRST_RESERVED. */
    static int parseDomid(String text) {
        return (int) Decimals.unsigned(text, Caller.DOMID_FIRST_RESERVED - 1).orElseThrow(() -> XenException.invalid(
                "X-Xen-Domid must be a domain id in plain decimal (0.." + (Caller.DOMID_FIRST_RESERVED - 1) + ")"));
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XenException.invalid("X-Guest-Root must be true or false");
        };
    }
}
