package org.xenemu.selfballoon;

import java.util.EnumMap;
import java.util.Map;
import org.xenemu.error.XenException;
import org.xenemu.linux.Base10Kstrtoul;
import org.xenemu.linux.SysfsWrite;

/**
 * One domain's selfballoon tunables, stored as the seed stores them: 32-bit unsigned fields
 * ({@code unsigned int}; the switches are an {@code int} and a {@code bool} holding 0/1). A value
 * above 2^32 − 1 that passes the store's checks is truncated to its low 32 bits, exactly as the C
 * assignment {@code selfballoon_interval = val;} does — so writing 4294967296 to
 * {@code selfballoon_interval} passes the "not 0" check (it is done on the 64-bit value) and
 * stores 0. Shown with {@code "%d\n"}: the 32 bits read as a signed int.
 *
 * <p>Store rules (seed 002, every {@code store_*}): CAP_SYS_ADMIN or EPERM, then base-10
 * {@code kstrtoul} (EINVAL / ERANGE), then switches accept only 0 and 1 and every other tunable
 * rejects 0 (EINVAL). Side effects are reported in a {@link StoreOutcome} for the engine to act on
 * (schedule the worker; reset the frontswap countdown). Not thread-safe: callers hold the engine
 * lock.
 */
public final class SelfballoonTunables {
    /** By {@link Tunable#ordinal()}: read at every selfballoon run, so a plain array, not a map of boxes. */
    private final int[] values = new int[TUNABLES.length];
    private static final Tunable[] TUNABLES = Tunable.values();

    public SelfballoonTunables() {
        for (Tunable t : TUNABLES) {
            values[t.ordinal()] = t.defaultValue();
        }
    }

    /** What a successful store asks of the engine. */
    public record StoreOutcome(boolean scheduleWorker, boolean resetInertiaCounter) {
        static final StoreOutcome NONE = new StoreOutcome(false, false);
    }

    /** The raw 32 bits of a tunable. */
    public int raw(Tunable t) {
        return values[t.ordinal()];
    }

    /** The tunable as the kernel's {@code unsigned int}, zero-extended. */
    public long unsigned(Tunable t) {
        return Integer.toUnsignedLong(raw(t));
    }

    public boolean selfballooning() {
        return raw(Tunable.SELFBALLOONING) != 0;
    }

    public boolean frontswapSelfshrinking() {
        return raw(Tunable.FRONTSWAP_SELFSHRINKING) != 0;
    }

    /** The sysfs file's text: {@code sprintf(buf, "%d\n", value)}. */
    public String show(Tunable t) {
        return raw(t) + "\n";
    }

    /**
     * The sysfs store: privilege, parse, validate, then assign (truncating to 32 bits). A
     * zero-length write never reaches the kernel's store ({@link SysfsWrite#isNoOp}): it changes
     * nothing. The privilege refusal still comes first; it stands in for the open(2) that Linux
     * refuses an ordinary user by the file's mode.
     */
    public StoreOutcome store(Tunable t, String text, boolean privileged) {
        verifyPrivileged(privileged);
        if (SysfsWrite.isNoOp(text)) {
            return StoreOutcome.NONE;
        }
        return assign(t, parse(t, text));
    }

    /** Parses and validates as the store would, without assigning: the value to {@link #assign} later. */
    public static long parse(Tunable t, String text) {
        long value = Base10Kstrtoul.parse(text);
        if (t.isSwitch()) {
            if (value != 0 && value != 1) {
                throw XenException.invalid(t.fileName() + " accepts only 0 or 1");
            }
        } else if (value == 0) {
            throw XenException.invalid(t.fileName() + " must not be 0");
        }
        return value;
    }

    public static void verifyPrivileged(boolean privileged) {
        if (!privileged) {
            throw XenException.notPermitted("writing selfballoon tunables needs CAP_SYS_ADMIN (root in the guest)");
        }
    }

    /**
     * Assigns a value {@link #parse} accepted and reports the store's side effects: enabling
     * selfballooning schedules the worker; enabling frontswap self-shrinking schedules it only
     * when selfballooning is off (the seed's test); {@code frontswap_inertia} also resets the
     * countdown.
     */
    public StoreOutcome assign(Tunable t, long value) {
        boolean wasOn = raw(t) != 0;
        values[t.ordinal()] = (int) value;
        return switch (t) {
            case SELFBALLOONING -> new StoreOutcome(!wasOn && value == 1, false);
            case FRONTSWAP_SELFSHRINKING -> new StoreOutcome(!wasOn && !selfballooning() && value == 1, false);
            case FRONTSWAP_INERTIA -> new StoreOutcome(false, true);
            default -> StoreOutcome.NONE;
        };
    }

    /** Driver start sets values directly (no store checks), as {@code xen_selfballoon_init} does. */
    void setAtStart(Tunable t, long value) {
        values[t.ordinal()] = (int) value;
    }

    /** Restore: every value as saved; EINVAL (nothing changed) unless all tunables are given. */
    void restore(Map<Tunable, Integer> saved) {
        for (Tunable t : Tunable.values()) {
            if (!saved.containsKey(t)) {
                throw XenException.invalid("selfballoon tunable " + t.fileName() + " is missing");
            }
        }
        saved.forEach((t, v) -> values[t.ordinal()] = v);
    }

    /** A copy of every value as shown (signed 32 bits), in attribute order. */
    public Map<Tunable, Integer> snapshot() {
        Map<Tunable, Integer> copy = new EnumMap<>(Tunable.class);
        for (Tunable t : TUNABLES) {
            copy.put(t, values[t.ordinal()]);
        }
        return copy;
    }
}
