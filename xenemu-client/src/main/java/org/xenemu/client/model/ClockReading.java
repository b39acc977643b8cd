package org.xenemu.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * The virtual clock ({@code GET /clock}; docs/api.md "Clock").
 *
 * @param mode        {@code realtime} or {@code manual}
 * @param hz          jiffies per second
 * @param jiffies     jiffies since boot
 * @param uptimeNanos virtual time since boot
 * @param speed       realtime mode's factor over wall time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClockReading(String mode, int hz, long jiffies, long uptimeNanos, double speed) {
    /** Virtual time since boot. */
    public Duration uptime() {
        return Duration.ofNanos(uptimeNanos);
    }

    /** True in manual mode, where only {@code advance} moves time. */
    public boolean manual() {
        return "manual".equals(mode);
    }
}
