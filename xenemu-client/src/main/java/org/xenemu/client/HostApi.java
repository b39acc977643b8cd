package org.xenemu.client;

import java.util.LinkedHashMap;
import java.util.Map;
import org.xenemu.client.model.Host;
import org.xenemu.client.model.Pressure;

/** {@code /api/v1/host}: the emulated hypervisor's memory (docs/api.md "Host and domains"). dom0's. */
public final class HostApi {
    private final Http http;

    HostApi(Http http) {
        this.http = http;
    }

    /** Memory in total, free, Xen's, pressure, tmem, per NUMA node. */
    public Host get() {
        return http.readJson(http.get(Http.API + "/host"), Host.class);
    }

    /** Holds {@code kib} of free memory away from everyone (absolute; replaces all pressure). */
    public Pressure setPressure(long kib) {
        return http.readJson(http.sendJson("PUT", Http.API + "/host/pressure", Map.of("kib", kib)), Pressure.class);
    }

    /** Sets only node {@code node}'s pressure. */
    public Pressure setPressure(long kib, int node) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kib", kib);
        body.put("node", node);
        return http.readJson(http.sendJson("PUT", Http.API + "/host/pressure", body), Pressure.class);
    }
}
