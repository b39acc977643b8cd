package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An engine event (docs/api.md "Events"): {@code DomainCreated}, {@code TargetChanged},
 * {@code BalloonStepped}, … with its members in {@link #data()} as JSON values (numbers as
 * {@link Number}, lists as {@link java.util.List}, objects as {@link Map}).
 *
 * @param seq         its sequence number (the SSE id)
 * @param type        its type
 * @param jiffies     virtual time of publication
 * @param uptimeNanos virtual time of publication
 * @param data        its members
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(long seq, String type, long jiffies, long uptimeNanos, Map<String, Object> data) {
    public Event {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    /** The {@code domid} member, for the events about one domain. */
    public OptionalInt domid() {
        return number("domid").map(n -> OptionalInt.of(n.intValue())).orElse(OptionalInt.empty());
    }

    /** A numeric member. */
    public OptionalLong longValue(String member) {
        return number(member).map(n -> OptionalLong.of(n.longValue())).orElse(OptionalLong.empty());
    }

    /** A text member. */
    public Optional<String> text(String member) {
        Object v = data.get(member);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    private Optional<Number> number(String member) {
        Object v = data.get(member);
        return v instanceof Number n ? Optional.of(n) : Optional.empty();
    }

    /** True for an event of this type about this domain. */
    public boolean is(String eventType, int aboutDomid) {
        return type.equals(eventType) && domid().equals(OptionalInt.of(aboutDomid));
    }
}
