package org.xenemu.toolstack.balancer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xenemu.error.XenException;

/**
 * The host as one squeezed poll sees it (sq.ml {@code host}): the balanced domains in ascending
 * domid order (sq.ml's {@code DomainSet} is ordered by domid) and the host's free memory.
 *
 * <p>{@code freeKiB} is squeezed's {@code free_mem_kib}: free plus scrub pages, minus memory held
 * by reservations not yet transferred and by not-yet-booted domains' initial reservations
 * (sx.ml {@code make_host}); it may be negative.
 */
public record HostSnapshot(long freeKiB, List<BalancedDomain> domains) {
    public HostSnapshot {
        List<BalancedDomain> sorted = new ArrayList<>(domains);
        sorted.sort(Comparator.comparingInt(BalancedDomain::domid));
        for (int i = 0; i < sorted.size(); i++) {
            int domid = sorted.get(i).domid();
            if (domid < 0) {
                throw XenException.invalid("domid must be >= 0: " + domid);
            }
            if (i > 0 && sorted.get(i - 1).domid() == domid) {
                throw XenException.invalid("domid " + domid + " appears twice in a host snapshot");
            }
        }
        domains = List.copyOf(sorted);
    }

    public static HostSnapshot of(long freeKiB, BalancedDomain... domains) {
        return new HostSnapshot(freeKiB, List.of(domains));
    }

    public Optional<BalancedDomain> domain(int domid) {
        return domains.stream().filter(d -> d.domid() == domid).findFirst();
    }

    /**
     * The fast path's test (sq.ml {@code change_host_free_memory}): every domain with a balloon
     * driver is within its inaccuracy of its target.
     */
    public boolean everyBalloonableDomainHitItsTarget() {
        return domains.stream().filter(BalancedDomain::canBalloon).allMatch(BalancedDomain::hasHitTarget);
    }
}
