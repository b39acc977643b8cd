package org.xenemu.xenstore.wire;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A bounded wait for something another thread does (a server noticing a closed socket), without
 * sleeping: the condition is re-checked, yielding the processor in between, until a deadline.
 */
final class Eventually {
    private Eventually() {
    }

    static void within(Duration max, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
