package org.xenemu.clock;

/**
 * A queued task's place on the {@link Scheduler}: its due jiffy and its submission sequence, which
 * orders tasks due at the same jiffy. A snapshot saves one per pending timer and the restore queues
 * the re-created task at exactly this place.
 */
public record TaskSlot(long dueJiffy, long sequence) {
}
