package org.xenemu.events;

/**
 * A payload of an engine event: a past-tense record ({@code DomainCreated}, {@code BalloonStepped}).
 * Its simple class name is the event's type on the wire. The accessor is not called {@code type()}
 * so that a record may have a {@code type} component (DomainCreated's PV/HVM) without renaming the event.
 */
public interface XenEvent {
    default String eventType() {
        return EventTypes.of(getClass());
    }
}
