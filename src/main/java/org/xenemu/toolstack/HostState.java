package org.xenemu.toolstack;

import java.util.List;
import org.xenemu.caller.TokenRegistry;
import org.xenemu.host.Host;
import org.xenemu.toolstack.balancer.BalancerState;
import org.xenemu.xenstore.XenstoreState;

/**
 * The whole emulated host at one instant, as immutable values (docs/snapshots.md): what
 * {@link EmulatedHost#capture()} takes under the engine lock and {@link EmulatedHost#restore}
 * puts back. {@code settings} are those the saved host ran with (the clock's rate must match on
 * restore; the rest is informational). The clock reads {@code uptimeNanos}; the scheduler's next
 * sequence number and run count, the event bus's next sequence number and the toolstack's next
 * domid are the counters that make the future the same. Every pending timer is in the state of
 * the engine that owns it. {@code balancer} is the memory decider (squeezed or MoM) with its
 * reservations, after the domains because its watches were registered after theirs.
 */
public record HostState(HostSettings settings, long uptimeNanos, long schedulerNextSequence, long schedulerRuns,
                        long nextEventSeq, int nextDomid, XenstoreState xenstore, Host.State host,
                        List<TokenRegistry.SavedToken> tokens, List<DomainState> domains, BalancerState balancer) {
    public HostState {
        tokens = List.copyOf(tokens);
        domains = List.copyOf(domains);
    }

    /** The jiffy the clock reads at {@code uptimeNanos}, at the saved rate. */
    public long jiffies() {
        long hz = settings.hz();
        long second = 1_000_000_000L;
        return (uptimeNanos / second) * hz + (uptimeNanos % second) * hz / second;
    }
}
