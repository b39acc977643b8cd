package org.xenemu.toolstack;

import java.util.List;

/**
 * The host and every domain at one instant, read in one go under the engine lock
 * ({@link Toolstack#figures}): the host's owners as {@code GET /host} shows them ({@link HostView}),
 * what dom0 owns, and each domain's {@link DomainFigures} by domid, dom0 first. KiB throughout.
 */
public record FleetFigures(long totalKiB, long xenKiB, long freeKiB, long tmemKiB, long pressureKiB,
                           long reservedKiB, long dom0KiB, List<DomainFigures> domains) {
    public FleetFigures {
        domains = List.copyOf(domains);
    }
}
