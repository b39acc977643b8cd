package org.xenemu.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xenemu.client.model.ClockReading;

/**
 * {@code /api/v1/clock}: the virtual clock that drives every engine (docs/api.md "Clock"). In
 * manual mode time moves only by {@link #advance(Duration)}, which runs every due engine step in
 * order before it answers, so hours of ballooning take milliseconds.
 */
public final class ClockApi {
    private final Http http;

    ClockApi(Http http) {
        this.http = http;
    }

    /** The clock now (anyone may read it). */
    public ClockReading get() {
        return http.readJson(http.get(Http.API + "/clock"), ClockReading.class);
    }

    /** Switches to manual mode (dom0). */
    public ClockReading manual() {
        return set("manual", null);
    }

    /** Switches to realtime mode at the current speed (dom0). */
    public ClockReading realtime() {
        return set("realtime", null);
    }

    /** Switches to realtime mode at {@code speed} × wall time (0 &lt; speed ≤ 10^6). */
    public ClockReading realtime(double speed) {
        return set("realtime", speed);
    }

    private ClockReading set(String mode, Double speed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", mode);
        if (speed != null) {
            body.put("speed", speed);
        }
        return http.readJson(http.sendJson("PUT", Http.API + "/clock", body), ClockReading.class);
    }

    /**
     * Advances manual time by {@code by} (nanosecond precision), running every due engine step;
     * answers the clock. 409 EBUSY in realtime mode; at most ten virtual years.
     */
    public ClockReading advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go backwards: " + by);
        }
        BigDecimal seconds = BigDecimal.valueOf(by.getSeconds()).add(BigDecimal.valueOf(by.getNano(), 9))
                .stripTrailingZeros();
        return http.readJson(http.sendJson("POST", Http.API + "/clock/advance", Map.of("seconds", seconds)),
                ClockReading.class);
    }

    /** Advances manual time by {@code jiffies} ticks. */
    public ClockReading advanceJiffies(long jiffies) {
        return http.readJson(http.sendJson("POST", Http.API + "/clock/advance", Map.of("jiffies", jiffies)),
                ClockReading.class);
    }
}
