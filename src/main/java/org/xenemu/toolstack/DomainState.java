package org.xenemu.toolstack;

import org.jspecify.annotations.Nullable;
import org.xenemu.balloon.BalloonDriver;
import org.xenemu.guest.GuestDomain;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.selfballoon.Selfballooner;

/**
 * One domain as a snapshot keeps it: the toolstack's record of it (identity and memory
 * configuration as created) and each engine's own state — the guest kernel, the balloon driver,
 * the guest engines (workload and meminfo report) and selfballoon (null where the domain has
 * none). The host's account of the domain is in {@link HostState#host()}.
 */
public record DomainState(int domid, String name, DomainType type, int homeNode, long staticMaxKiB,
                          long videoramKiB, GuestKernel.State kernel, BalloonDriver.State balloon,
                          GuestDomain.@Nullable State guest, Selfballooner.@Nullable State selfballoon) {
}
