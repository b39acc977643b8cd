package org.xenemu.scenarios;

/**
 * A variant's run failed: the runner threw. The message names the variant and the cause in one
 * line ({@code variant "policy=mom": actions[2]: create batch: ENOMEM ...}); the cause is kept.
 */
public final class ScenarioFailedException extends RuntimeException {
    private final String variant;

    ScenarioFailedException(String variant, Throwable cause) {
        super("variant " + quote(variant) + ": " + oneLine(cause), cause);
        this.variant = variant;
    }

    public String variant() {
        return variant;
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
