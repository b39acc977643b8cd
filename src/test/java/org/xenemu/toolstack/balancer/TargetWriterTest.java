package org.xenemu.toolstack.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** sx.ml {@code execute_action}'s write order (note §2.4), including CP-311475. */
class TargetWriterTest {
    private final RecordingHost host = new RecordingHost(HostSnapshot.of(0));

    private static BalancedDomain domain(boolean canBalloon, long target, long maxmem) {
        return new BalancedDomain(7, canBalloon, 0, 10_000, target, target, maxmem, 4);
    }

    @Test
    void raisingSetsMaxmemBeforeTheTarget() {
        TargetWriter.execute(host, domain(true, 1000, 1000), 1500);
        assertThat(host.writes).containsExactly("maxmem 7 1500", "target 7 1500");
    }

    @Test
    void loweringSetsTheTargetBeforeMaxmem() {
        TargetWriter.execute(host, domain(true, 1000, 1000), 800);
        assertThat(host.writes).containsExactly("target 7 800", "maxmem 7 800");
    }

    @Test
    void aTargetEqualToTheCurrentOneOnlyBringsMaxmemDownToIt() {
        TargetWriter.execute(host, domain(true, 1000, 1200), 1000);
        assertThat(host.writes).containsExactly("maxmem 7 1000");
        host.writes.clear();
        TargetWriter.execute(host, domain(true, 1000, 1000), 1000);
        assertThat(host.writes).isEmpty();
    }

    @Test
    void aDomainWithoutFeatureBalloonGetsNoTargetAndOnlyARaisedMaxmem() {
        TargetWriter.execute(host, domain(false, 1000, 1000), 800);
        assertThat(host.writes).isEmpty();
        TargetWriter.execute(host, domain(false, 1000, 1000), 1500);
        assertThat(host.writes).containsExactly("maxmem 7 1500");
    }

    @Test
    void aNegativeTargetIsDropped() {
        TargetWriter.execute(host, domain(true, 1000, 1000), -1);
        assertThat(host.writes).isEmpty();
    }
}
