package org.xenemu.events;

/**
 * An event class's simple name, worked out once per class: {@link Class#getSimpleName()} walks
 * the class's reflection data, and the busiest engines publish millions of events a virtual day.
 */
final class EventTypes {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName();
        }
    };

    private EventTypes() {
    }

    static String of(Class<?> type) {
        return NAMES.get(type);
    }
}
