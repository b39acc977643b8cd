package org.xenemu.balloon;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import org.xenemu.error.XenException;
import org.xenemu.units.Pages;

/**
 * How a misbehaving guest's balloon driver disobeys (docs/toolstack.md "Misbehaving guests";
 * squeezed's simulated guests, st.ml {@code idealised_vm}, {@code idealised_vm_with_limit},
 * {@code idealised_vm_with_upper_limit}, {@code stuck_vm}, {@code intermittently_stuck_vm}).
 * It changes only what the driver does with its target: which pages it moves and when. The pages
 * it does move go through the hypervisor and the guest exactly as a healthy driver's, so
 * conservation and accounting stay exact.
 * <ul>
 *   <li>{@link Mode#STUCK}: the driver takes targets (sysfs and the view show them) but never moves a page;</li>
 *   <li>{@link Mode#INTERMITTENT}: it works for {@code period}, is stuck for the next {@code period}, and
 *       so on from the moment the fault was set (squeezed's phase: working first);</li>
 *   <li>a {@code rate} (KiB per virtual second, any mode but stuck): it moves at most that much per
 *       second, page by page on the clock, instead of up to 512 pages per batch at once;</li>
 *   <li>a hidden {@code floor} / {@code ceiling} (KiB of the guest's own memory, current_kb): it stops
 *       there whatever the target says, and does not say so (its state stays DONE).</li>
 * </ul>
 *
 * @param periodNanos the intermittent period (only with {@link Mode#INTERMITTENT}, then &gt; 0)
 */
public record BalloonFault(Mode mode, OptionalLong periodNanos, OptionalLong rateKiBPerSecond, OptionalLong floorKiB,
                           OptionalLong ceilingKiB) {
    public static final BalloonFault NONE = new BalloonFault(Mode.NONE, OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** A day: longer periods and faster rates than any test needs, short enough for no arithmetic to overflow. */
    public static final long MAX_PERIOD_NANOS = 86_400 * NANOS_PER_SECOND;
    public static final long MAX_KIB = 1L << 40;

    public enum Mode {
        NONE, STUCK, INTERMITTENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** EINVAL for an unknown name. */
        public static Mode ofWireName(String name) {
            for (Mode m : values()) {
                if (m.wireName().equals(name)) {
                    return m;
                }
            }
            throw XenException.invalid("mode must be none, stuck or intermittent");
        }
    }

    /** EINVAL for a fault that cannot be: a period without intermittence or out of range, a floor above the ceiling. */
    public BalloonFault {
        if (mode == Mode.INTERMITTENT != periodNanos.isPresent()) {
            throw XenException.invalid("periodSeconds is required with mode intermittent and only there");
        }
        if (periodNanos.isPresent() && (periodNanos.getAsLong() <= 0 || periodNanos.getAsLong() > MAX_PERIOD_NANOS)) {
            throw XenException.invalid("periodSeconds must be above 0 and at most 86400");
        }
        if (rateKiBPerSecond.isPresent() && (rateKiBPerSecond.getAsLong() <= 0 || rateKiBPerSecond.getAsLong() > MAX_KIB)) {
            throw XenException.invalid("rateKiBPerSecond must be above 0 and at most 2^40");
        }
        verifyKiB("floorKiB", floorKiB);
        verifyKiB("ceilingKiB", ceilingKiB);
        if (floorKiB.isPresent() && ceilingKiB.isPresent() && floorKiB.getAsLong() > ceilingKiB.getAsLong()) {
            throw XenException.invalid("floorKiB must not be above ceilingKiB");
        }
    }

    private static void verifyKiB(String name, OptionalLong kib) {
        if (kib.isPresent() && (kib.getAsLong() < 0 || kib.getAsLong() > MAX_KIB)) {
            throw XenException.invalid(name + " must be 0..2^40");
        }
    }

    /** An intermittent period given in (possibly fractional) seconds, truncated to nanoseconds. */
    public static OptionalLong periodOf(BigDecimal seconds) {
        if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
            throw XenException.invalid("periodSeconds must be above 0 and at most 86400");
        }
        long nanos = seconds.movePointRight(9).longValue();
        if (nanos <= 0) {
            throw XenException.invalid("periodSeconds must be at least one nanosecond");
        }
        return OptionalLong.of(nanos);
    }

    public boolean isNone() {
        return this == NONE || equals(NONE);
    }

    /**
     * For an intermittent fault set at {@code sinceNanos}: when the stuck window around
     * {@code nowNanos} ends, or -1 when the driver works at {@code nowNanos} (windows
     * [P, 2P), [3P, 4P), … after the fault was set are stuck, as squeezed's
     * {@code intermittently_stuck_vm} with {@code floor(t / P)} odd).
     */
    long stuckUntilNanos(long sinceNanos, long nowNanos) {
        if (mode != Mode.INTERMITTENT) {
            return mode == Mode.STUCK ? Long.MAX_VALUE : -1;
        }
        long period = periodNanos.getAsLong();
        long window = Math.max(0, nowNanos - sinceNanos) / period;
        return window % 2 == 0 ? -1 : sinceNanos + (window + 1) * period;
    }

    /** The driver's goal after the hidden limits: never below the floor or above the ceiling, never backwards. */
    long effectiveTargetPages(long targetPages, long currentPages) {
        long goal = targetPages;
        if (goal < currentPages && floorKiB.isPresent()) {
            goal = Math.max(goal, Math.min(currentPages, Pages.fromKiBRoundingUp(floorKiB.getAsLong())));
        }
        if (goal > currentPages && ceilingKiB.isPresent()) {
            goal = Math.min(goal, Math.max(currentPages, Pages.fromKiB(ceilingKiB.getAsLong())));
        }
        return goal;
    }
}
