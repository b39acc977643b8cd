package org.xenemu.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xenemu.error.XenException;

/** Tables pinning lib/kstrtox.c, lib/vsprintf.c and lib/cmdline.c behaviour. Inputs are Java-escaped. */
class KernelParsersTest {
    static String unescape(String s) {
        return s == null ? "" : s.replace("\\n", "\n");
    }

    @Nested
    class KstrtoulBase0 {
        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {
                "0x10|16", "0X1f|31", "010|8", "10|10", "0|0", "+7|7", "32\\n|32", "0x10\\n|16",
                "18446744073709551615|-1", "0xffffffffffffffff|-1"})
        void parses(String in, long expected) {
            assertThat(Kstrtoul.parse(unescape(in), 0)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {
                "abc|EINVAL", "-1|EINVAL", "''|EINVAL", "\\n|EINVAL", "1G|EINVAL", "'12 '|EINVAL", "1\\n\\n|EINVAL",
                "0x|EINVAL", "08|EINVAL", "' 1'|EINVAL", "++1|EINVAL",
                "18446744073709551616|ERANGE", "99999999999999999999x|ERANGE", "0x10000000000000000|ERANGE"})
        void refuses(String in, String errno) {
            assertThatThrownBy(() -> Kstrtoul.parse(unescape(in), 0))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno().name()).isEqualTo(errno));
        }
    }

    @Nested
    class KstrtoulBase10 {
        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {"010|10", "5\\n|5", "+3|3", "4294967296|4294967296"})
        void parses(String in, long expected) {
            assertThat(Kstrtoul.parse(unescape(in), 10)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {"0x10|EINVAL", "''|EINVAL", "-5|EINVAL", "18446744073709551616|ERANGE"})
        void refuses(String in, String errno) {
            assertThatThrownBy(() -> Kstrtoul.parse(unescape(in), 10))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno().name()).isEqualTo(errno));
        }
    }

    @Nested
    class SimpleStrtoullBase0 {
        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {
                "0x10|16", "010|8", "10|10", "1G|1", "abc|0", "-1|0", "''|0", "\\n|0", "524288\\n|524288",
                "0x|0", "08|0", "18446744073709551616|0", "18446744073709551617|1", "' 5'|0"})
        void parses(String in, long expected) {
            assertThat(SimpleStrtoull.parse(unescape(in), 0)).isEqualTo(expected);
        }
    }

    @Nested
    class MemparseTable {
        @ParameterizedTest(name = "\"{0}\" → {1}")
        @CsvSource(delimiter = '|', value = {
                "1G|1073741824", "1g|1073741824", "512M\\n|536870912", "4k|4096", "2T|2199023255552",
                "1P|1125899906842624", "1E|1152921504606846976", "16E|0", "0x10|16", "010|8", "abc|0", "-1|0",
                "''|0", "100|100", "1Gx|1073741824", "'1 G'|1"})
        void parses(String in, long expected) {
            assertThat(Memparse.parse(unescape(in))).isEqualTo(expected);
        }
    }
}
