package org.xenemu.events;

/**
 * A payload of an engine event: a past-tense record ({@code DomainCreated}, {@code BalloonStepped}).
 * Its simple class name is the event's type on the wire.
 */
public interface XenEvent {
    default String type() {
        return getClass().getSimpleName();
    }
}
