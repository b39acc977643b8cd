package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * MoM's balloon policy as pure code: one evaluation over the sample histories gives the guests'
 * new balloon targets (KiB). {@code oVirt/mom doc/balloon.rules} and vdsm's
 * {@code mom.d/02-balloon.policy}; {@code mom/Entity.py StatAvg}; {@code Controllers/Balloon.py}.
 * <pre>
 *   hostFree% = avg(host free) / latest host total              (StatAvg "mem_free" / mem_available)
 *   below 20 %: shrink every guest, else grow it                 (vdsm: shrink only if balloonEnabled)
 *   gfp      = hostFree% ≤ 5 % ? −0.05 + hostFree% : 0.20 · (hostFree% / 0.20)   (critical / normal)
 *   used     = avg(balloon_cur) − avg(mem_unused)
 *   shrink:  floor = max(balloon_min, used + gfp · cur); size = max(cur · (1 − 0.05), floor);
 *            set if size ≤ cur and big enough
 *   grow:    only if cur &lt; balloon_max; floor = max(balloon_min, used + 0.20 · cur)   (vdsm: gfp · cur)
 *            size = min(max(cur · (1 + 0.05), floor), balloon_max); set if big enough
 *   big enough: |size − cur| &gt; 0.0025 · cur (strict); the controller truncates: (long) size
 * </pre>
 * So a shrink step is at most 5 % and never below the floor (nothing when the floor is above
 * current); a grow step is <em>at least</em> 5 % (more when the guest needs it), capped at max.
 * Worked examples: host at 12.5 %, guest cur 4194304, avg unused 1048576 → used
 * 3145728, floor 3670016, 0.95·cur = 3984588.8 → 3984588. Host at 30 %, cur 3145728, max 4194304,
 * avg unused 209715 → used 2936013, floor 2936013 + 629145.6 → 3565158 (vdsm: gfp 0.30 → 3879731).
 * An evaluation that fails (no host sample, host total 0: MoM's division error) sets nothing, as
 * MoM's {@code Policy.evaluate} discards the whole run on any error.
 */
public final class MomPolicy {
    public static final double PRESSURE_THRESHOLD = 0.20;
    public static final double PRESSURE_CRITICAL = 0.05;
    public static final double MIN_GUEST_FREE_PERCENT = 0.20;
    public static final double MAX_BALLOON_CHANGE_PERCENT = 0.05;
    public static final double MIN_BALLOON_CHANGE_PERCENT = 0.0025;

    private MomPolicy() {
    }

    /** One host-monitor sample: free (Xen has no page cache: MemFree+Buffers+Cached → free) and total. */
    public record HostSample(long freeKiB, long totalKiB) {
    }

    /**
     * One guest-monitor sample: balloon_cur, balloon_max, balloon_min (GuestBalloon) and
     * mem_unused = the guest's MemFree (GuestMemory), absent when the guest has not published it.
     */
    public record GuestSample(long balloonCurKiB, long balloonMaxKiB, long balloonMinKiB, OptionalLong memUnusedKiB) {
    }

    /** Which rule set a target. */
    public enum Rule { SHRINK, GROW, QOS }

    /** A new balloon target for one guest. */
    public record Decision(int domid, long targetKiB, Rule rule) {
    }

    /**
     * Evaluates the policy. {@code host} and each guest's history are oldest first, newest last,
     * and non-empty for every guest passed (MoM only evaluates guests whose monitor is ready).
     */
    public static List<Decision> evaluate(MomVariant variant, boolean balloonEnabled, List<HostSample> host,
                                          Map<Integer, List<GuestSample>> guests) {
        if (host.isEmpty() || host.get(host.size() - 1).totalKiB() == 0) {
            return List.of();
        }
        double hostFree = average(host, s -> s.freeKiB()) / host.get(host.size() - 1).totalKiB();
        double guestFreePercent = hostFree <= PRESSURE_CRITICAL ? -0.05 + hostFree
                : MIN_GUEST_FREE_PERCENT * (hostFree / PRESSURE_THRESHOLD);
        boolean vdsm = variant == MomVariant.VDSM_BALLOON_POLICY;
        boolean shrink = hostFree < PRESSURE_THRESHOLD && (!vdsm || balloonEnabled);
        SortedMap<Integer, Decision> decisions = new TreeMap<>();
        new TreeMap<>(guests).forEach((domid, history) -> {
            GuestSample latest = history.get(history.size() - 1);
            if (vdsm && latest.memUnusedKiB().isEmpty()) {
                return;         // "Memory information is missing, ballooning for guest disabled"
            }
            double used = average(history, s -> s.balloonCurKiB())
                    - average(history, s -> s.memUnusedKiB().isPresent() ? s.memUnusedKiB().getAsLong() : Double.NaN);
            OptionalLong target = shrink ? shrink(latest, used, guestFreePercent)
                    : grow(latest, used, vdsm ? guestFreePercent : MIN_GUEST_FREE_PERCENT);
            target.ifPresent(t -> decisions.put(domid, new Decision(domid, t, shrink ? Rule.SHRINK : Rule.GROW)));
        });
        if (vdsm) {
            guests.forEach((domid, history) -> {
                GuestSample latest = history.get(history.size() - 1);
                if (latest.balloonCurKiB() < latest.balloonMinKiB()) {
                    decisions.put(domid, new Decision(domid, latest.balloonMinKiB(), Rule.QOS));
                }
            });
        }
        return List.copyOf(decisions.values());
    }

    private static OptionalLong shrink(GuestSample g, double used, double guestFreePercent) {
        long cur = g.balloonCurKiB();
        double floor = Math.max(g.balloonMinKiB(), used + guestFreePercent * cur);
        double size = cur * (1 - MAX_BALLOON_CHANGE_PERCENT);
        if (size < floor) {
            size = floor;
        }
        return size <= cur && bigEnough(cur, size) ? OptionalLong.of((long) size) : OptionalLong.empty();
    }

    private static OptionalLong grow(GuestSample g, double used, double guestFreePercent) {
        long cur = g.balloonCurKiB();
        if (cur >= g.balloonMaxKiB()) {
            return OptionalLong.empty();
        }
        double floor = Math.max(g.balloonMinKiB(), used + guestFreePercent * cur);
        double size = cur * (1 + MAX_BALLOON_CHANGE_PERCENT);
        if (size < floor) {
            size = floor;
        }
        if (size > g.balloonMaxKiB()) {
            size = g.balloonMaxKiB();
        }
        return bigEnough(cur, size) ? OptionalLong.of((long) size) : OptionalLong.empty();
    }

    /** balloon.rules {@code change_big_enough}: strictly more than 0.25 % of current. */
    static boolean bigEnough(long cur, double size) {
        return Math.abs(size - cur) > MIN_BALLOON_CHANGE_PERCENT * cur;
    }

    /** Entity.py {@code StatAvg}: the mean over samples that have the field (NaN: absent); 0.0 if none. */
    static <T> double average(List<T> samples, ToDoubleFunction<T> field) {
        double total = 0;
        int n = 0;
        for (T s : samples) {
            double v = field.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                total += v;
                n++;
            }
        }
        return n == 0 ? 0.0 : total / n;
    }
}
