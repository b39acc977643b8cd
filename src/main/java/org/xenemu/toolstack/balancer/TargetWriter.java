package org.xenemu.toolstack.balancer;

/**
 * sx.ml {@code execute_action}: applies one new target to one domain through the port, in the order
 * that never lets a guest's target exceed its maxmem:
 * <pre>
 *   new target &gt; maxmem:      maxmem := new; then target := new   (only with feature-balloon)
 *   else, with feature-balloon: target := new; then maxmem := new
 *   else (no feature-balloon):  nothing   (CP-311475: neither target nor a lowered maxmem)
 * </pre>
 * A negative target is refused, as squeezed logs and drops it. Writes of the value the snapshot
 * already shows are skipped, as squeezed's caches skip them (sx.ml {@code write_noexn},
 * {@code set_maxmem_noexn}). Unlike squeezed, the comparison uses the snapshot's maxmem in
 * target units, not squeezed's cache, which starts without the offsets and later holds them
 * (harmless there, and not copied).
 */
final class TargetWriter {
    private TargetWriter() {
    }

    static void execute(BalancerHost host, BalancedDomain domain, long newTargetKiB) {
        if (newTargetKiB < 0) {
            return;
        }
        int domid = domain.domid();
        if (newTargetKiB > domain.maxmemKiB()) {
            host.setMaxmemKiB(domid, newTargetKiB);
            if (domain.canBalloon() && newTargetKiB != domain.targetKiB()) {
                host.setTargetKiB(domid, newTargetKiB);
            }
        } else if (domain.canBalloon()) {
            if (newTargetKiB != domain.targetKiB()) {
                host.setTargetKiB(domid, newTargetKiB);
            }
            if (newTargetKiB != domain.maxmemKiB()) {
                host.setMaxmemKiB(domid, newTargetKiB);
            }
        }
    }
}
