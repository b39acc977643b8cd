package org.xenemu.scenarios.document;

import org.xenemu.error.XenException;

/**
 * A scenario document refused before anything runs: the field, as a path into the document
 * ({@code domains[0].workload[2].kind}, {@code sweep["host.balancer.policy"][1]}, or
 * {@value #DOCUMENT} for the document as a whole), and why. The message is the one line
 * {@code field: reason} that the CLI prints and the HTTP answer carries as its detail (400 EINVAL
 * via {@link #toXenException}).
 */
public final class InvalidScenarioException extends RuntimeException {
    /** The field named when the problem is the document itself (its size, its syntax at the top). */
    public static final String DOCUMENT = "document";

    private final String field;
    private final String reason;

    InvalidScenarioException(String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    /**
     * A problem found after parsing, by a part that knows what this build can run (the runner's
     * checks): named and phrased as the parser's own.
     */
    public static InvalidScenarioException of(String field, String reason) {
        return new InvalidScenarioException(field.isEmpty() ? DOCUMENT : field, reason);
    }

    /** The path of the offending field. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the path. */
    public String reason() {
        return reason;
    }

    /** The same one line as an EINVAL for the HTTP layer (400, {@code errno: EINVAL}). */
    public XenException toXenException() {
        return XenException.invalid(field + ": " + reason);
    }
}
