package org.xenemu.balloon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenemu.guest.kernel.GuestKernel;
import org.xenemu.guest.kernel.KernelConfig;
import org.xenemu.toolstack.KernelBalloonGuest;
import org.xenemu.toolstack.MemoryFixture;

/**
 * The driver's runtime guard on the host's answers: a host that takes back another number of
 * pages than the guest ballooned out, or grants more than asked, breaks conservation. The step
 * fails (EIO, logged by the scheduler) and the guest and the host are brought back to agreement.
 */
class BalloonInvariantTest {
    static final int DOMID = 7;
    final MemoryFixture f = MemoryFixture.small();
    final FaultyHost host = new FaultyHost();
    GuestKernel kernel;
    BalloonDriver driver;

    /** A one-node host account that can be told to misbehave. */
    static final class FaultyHost implements Reservation {
        long ownedPages;
        long decreaseSkew;
        long increaseSkew;

        @Override
        public int nodes() {
            return 1;
        }

        @Override
        public long increase(long pages, long[] perNode) {
            long granted = Math.max(0, pages + increaseSkew);
            increaseSkew = 0;
            ownedPages += granted;
            perNode[0] = granted;
            return granted;
        }

        @Override
        public long decrease(long pages, long[] perNode) {
            long back = pages + decreaseSkew;
            decreaseSkew = 0;
            ownedPages -= back;
            perNode[0] = back;
            return back;
        }
    }

    @BeforeEach
    void guest() {
        String home = "/local/domain/" + DOMID;
        f.dom0Xs.mkdir(0, home);
        f.dom0Xs.setPerms(0, home, List.of("n0", "r" + DOMID));
        f.dom0Xs.write(0, home + "/memory/target", "131072".getBytes(StandardCharsets.US_ASCII));
        f.dom0Xs.mkdir(0, home + "/control/feature-balloon");
        f.dom0Xs.setPerms(0, home + "/control/feature-balloon", List.of("n" + DOMID));
        f.dom0Xs.introduce(DOMID, 1, 1);
        kernel = new GuestKernel(DOMID, false, 65536, 32768, KernelConfig.DEFAULTS);
        host.ownedPages = 32768;
        driver = new BalloonDriver(DOMID, false, new KernelBalloonGuest(kernel), host, f.xenstore, f.scheduler, f.events, 0);
        f.scheduler.locked(driver::start);
        f.advanceJiffies(1);
        assertThat(kernel.currentPages()).isEqualTo(host.ownedPages).isEqualTo(32768);
    }

    @Test
    void aHostThatTakesBackFewerPagesLeavesThemWithTheGuestAndTheStepFails() {
        host.decreaseSkew = -12;
        long stepsBefore = driver.steps();
        f.scheduler.locked(() -> driver.setTarget(32768 - 512, TargetSource.SYSFS));
        f.advanceJiffies(1);
        assertThat(kernel.currentPages()).isEqualTo(host.ownedPages).isEqualTo(32768 - 500);
        assertThat(driver.balloonLowPages()).isEqualTo(65536 - kernel.currentPages());
        assertThat(driver.steps()).isEqualTo(stepsBefore);
    }

    @Test
    void aHostThatTakesBackTooManyPagesRegrantsThemAndTheStepFails() {
        host.decreaseSkew = 12;
        f.scheduler.locked(() -> driver.setTarget(32768 - 512, TargetSource.SYSFS));
        f.advanceJiffies(1);
        assertThat(kernel.currentPages()).isEqualTo(host.ownedPages).isEqualTo(32768 - 512);
        assertThat(driver.balloonLowPages()).isEqualTo(65536 - kernel.currentPages());
    }

    @Test
    void aHostThatGrantsMoreThanAskedIsRefusedAndGivenEverythingBack() {
        host.increaseSkew = 5;
        f.scheduler.locked(() -> driver.setTarget(32768 + 100, TargetSource.SYSFS));
        f.advanceJiffies(1);
        assertThat(kernel.currentPages()).isEqualTo(host.ownedPages).isEqualTo(32768);
        // a new wake-up with a sane host goes on
        f.scheduler.locked(() -> driver.setTarget(32768 + 100, TargetSource.SYSFS));
        f.advanceJiffies(1);
        assertThat(kernel.currentPages()).isEqualTo(host.ownedPages).isEqualTo(32868);
    }
}
