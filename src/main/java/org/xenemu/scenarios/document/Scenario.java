package org.xenemu.scenarios.document;

import java.util.List;

/**
 * One validated, expanded variant of a document: what a runner needs and nothing it must check
 * again. Groups are expanded into domains, actions are in time order (ties in document order), the
 * host's defaults are filled in.
 *
 * <p>Samples are taken at {@code 0, sample, 2·sample, …} and at {@code duration} itself (so the
 * end is always a sample): {@code ⌊duration / sample⌋ + 1} samples, one more when the duration is
 * not a multiple of the sample. 24 h at 60 s gives 1441.
 *
 * @param domains the domains that exist when the scenario starts, in creation order
 */
public record Scenario(String name, long seed, long durationNanos, long sampleNanos, HostPlan host,
                       List<DomainPlan> domains, List<Action> actions) {
    public Scenario {
        domains = List.copyOf(domains);
        actions = List.copyOf(actions);
    }

    public int sampleCount() {
        return sampleCount(durationNanos, sampleNanos);
    }

    /** The virtual time of sample {@code i} (0 ≤ i &lt; {@link #sampleCount()}). */
    public long sampleTimeNanos(int i) {
        if (i < 0 || i >= sampleCount()) {
            throw new IndexOutOfBoundsException(i);
        }
        return Math.min((long) i * sampleNanos, durationNanos);
    }

    /** Every domain the scenario may ever have: those at the start and those created by actions. */
    public int domainCountUpperBound() {
        int n = domains.size();
        for (Action a : actions) {
            if (a instanceof Action.Create c) {
                n += c.domains().size();
            } else if (a instanceof Action.Reserve r) {
                n += r.domains().size();
            }
        }
        return n;
    }

    static int sampleCount(long durationNanos, long sampleNanos) {
        long whole = durationNanos / sampleNanos + 1;
        return (int) Math.min(Integer.MAX_VALUE, durationNanos % sampleNanos == 0 ? whole : whole + 1);
    }
}
