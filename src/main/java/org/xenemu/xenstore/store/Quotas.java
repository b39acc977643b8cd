package org.xenemu.xenstore.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-domain limits of docs/xenstore.md "Quotas" (C xenstored's defaults); they apply to unprivileged
 * domains only and 0 disables one. {@code outstanding} is not the store's: the socket layer
 * enforces it on guest sockets (replies and events waiting unsent stop further reads, as C
 * xenstored stops reading a domain's ring; see {@code wire.WireChannel}).
 */
public record Quotas(int nodes, int watches, int transactions, int transactionNodes, int nodeSize,
                     int permissions, int pathMax, int outstanding) {
    public static final Quotas DEFAULTS = new Quotas(1000, 128, 10, 1024, 2048, 5, 2048, 20);

    /** Name → limit, with C xenstored's quota names. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("nodes", (long) nodes);
        m.put("watches", (long) watches);
        m.put("transactions", (long) transactions);
        m.put("transaction-nodes", (long) transactionNodes);
        m.put("node-size", (long) nodeSize);
        m.put("permissions", (long) permissions);
        m.put("path-max", (long) pathMax);
        m.put("outstanding", (long) outstanding);
        return m;
    }

    static boolean exceeded(int limit, long value) {
        return limit > 0 && value > limit;
    }
}
