package org.xenemu.scenarios;

import java.util.Optional;

/**
 * A run's cancel switch: set once from any thread, read by the runners. A child switch is also
 * set when its parent is, so a plan can stop its other variants when one fails without touching
 * the caller's switch.
 */
public final class Cancellation {
    private final Optional<Cancellation> parent;
    private volatile boolean cancelled;

    public Cancellation() {
        this.parent = Optional.empty();
    }

    private Cancellation(Cancellation parent) {
        this.parent = Optional.of(parent);
    }

    /** A switch that is set when this one is, and can be set on its own. */
    public Cancellation child() {
        return new Cancellation(this);
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled || parent.map(Cancellation::isCancelled).orElse(false);
    }

    /** Throws {@link ScenarioCancelledException} once {@link #cancel()} was called (here or on a parent). */
    public void verifyNotCancelled() {
        if (isCancelled()) {
            throw new ScenarioCancelledException();
        }
    }
}
