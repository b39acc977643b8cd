package org.xenemu.snapshot;

import java.util.regex.Pattern;
import org.xenemu.error.XenException;

/**
 * The second line of a snapshot file (docs/snapshots.md "Format"): what it is, which format
 * version, which xenemu wrote it, the virtual instant it holds, the clock rate, how many domains,
 * and the body's length (gzip'ed and inflated), SHA-256 and compression.
 */
public record SnapshotHeader(String format, int formatVersion, String xenemuVersion, long createdAtJiffies,
                             long createdAtUptimeNanos, int hz, int domains, long bodyBytes, long jsonBytes,
                             String bodySha256, String compression) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The running xenemu's version (the jar's), or {@code dev} from the IDE or the tests. */
    static String runningVersion() {
        String v = SnapshotHeader.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    void verify() {
        if (!SnapshotFormat.MAGIC.equals(format) || formatVersion != SnapshotFormat.VERSION) {
            throw XenException.invalid("damaged header: it names format " + format + " version " + formatVersion);
        }
        if (!"gzip".equals(compression)) {
            throw XenException.invalid("damaged header: compression '" + compression + "', this xenemu reads gzip");
        }
        if (bodyBytes < 0 || bodyBytes > Integer.MAX_VALUE || jsonBytes < 0 || domains < 0 || hz < 1
                || createdAtUptimeNanos < 0 || createdAtJiffies < 0) {
            throw XenException.invalid("damaged header: a length, count or time is out of range");
        }
        if (bodySha256 == null || !SHA256.matcher(bodySha256).matches()) {
            throw XenException.invalid("damaged header: bodySha256 is not 64 lower-case hex digits");
        }
    }
}
