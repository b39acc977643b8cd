package org.xenemu.scenarios;

/** A run stopped because it was cancelled ({@code DELETE /scenarios/{id}}, Ctrl-C). */
public final class ScenarioCancelledException extends RuntimeException {
    public ScenarioCancelledException() {
        super("cancelled", null, false, false);
    }
}
