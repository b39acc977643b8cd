package org.xenemu.xenstore;

/**
 * Where a connection's watch events go. Called outside every store lock, in the order the changes
 * were committed; it must not block for long (the REST stream and the socket queue the event, an
 * engine schedules its reaction on the virtual clock). Returning false says the consumer's bounded
 * queue overflowed; the store then closes that connection, the documented slow-consumer policy.
 */
@FunctionalInterface
public interface WatchSink {
    boolean deliver(String path, String token);

    WatchSink DISCARD = (path, token) -> true;
}
