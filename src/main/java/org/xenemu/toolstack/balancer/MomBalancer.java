package org.xenemu.toolstack.balancer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.xenemu.toolstack.balancer.MomPolicy.Decision;
import org.xenemu.toolstack.balancer.MomPolicy.GuestSample;
import org.xenemu.toolstack.balancer.MomPolicy.HostSample;

/**
 * MoM's monitors and policy engine on the virtual clock (docs/toolstack.md "MoM policy (`policy: mom`)"): a host monitor and one
 * monitor per guest each keep their last {@code historyLength} samples ({@code Monitor.collect},
 * a deque capped at sample-history-length); the policy engine evaluates {@link MomPolicy} every
 * decision interval on those histories.
 *
 * <p>Timing: {@link #start} at t0 samples at once and every sample interval after; the first
 * decision is one decision interval after t0 (MoM's engine sleeps before its first run). When a
 * sample and a decision fall due together, the sample is taken first (MoM's threads race there).
 * The integration calls {@link #tick} from a scheduler task at least as often as samples are due.
 *
 * <p>Readiness ({@code Monitor._set_ready}, {@code GuestManager.interrogate}): under
 * {@link MomVariant#BALLOON_RULES} mem_unused is a required field (libvirt's GuestMemory
 * collector), so a guest sample without it makes that guest "not ready": it is not recorded and
 * the guest sits out the decisions until a complete sample arrives. vdsm's optional collectors
 * record it anyway and its policy skips the guest ({@link MomVariant#VDSM_BALLOON_POLICY}). A
 * guest missing from a sampling is forgotten (its monitor ends with the domain).
 *
 * <p>xenemu's inputs: balloon_cur = the domain's current memory (its target as the
 * driver sees it), balloon_max = static-max (or dynamic-max when set), balloon_min = dynamic-min
 * (or 0), mem_unused = {@code data/meminfo_free}; host free = the hypervisor's free memory,
 * host total = its total.
 */
public final class MomBalancer {
    private final MomSettings settings;
    private final Deque<HostSample> host = new ArrayDeque<>();
    private final Map<Integer, Deque<GuestSample>> guests = new HashMap<>();
    private final Map<Integer, Boolean> ready = new HashMap<>();
    private long nextSampleNanos;
    private long nextDecisionNanos;
    private boolean started;

    public MomBalancer(MomSettings settings) {
        this.settings = settings;
    }

    public MomSettings settings() {
        return settings;
    }

    public void start(long nowNanos) {
        started = true;
        nextSampleNanos = nowNanos;
        nextDecisionNanos = nowNanos + settings.decisionIntervalNanos();
    }

    public long nextSampleAtNanos() {
        return nextSampleNanos;
    }

    public long nextDecisionAtNanos() {
        return nextDecisionNanos;
    }

    /** An observation of the host and its guests at one moment, read by the integration. */
    public record Observation(HostSample host, Map<Integer, GuestSample> guests) {
    }

    /**
     * Takes a sample if one is due (reading {@code observe} only then), then decides if a decision
     * is due. The next of each is one interval after now, as MoM's threads sleep an interval after
     * each run: a late tick delays, and never doubles, the next one.
     */
    public Optional<List<Decision>> tick(long nowNanos, Supplier<Observation> observe) {
        if (!started) {
            start(nowNanos);
        }
        if (nowNanos >= nextSampleNanos) {
            Observation o = observe.get();
            record(o.host(), o.guests());
            nextSampleNanos = nowNanos + settings.sampleIntervalNanos();
        }
        if (nowNanos >= nextDecisionNanos) {
            nextDecisionNanos = nowNanos + settings.decisionIntervalNanos();
            return Optional.of(decide());
        }
        return Optional.empty();
    }

    /** One sampling of every monitor. */
    public void record(HostSample hostSample, Map<Integer, GuestSample> guestSamples) {
        push(host, hostSample);
        guests.keySet().retainAll(guestSamples.keySet());
        ready.keySet().retainAll(guestSamples.keySet());
        guestSamples.forEach((domid, sample) -> {
            boolean complete = sample.memUnusedKiB().isPresent() || settings.variant() == MomVariant.VDSM_BALLOON_POLICY;
            ready.put(domid, complete);
            if (complete) {
                push(guests.computeIfAbsent(domid, id -> new ArrayDeque<>()), sample);
            }
        });
    }

    /** One policy-engine run over the ready monitors. */
    public List<Decision> decide() {
        Map<Integer, List<GuestSample>> histories = new TreeMap<>();
        guests.forEach((domid, history) -> {
            if (ready.getOrDefault(domid, false) && !history.isEmpty()) {
                histories.put(domid, new ArrayList<>(history));
            }
        });
        return MomPolicy.evaluate(settings.variant(), settings.balloonEnabled(), new ArrayList<>(host), histories);
    }

    private <T> void push(Deque<T> history, T sample) {
        history.addLast(sample);
        while (history.size() > settings.historyLength()) {
            history.removeFirst();
        }
    }

    // ---- snapshots ----

    BalancerState.Mom capture() {
        Map<Integer, List<GuestSample>> histories = new TreeMap<>();
        guests.forEach((domid, history) -> histories.put(domid, List.copyOf(history)));
        return new BalancerState.Mom(List.copyOf(host), histories, new TreeMap<>(ready), nextSampleNanos,
                nextDecisionNanos, started);
    }

    static MomBalancer restored(MomSettings settings, BalancerState.Mom saved) {
        MomBalancer m = new MomBalancer(settings);
        m.host.addAll(saved.host());
        saved.guests().forEach((domid, history) -> m.guests.put(domid, new ArrayDeque<>(history)));
        m.ready.putAll(saved.ready());
        m.nextSampleNanos = saved.nextSampleNanos();
        m.nextDecisionNanos = saved.nextDecisionNanos();
        m.started = saved.started();
        return m;
    }
}
