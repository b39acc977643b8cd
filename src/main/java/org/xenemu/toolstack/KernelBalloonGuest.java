package org.xenemu.toolstack;

import org.xenemu.balloon.BalloonGuest;
import org.xenemu.guest.kernel.GuestKernel;

/** A domain's {@link GuestKernel} as its balloon driver sees it ({@link BalloonGuest}). */
public final class KernelBalloonGuest implements BalloonGuest {
    private final GuestKernel kernel;

    public KernelBalloonGuest(GuestKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public long currentPages() {
        return kernel.currentPages();
    }

    @Override
    public long maxPfn() {
        return kernel.maxPfn();
    }

    @Override
    public long takeForBalloon(long maxPages) {
        return kernel.takeForBalloon(maxPages);
    }

    @Override
    public void returnFromBalloon(long pages) {
        kernel.returnFromBalloon(pages);
    }
}
