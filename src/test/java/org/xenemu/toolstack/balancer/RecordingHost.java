package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.List;

/** A host whose snapshot the test sets by hand; it records every write the decider makes. */
final class RecordingHost implements BalancerHost {
    HostSnapshot snapshot;
    final List<String> writes = new ArrayList<>();
    int snapshots;

    RecordingHost(HostSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public HostSnapshot snapshot() {
        snapshots++;
        return snapshot;
    }

    @Override
    public void setMaxmemKiB(int domid, long maxmemKiB) {
        writes.add("maxmem " + domid + " " + maxmemKiB);
    }

    @Override
    public void setTargetKiB(int domid, long targetKiB) {
        writes.add("target " + domid + " " + targetKiB);
    }

    /** A balloon-capable domain at its target (= actual = maxmem), inaccuracy 4. */
    static BalancedDomain settled(int domid, long dynamicMinKiB, long dynamicMaxKiB, long atKiB) {
        return new BalancedDomain(domid, true, dynamicMinKiB, dynamicMaxKiB, atKiB, atKiB, atKiB, 4);
    }

    /** A domain without feature-balloon, at its target. */
    static BalancedDomain withoutBalloon(int domid, long dynamicMinKiB, long dynamicMaxKiB, long atKiB) {
        return new BalancedDomain(domid, false, dynamicMinKiB, dynamicMaxKiB, atKiB, atKiB, atKiB, 4);
    }
}
