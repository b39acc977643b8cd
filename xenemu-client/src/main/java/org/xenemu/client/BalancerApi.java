package org.xenemu.client;

import org.xenemu.client.model.Balancer;
import org.xenemu.client.model.BalancerSettings;

/**
 * {@code /api/v1/host/balancer}: the toolstack's memory policy, squeezed or MoM, run by xenemu on
 * the virtual clock (docs/toolstack.md). The default is {@code none}: nothing decides, targets move
 * only when you set them. dom0's; a bad policy or option is 400 EINVAL naming the field.
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

    /**
     * Sets the policy and/or its options (members left out stay); answers the balancer. Switching
     * away from squeezed abandons its current call; pending reservations pass to the new policy.
     */
    public Balancer set(BalancerSettings settings) {
        return http.readJsonIfAny(http.sendJson("PUT", Http.API + "/host/balancer", settings), Balancer.class)
                .orElseGet(this::get);
    }
}
