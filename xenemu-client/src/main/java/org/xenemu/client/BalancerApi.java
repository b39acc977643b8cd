package org.xenemu.client;

import org.xenemu.client.model.Balancer;
import org.xenemu.client.model.BalancerSettings;

/**
 * {@code /api/v1/host/balancer}: the toolstack's memory policy, squeezed or MoM, run by xenemu on
 * the virtual clock (planned: docs/api.md "Planned", toolstack.md). Switch it to {@code none} to
 * drive targets yourself. dom0's.
 */
public final class BalancerApi {
    private final Http http;

    BalancerApi(Http http) {
        this.http = http;
    }

    /** The policy, its settings and its last run. */
    public Balancer get() {
        return http.readJson(http.get(Http.API + "/host/balancer"), Balancer.class);
    }

    /** Sets the policy and its options; answers the balancer (read again if the server answers 204). */
    public Balancer set(BalancerSettings settings) {
        return http.readJsonIfAny(http.sendJson("PUT", Http.API + "/host/balancer", settings), Balancer.class)
                .orElseGet(this::get);
    }
}
