package org.xenemu.scenarios;

/** How far one variant's virtual time has come. Called from the runner's thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = virtualNanos -> { };

    /** The variant's virtual clock has reached {@code virtualNanos} (never decreasing). */
    void advanced(long virtualNanos);
}
