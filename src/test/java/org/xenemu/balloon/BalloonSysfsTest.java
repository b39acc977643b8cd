package org.xenemu.balloon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xenemu.error.XenException;
import org.xenemu.toolstack.Domain;
import org.xenemu.toolstack.DomainSpec;
import org.xenemu.toolstack.MemoryFixture;

/** Each xen_memory0 attribute: what a write stores and what a read shows afterwards, byte for byte. */
class BalloonSysfsTest {
    final MemoryFixture f = MemoryFixture.small();
    BalloonDriver b;

    @BeforeEach
    void domain() {
        Domain d = f.create(DomainSpec.pv("g", 65536).withStaticMaxKiB(262144)).domain();
        f.advanceJiffies(1);
        b = d.balloon();
    }

    static String in(String s) {
        return s == null ? "" : s.replace("\\n", "\n");
    }

    static String errno(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (XenException e) {
            return e.errno().name();
        }
    }

    @Test
    void readsShowDecimalKiBBytesAndHexCountersWithANewline() {
        assertThat(BalloonSysfs.read(b, "target_kb")).isEqualTo("65536\n");
        assertThat(BalloonSysfs.read(b, "target")).isEqualTo("67108864\n");
        assertThat(BalloonSysfs.read(b, "schedule_delay")).isEqualTo("1\n");
        assertThat(BalloonSysfs.read(b, "max_schedule_delay")).isEqualTo("20\n");
        assertThat(BalloonSysfs.read(b, "retry_count")).isEqualTo("1\n");
        assertThat(BalloonSysfs.read(b, "max_retry_count")).isEqualTo("0\n");
        assertThat(BalloonSysfs.read(b, "info/current_kb")).isEqualTo("65536\n");
        assertThat(BalloonSysfs.read(b, "info/low_kb")).isEqualTo("196608\n");
        assertThat(BalloonSysfs.read(b, "info/high_kb")).isEqualTo("0\n");
    }

    @Nested
    class TargetKb {
        @ParameterizedTest(name = "\"{0}\" → target_kb {1}")
        @CsvSource(delimiter = '|', value = {
                "100000|100000", "100000\\n|100000", "0x10|16", "010|8", "1G|0", "abc|0", "-1|0", "\\n|0",
                "18446744073709551616|0", "3|0", "7|4"})
        void storesSimpleStrtoullKiBRoundedDownToPages(String text, String shown) {
            BalloonSysfs.write(b, "target_kb", in(text), true);
            assertThat(BalloonSysfs.read(b, "target_kb")).isEqualTo(shown + "\n");
        }
    }

    @Nested
    class Target {
        @ParameterizedTest(name = "\"{0}\" → target {1}")
        @CsvSource(delimiter = '|', value = {
                "1G|1073741824", "1g\\n|1073741824", "0x10|0", "010|0", "abc|0", "-1|0", "\\n|0",
                "8192|8192", "8191|4096", "18446744073709551616|0", "128M|134217728"})
        void storesMemparseBytesRoundedDownToPages(String text, String shown) {
            BalloonSysfs.write(b, "target", in(text), true);
            assertThat(BalloonSysfs.read(b, "target")).isEqualTo(shown + "\n");
        }
    }

    @Nested
    class MaxCounters {
        @ParameterizedTest(name = "{0} \"{1}\" → {2}")
        @CsvSource(delimiter = '|', value = {
                "max_schedule_delay|0x10|10", "max_schedule_delay|010|8", "max_schedule_delay|64\\n|40",
                "max_schedule_delay|0|0", "max_retry_count|4|4", "max_retry_count|18446744073709551615|ffffffffffffffff",
                "max_schedule_delay|1G|EINVAL", "max_schedule_delay|abc|EINVAL", "max_retry_count|-1|EINVAL",
                "max_retry_count|\\n|EINVAL", "max_retry_count|18446744073709551616|ERANGE"})
        void storeKstrtoulBase0AndShowHex(String attr, String text, String expected) {
            String before = BalloonSysfs.read(b, attr);
            String result = errno(() -> BalloonSysfs.write(b, attr, in(text), true));
            if (expected.startsWith("E")) {
                assertThat(result).isEqualTo(expected);
                assertThat(BalloonSysfs.read(b, attr)).isEqualTo(before);
            } else {
                assertThat(result).isEqualTo("ok");
                assertThat(BalloonSysfs.read(b, attr)).isEqualTo(expected + "\n");
            }
        }
    }

    @Nested
    class ZeroLengthWrites {
        /** sysfs_kf_write returns 0 for count 0 and never calls the store: nothing changes, no error. */
        @ParameterizedTest(name = "an empty write to {0} changes nothing")
        @CsvSource({"target_kb", "target", "max_schedule_delay", "max_retry_count"})
        void anEmptyWriteIsANoOp(String attr) {
            BalloonSysfs.write(b, "max_retry_count", "4", true);
            int eventsBefore = f.events(TargetChanged.class).size();
            java.util.Map<String, String> before = new java.util.HashMap<>();
            BalloonSysfs.ATTRIBUTES.forEach(a -> before.put(a, BalloonSysfs.read(b, a)));
            assertThat(errno(() -> BalloonSysfs.write(b, attr, "", true))).isEqualTo("ok");
            f.advanceJiffies(250);
            BalloonSysfs.ATTRIBUTES.forEach(a -> assertThat(BalloonSysfs.read(b, a)).as(a).isEqualTo(before.get(a)));
            assertThat(f.events(TargetChanged.class)).hasSize(eventsBefore);
        }

        @Test
        void theFileRefusalsStillComeFirst() {
            assertThat(errno(() -> BalloonSysfs.write(b, "info/current_kb", "", true))).isEqualTo("EACCES");
            assertThat(errno(() -> BalloonSysfs.write(b, "target_kb", "", false))).isEqualTo("EPERM");
            assertThat(errno(() -> BalloonSysfs.write(b, "nope", "", true))).isEqualTo("ENOENT");
        }

        @Test
        void aLoneNulIsOneByteAndReachesTheStoreAsAnEmptyString() {
            assertThat(errno(() -> BalloonSysfs.write(b, "max_retry_count", "\0", true))).isEqualTo("EINVAL");
            BalloonSysfs.write(b, "target_kb", "\0", true);
            assertThat(BalloonSysfs.read(b, "target_kb")).isEqualTo("0\n");
        }

        @Test
        void theStoreSeesTheTextUpToTheFirstNul() {
            BalloonSysfs.write(b, "max_retry_count", "4\0junk", true);
            assertThat(BalloonSysfs.read(b, "max_retry_count")).isEqualTo("4\n");
            BalloonSysfs.write(b, "target", "32M\0junk", true);
            assertThat(BalloonSysfs.read(b, "target_kb")).isEqualTo("32768\n");
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest(name = "writing {0} is EACCES")
        @CsvSource({"schedule_delay", "retry_count", "info/current_kb", "info/low_kb", "info/high_kb"})
        void readOnlyAttributesAreEacces(String attr) {
            assertThat(errno(() -> BalloonSysfs.write(b, attr, "1", true))).isEqualTo("EACCES");
        }

        @ParameterizedTest(name = "an ordinary user writing {0} is EPERM")
        @CsvSource({"target_kb", "target", "max_schedule_delay", "max_retry_count"})
        void nonRootWritersAreEperm(String attr) {
            assertThat(errno(() -> BalloonSysfs.write(b, attr, "1", false))).isEqualTo("EPERM");
            assertThat(BalloonSysfs.read(b, "target_kb")).isEqualTo("65536\n");
        }

        @Test
        void unknownAttributesAreEnoent() {
            assertThatThrownBy(() -> BalloonSysfs.read(b, "scrub_pages")).isInstanceOf(XenException.class);
            assertThat(errno(() -> BalloonSysfs.write(b, "nope", "1", true))).isEqualTo("ENOENT");
        }
    }

    @Test
    void aSysfsTargetMovesTheBalloonWithoutTheXenstoreOffset() {
        BalloonSysfs.write(b, "target_kb", "131072\n", true);
        f.advanceJiffies(1);
        assertThat(BalloonSysfs.read(b, "info/current_kb")).isEqualTo("131072\n");
        assertThat(f.events(TargetChanged.class)).last().extracting(TargetChanged::source).isEqualTo("sysfs");
    }
}
