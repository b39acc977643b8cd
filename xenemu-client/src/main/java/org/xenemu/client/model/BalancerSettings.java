package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code PUT /host/balancer}: a policy and its options, as
 * {@code {"policy": "squeezed", "intervalSeconds": 10, ...}}. Members left out stay as they are
 * (docs/toolstack.md "Turning it on"): {@code intervalSeconds} 1–86400, {@code hostFreeTargetKiB} ≥ 0.
 */
public final class BalancerSettings {
    private final Map<String, Object> members;

    private BalancerSettings(Map<String, Object> members) {
        this.members = members;
    }

    /** {@code none}, {@code squeezed} or {@code mom}. */
    public static BalancerSettings policy(String policy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", Objects.requireNonNull(policy, "policy"));
        return new BalancerSettings(m);
    }

    /** Options only: the policy stays as it is. */
    public static BalancerSettings unchanged() {
        return new BalancerSettings(new LinkedHashMap<>());
    }

    /** Another option (e.g. {@code intervalSeconds}, {@code hostFreeTargetKiB}). */
    public BalancerSettings with(String option, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(members);
        m.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
        return new BalancerSettings(m);
    }

    public BalancerSettings intervalSeconds(long seconds) {
        return with("intervalSeconds", seconds);
    }

    public BalancerSettings hostFreeTargetKiB(long kib) {
        return with("hostFreeTargetKiB", kib);
    }

    /** The members as sent. */
    @JsonAnyGetter
    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    /** The policy asked for, or null when it stays as it is. */
    @JsonIgnore
    public String policyName() {
        return (String) members.get("policy");
    }

    @Override
    public String toString() {
        return "BalancerSettings" + members;
    }
}
