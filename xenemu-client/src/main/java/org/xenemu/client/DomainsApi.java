package org.xenemu.client;

import java.util.List;
import java.util.Map;
import org.xenemu.client.model.BalloonFault;
import org.xenemu.client.model.BalloonView;
import org.xenemu.client.model.Domain;
import org.xenemu.client.model.DomainSpec;

/**
 * {@code /api/v1/domains}: the toolstack side (docs/api.md "Host and domains"): what {@code xl
 * create / destroy / mem-set / mem-max} do, dynamic ranges and balloon fault injection
 * (docs/toolstack.md).
 * dom0's, except {@link #get(int)}, which a guest may use for itself.
 */
public final class DomainsApi {
    private final Http http;

    DomainsApi(Http http) {
        this.http = http;
    }

    /** Every domain, dom0 first, in domid order. */
    public List<Domain> list() {
        return http.readJsonList(http.get(Http.API + "/domains"), Domain.class);
    }

    /** One domain. 404 ENOENT if there is none. */
    public Domain get(int domid) {
        return http.readJson(http.get(path(domid)), Domain.class);
    }

    /**
     * Creates a domain (all or nothing); in token mode the answer carries its tokens. 400 EINVAL
     * for a bad spec, 409 EEXIST for a taken name, 507 ENOMEM when the host lacks memory.
     */
    public Domain create(DomainSpec spec) {
        return http.readJson(http.sendJson("POST", Http.API + "/domains", spec), Domain.class);
    }

    /** Destroys a domain: its pages return to the host, xenstore releases it. dom0: 409 EBUSY. */
    public void destroy(int domid) {
        http.discard(http.sendEmpty("DELETE", path(domid)));
    }

    /**
     * {@code xl mem-set}: writes xenstore {@code memory/target} = kib − videoram. The guest's
     * balloon driver moves towards it as the clock runs.
     */
    public void memSet(int domid, long kib) {
        http.discard(http.sendJson("PUT", path(domid) + "/memory/target", Map.of("kib", kib)));
    }

    /** {@code xl mem-max}: the hypervisor's {@code max_pages}; below what the domain owns is 400 EINVAL. */
    public void memMax(int domid, long kib) {
        http.discard(http.sendJson("PUT", path(domid) + "/memory/max", Map.of("kib", kib)));
    }

    /**
     * Writes {@code memory/dynamic-min} and {@code dynamic-max} (docs/toolstack.md "Dynamic
     * range"); {@code 0 < min ≤ max ≤ static-max}, else 400 EINVAL and nothing changes. A running
     * squeezed sees the new range through its watches.
     */
    public void setDynamicRange(int domid, long minKiB, long maxKiB) {
        http.discard(http.sendJson("PUT", path(domid) + "/memory/dynamic-range", new DynamicRange(minKiB, maxKiB)));
    }

    /**
     * Makes the guest's balloon driver misbehave (docs/toolstack.md "Misbehaving guests");
     * {@link BalloonFault#none()} heals it. Answers the driver's view, fault included. 400 EINVAL
     * for a bad mode, a missing or stray {@code periodSeconds}, or a rate with {@code stuck}.
     */
    public BalloonView setBalloonFault(int domid, BalloonFault fault) {
        return http.readJson(http.sendJson("PUT", path(domid) + "/balloon/fault", fault), BalloonView.class);
    }

    private record DynamicRange(long minKiB, long maxKiB) {
    }

    private static String path(int domid) {
        return Http.API + "/domains/" + domid;
    }
}
