package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.xenemu.selfballoon.SelfballoonPolicy.Decision;
import org.xenemu.selfballoon.SelfballoonPolicy.Inputs;

/**
 * {@link SelfballoonPolicy#process} against a second, deliberately naive transcription of the
 * seed's {@code selfballoon_process} in {@link BigInteger} arithmetic reduced modulo 2^64 (C's
 * {@code unsigned long}) and 2^32 ({@code unsigned int} shifts), over realistic and extreme inputs.
 */
class SelfballoonPolicyPropertiesTest {
    private static final BigInteger U64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger U32 = BigInteger.ONE.shiftLeft(32);

    private static BigInteger u(long bits) {
        return new BigInteger(Long.toUnsignedString(bits));
    }

    private static BigInteger w64(BigInteger x) {
        return x.mod(U64);
    }

    private static BigInteger mb2pagesU32(long mb) {
        return u(mb).shiftLeft(8).mod(U32);
    }

    private static BigInteger mb(int m) {
        return BigInteger.valueOf(m).shiftLeft(8);
    }

    /** The seed, line by line, with BigInteger; returns {cur, goal, floor, tgt, newTarget}. */
    private static BigInteger[] reference(Inputs in, long reservedMb, long minUsableMb, long down, long up,
                                          boolean shrinking) {
        BigInteger cur = u(in.totalramPages());
        BigInteger tgt = cur;
        BigInteger goal = w64(u(in.committedAsPages()).add(u(in.totalreservePages())).add(mb2pagesU32(reservedMb)));
        if (shrinking && in.frontswapEnabled()) {
            goal = w64(goal.add(u(in.frontswapPages())));
        }
        if (cur.compareTo(goal) > 0) {
            tgt = w64(cur.subtract(cur.subtract(goal).divide(u(down))));
        } else if (cur.compareTo(goal) < 0) {
            tgt = w64(cur.add(goal.subtract(cur).divide(u(up))));
        }
        BigInteger reserve = u(in.totalreservePages());
        BigInteger maxPfn = u(in.maxPfn());
        BigInteger useful = w64(maxPfn.subtract(reserve));
        BigInteger floor;
        if (minUsableMb != 0) {
            floor = w64(reserve.add(mb2pagesU32(minUsableMb)));
        } else if (useful.compareTo(mb(16)) < 0) {
            floor = maxPfn;
        } else if (useful.compareTo(mb(64)) < 0) {
            floor = w64(reserve.add(mb(16)).add(useful.subtract(mb(16)).shiftRight(1)));
        } else if (useful.compareTo(mb(512)) < 0) {
            floor = w64(reserve.add(mb(40)).add(useful.subtract(mb(40)).shiftRight(3)));
        } else {
            floor = w64(reserve.add(mb(99)).add(useful.subtract(mb(99)).shiftRight(5)));
        }
        if (tgt.compareTo(floor) < 0) {
            tgt = floor;
        }
        BigInteger newTarget = w64(tgt.add(u(in.currentPages())).subtract(u(in.totalramPages())));
        return new BigInteger[]{cur, goal, floor, tgt, newTarget};
    }

    @Provide
    Arbitrary<Long> pages() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 26),
                Arbitraries.of(0L, 1L, 4095L, 4096L, 16383L, 16384L, 131071L, 131072L, -1L, Long.MIN_VALUE));
    }

    @Provide
    Arbitrary<Long> u32() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 64),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL),
                Arbitraries.of(1L << 24, (1L << 24) + 1, 0xFFFF_FFFFL));
    }

    @Property(tries = 3000)
    void matchesTheSeedToThePage(@ForAll("pages") long totalram, @ForAll("pages") long committed,
                                 @ForAll @LongRange(min = 0, max = 1 << 20) long reserve,
                                 @ForAll("pages") long maxPfn, @ForAll @LongRange(min = 0, max = 1 << 16) long balloonGap,
                                 @ForAll @LongRange(min = 0, max = 1 << 22) long frontswap, @ForAll boolean frontswapEnabled,
                                 @ForAll boolean shrinking, @ForAll("u32") long reservedMb, @ForAll("u32") long down,
                                 @ForAll("u32") long up, @ForAll @IntRange(min = 0, max = 3) int minUsableChoice) {
        long minUsableMb = minUsableChoice == 0 ? 0 : minUsableChoice == 1 ? 64 : minUsableChoice == 2 ? 1L << 24 : 0xFFFF_FFFFL;
        SelfballoonTunables t = new SelfballoonTunables();
        t.setAtStart(Tunable.SELFBALLOON_RESERVED_MB, reservedMb);
        t.setAtStart(Tunable.SELFBALLOON_DOWNHYSTERESIS, down);
        t.setAtStart(Tunable.SELFBALLOON_UPHYSTERESIS, up);
        t.setAtStart(Tunable.SELFBALLOON_MIN_USABLE_MB, minUsableMb);
        t.setAtStart(Tunable.FRONTSWAP_SELFSHRINKING, shrinking ? 1 : 0);
        Inputs in = new Inputs(totalram, committed, reserve, maxPfn, totalram + balloonGap, frontswap, frontswapEnabled);

        Decision d = SelfballoonPolicy.process(in, t);
        BigInteger[] r = reference(in, reservedMb, minUsableMb, down, up, shrinking);
        assertThat(new BigInteger[]{u(d.curPages()), u(d.goalPages()), u(d.floorPages()), u(d.tgtPages()),
                u(d.newTargetPages())}).containsExactly(r);
    }

    @Property(tries = 1000)
    void neverBelowTheFloorAndNeverPastTheGoal(@ForAll @LongRange(min = 1024, max = 1 << 22) long totalram,
                                               @ForAll @LongRange(min = 0, max = 1 << 22) long committed,
                                               @ForAll @IntRange(min = 1, max = 64) int down,
                                               @ForAll @IntRange(min = 1, max = 64) int up) {
        SelfballoonTunables t = new SelfballoonTunables();
        t.setAtStart(Tunable.SELFBALLOON_DOWNHYSTERESIS, down);
        t.setAtStart(Tunable.SELFBALLOON_UPHYSTERESIS, up);
        long maxPfn = totalram + 2048 + totalram / 64;
        Decision d = SelfballoonPolicy.process(new Inputs(totalram, committed, 1516, maxPfn, maxPfn, 0, false), t);
        assertThat(d.tgtPages()).isGreaterThanOrEqualTo(d.floorPages());
        if (d.tgtPages() != d.floorPages()) {
            assertThat(d.tgtPages()).isBetween(Math.min(d.curPages(), d.goalPages()), Math.max(d.curPages(), d.goalPages()));
        }
    }
}
