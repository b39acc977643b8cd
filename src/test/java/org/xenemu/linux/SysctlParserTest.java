package org.xenemu.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

class SysctlParserTest {

    private static void assertEinval(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(XenException.class)
                .satisfies(e -> assertThat(((XenException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Nested
    class Accepted {
        @Test
        void plainDecimalWithTrailingNewlineAsEchoWritesIt() {
            assertThat(SysctlParser.parseInt("2\n", 0, 2)).isEqualTo(2);
        }

        @Test
        void leadingWhitespaceIsSkipped() {
            assertThat(SysctlParser.parseUlong(" \t\n42")).isEqualTo(42);
        }

        @Test
        void baseZeroReadsHexAndOctalAsTheKernelDoes() {
            assertThat(SysctlParser.parseUlong("0x1f")).isEqualTo(31);
            assertThat(SysctlParser.parseUlong("017")).isEqualTo(15);
            assertThat(SysctlParser.parseUlong("0")).isEqualTo(0);
        }

        @Test
        void onlyTheFirstValueOfASingleValueTableIsConsumed() {
            assertThat(SysctlParser.parseInt("1 2", 0, 2)).isEqualTo(1);
        }

        @Test
        void intTablesAcceptNegativeNumbers() {
            assertThat(SysctlParser.parseInt("-5\n", Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(-5);
            assertThat(SysctlParser.parseInt("-2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .isEqualTo(Integer.MIN_VALUE);
        }

        @Test
        void ulongTakesTheFullUnsignedRange() {
            assertThat(Long.toUnsignedString(SysctlParser.parseUlong("18446744073709551615")))
                    .isEqualTo("18446744073709551615");
        }
    }

    @Nested
    class Refused {
        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\n", "abc", "+5", "-", "12abc", "0x", "08", "1.5", "1,2"})
        void junkIsEinval(String text) {
            assertEinval(() -> SysctlParser.parseUlong(text));
        }

        @Test
        void minusOnUnsignedIsEinval() {
            assertEinval(() -> SysctlParser.parseUlong("-1"));
        }

        @Test
        void outsideMinMaxIsEinval() {
            assertEinval(() -> SysctlParser.parseInt("3", 0, 2));
            assertEinval(() -> SysctlParser.parseInt("-1", 0, 2));
        }

        @Test
        void intOverflowIsEinval() {
            assertEinval(() -> SysctlParser.parseInt("2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE));
            assertEinval(() -> SysctlParser.parseInt("-2147483649", Integer.MIN_VALUE, Integer.MAX_VALUE));
        }

        @Test
        void unsignedOverflowIsEinval() {
            assertEinval(() -> SysctlParser.parseUlong("18446744073709551616"));
        }

        @Test
        void aNumberOfTwentyOneCharactersIsEinvalEvenWhenSmall() {
            assertEinval(() -> SysctlParser.parseUlong("000000000000000000001"));
            assertThat(SysctlParser.parseUlong("00000000000000000001")).isEqualTo(1);
        }
    }
}
