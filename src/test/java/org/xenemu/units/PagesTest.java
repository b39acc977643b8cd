package org.xenemu.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PagesTest {
    @Test
    void pagesToKiBAndBackTruncatesAPartialPage() {
        assertThat(Pages.toKiB(3)).isEqualTo(12);
        assertThat(Pages.fromKiB(4095)).isEqualTo(1023);
        assertThat(Pages.fromKiB(-5)).as("Java's division, towards zero").isEqualTo(-1);
    }

    @Test
    void aLengthInKiBIsRoundedUpToWholePagesAsPageAlignDoes() {
        assertThat(Pages.fromKiBRoundingUp(4093)).isEqualTo(1024);
        assertThat(Pages.fromKiBRoundingUp(4096)).isEqualTo(1024);
        assertThat(Pages.fromKiBRoundingUp(0)).isZero();
    }

    @Test
    void unsignedKiBAboveTwoToTheSixtyThreeStayPositivePages() {
        assertThat(Pages.fromKiBUnsigned(-4)).isEqualTo((1L << 62) - 1);
        assertThat(Pages.fromBytesUnsigned(-1)).isEqualTo((1L << 52) - 1);
    }

    @Test
    void bytesWrapInSixtyFourBitsAsTheKernelsShiftsDo() {
        assertThat(Pages.toBytes(1)).isEqualTo(4096);
        assertThat(Pages.toBytes(1L << 52)).isZero();
        assertThat(Pages.kibToBytes(3)).isEqualTo(3072);
        assertThat(Pages.fromBytes(8191)).isEqualTo(1);
        assertThat(Pages.toKiB(-1)).isEqualTo(-4);
    }
}
