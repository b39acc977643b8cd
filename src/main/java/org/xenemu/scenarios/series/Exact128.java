package org.xenemu.scenarios.series;

import java.math.BigInteger;

/**
 * A signed 128-bit sum of 64 × 64-bit products, for time integrals in KiB·ns (a PiB held for a
 * year overflows a long; it does not overflow this). Exact and allocation-free per addition.
 */
final class Exact128 {
    private long high;
    private long low;

    void addProduct(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long sum = low + lo;
        long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;
        high += hi + carry;
    }

    void add(Exact128 other) {
        long sum = low + other.low;
        long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;
        high += other.high + carry;
    }

    BigInteger value() {
        BigInteger lo = new BigInteger(Long.toUnsignedString(low));
        return BigInteger.valueOf(high).shiftLeft(64).add(lo);
    }
}
