package org.xenemu.xenstore;

import java.util.Map;

/** A domain's quota limits (0 = unlimited) and current usage, by quota name. */
public record QuotaReport(int domid, boolean privileged, Map<String, Long> limits, Map<String, Long> usage) {
}
