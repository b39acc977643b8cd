package org.xenemu.toolstack;

import org.xenemu.balloon.BalloonDriver;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.host.Host;
import org.xenemu.xenstore.NodePath;

/**
 * A running domain, the toolstack's aggregate: its identity and memory configuration as created,
 * and typed handles on the engines the {@link DomainComposer} built for it (its guest kernel and
 * its balloon driver; the guest engines and selfballoon live in their facades, by domid). The
 * host's page accounting stays in {@link Host}; the figures here read through to it. Read under
 * the engine lock.
 */
public final class Domain {
    private final int domid;
    private final String name;
    private final DomainType type;
    private final int homeNode;
    private final long staticMaxKiB;
    private final long videoramKiB;
    private final GuestKernel kernel;
    private final BalloonDriver balloon;
    private final Host host;

    Domain(int domid, String name, DomainType type, int homeNode, long staticMaxKiB, long videoramKiB,
           GuestKernel kernel, BalloonDriver balloon, Host host) {
        this.domid = domid;
        this.name = name;
        this.type = type;
        this.homeNode = homeNode;
        this.staticMaxKiB = staticMaxKiB;
        this.videoramKiB = videoramKiB;
        this.kernel = kernel;
        this.balloon = balloon;
        this.host = host;
    }

    public int domid() {
        return domid;
    }

    public String name() {
        return name;
    }

    public DomainType type() {
        return type;
    }

    public boolean isDom0() {
        return domid == 0;
    }

    public int homeNode() {
        return homeNode;
    }

    public long staticMaxKiB() {
        return staticMaxKiB;
    }

    /** The video memory libxl keeps out of the guest's RAM: 0 for PV (and dom0). */
    public long videoramKiB() {
        return videoramKiB;
    }

    public GuestKernel kernel() {
        return kernel;
    }

    public BalloonDriver balloon() {
        return balloon;
    }

    /** The hypervisor's allocation limit ({@code xl mem-max}), in pages. */
    public long maxPages() {
        return host.maxPages(domid);
    }

    /** Pages the domain owns on the host, per NUMA node. */
    public long[] pagesPerNode() {
        return host.pagesPerNode(domid);
    }

    public long ownedPages() {
        return host.ownedPages(domid);
    }

    /** The domain's xenstore home. */
    public NodePath home() {
        return NodePath.home(domid);
    }
}
