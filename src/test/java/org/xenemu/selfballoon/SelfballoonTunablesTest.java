package org.xenemu.selfballoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;
import org.xenemu.selfballoon.SelfballoonTunables.StoreOutcome;

/** The nine tunables' show and store (seed 002 {@code SELFBALLOON_SHOW} and every {@code store_*}). */
class SelfballoonTunablesTest {

    /** Input, and what the file shows after it (or the errno the store returns). */
    private static final Object[][] NUMBER_TABLE = {
            {"5", "5\n"},
            {"5\n", "5\n"},
            {"+5", "5\n"},
            {"0", Errno.EINVAL},
            {"-1", Errno.EINVAL},
            {"abc", Errno.EINVAL},
            {"0x10", Errno.EINVAL},
            {"4294967296", "0\n"},            // 2^32 passes the 64-bit "not 0" test, truncates to 0
            {"4294967295", "-1\n"},           // shown with %d
            {"2147483648", "-2147483648\n"},
            {"18446744073709551615", "-1\n"}, // 2^64 − 1 fits unsigned long
            {"18446744073709551616", Errno.ERANGE},
            {"99999999999999999999x", Errno.ERANGE},
            {"\0", Errno.EINVAL},            // one byte: the store runs and sees ""
            {"\n", Errno.EINVAL},
            {"+", Errno.EINVAL},
            {" 5", Errno.EINVAL},
            {"5 ", Errno.EINVAL},
            {"5\n\n", Errno.EINVAL},
            {"5\0junk", "5\n"},               // the C string ends at the NUL
            {"007", "7\n"},
    };

    private static final Object[][] SWITCH_TABLE = {
            {"1", "1\n"},
            {"1\n", "1\n"},
            {"+1", "1\n"},
            {"0", "0\n"},
            {"5", Errno.EINVAL},
            {"-1", Errno.EINVAL},
            {"abc", Errno.EINVAL},
            {"0x10", Errno.EINVAL},
            {"4294967296", Errno.EINVAL},     // the 0/1 test is on the 64-bit value
            {"18446744073709551616", Errno.ERANGE},
            {"\0", Errno.EINVAL},
    };

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Tunable t : Tunable.values()) {
            for (Object[] row : t.isSwitch() ? SWITCH_TABLE : NUMBER_TABLE) {
                rows.add(Arguments.of(t, row[0], row[1]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} <- \"{1}\" → {2}")
    @MethodSource("table")
    void storeParsesAsTheKernel(Tunable t, String input, Object expected) {
        SelfballoonTunables tunables = new SelfballoonTunables();
        String before = tunables.show(t);
        if (expected instanceof Errno errno) {
            assertThatThrownBy(() -> tunables.store(t, input, true))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(errno));
            assertThat(tunables.show(t)).as("a failed store changes nothing").isEqualTo(before);
        } else {
            tunables.store(t, input, true);
            assertThat(tunables.show(t)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Tunable.class)
    void aZeroLengthWriteNeverReachesTheStoreAndChangesNothing(Tunable t) {
        SelfballoonTunables tunables = new SelfballoonTunables();
        assertThat(tunables.store(t, "", true)).isEqualTo(new StoreOutcome(false, false));
        assertThat(tunables.show(t)).isEqualTo(t.defaultValue() + "\n");
        assertThatThrownBy(() -> tunables.store(t, "", false))
                .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
    }

    @ParameterizedTest
    @EnumSource(Tunable.class)
    void unprivilegedWriterGetsEpermBeforeAnyParsing(Tunable t) {
        SelfballoonTunables tunables = new SelfballoonTunables();
        for (String input : List.of("1", "junk", "18446744073709551616")) {
            assertThatThrownBy(() -> tunables.store(t, input, false))
                    .isInstanceOfSatisfying(XenException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        }
        assertThat(tunables.show(t)).isEqualTo(t.defaultValue() + "\n");
    }

    @Test
    void defaultsAreTheSeeds() {
        SelfballoonTunables t = new SelfballoonTunables();
        assertThat(t.show(Tunable.SELFBALLOONING)).isEqualTo("0\n");
        assertThat(t.show(Tunable.SELFBALLOON_INTERVAL)).isEqualTo("5\n");
        assertThat(t.show(Tunable.SELFBALLOON_DOWNHYSTERESIS)).isEqualTo("8\n");
        assertThat(t.show(Tunable.SELFBALLOON_UPHYSTERESIS)).isEqualTo("1\n");
        assertThat(t.show(Tunable.SELFBALLOON_MIN_USABLE_MB)).isEqualTo("0\n");
        assertThat(t.show(Tunable.SELFBALLOON_RESERVED_MB)).isEqualTo("0\n");
        assertThat(t.show(Tunable.FRONTSWAP_SELFSHRINKING)).isEqualTo("0\n");
        assertThat(t.show(Tunable.FRONTSWAP_HYSTERESIS)).isEqualTo("20\n");
        assertThat(t.show(Tunable.FRONTSWAP_INERTIA)).isEqualTo("3\n");
    }

    @Test
    void fileNamesAreTheSysfsOnes() {
        assertThat(Tunable.byFileName("selfballoon_downhysteresis")).contains(Tunable.SELFBALLOON_DOWNHYSTERESIS);
        assertThat(Tunable.byFileName("selfballoon_downhys")).isEmpty();
    }

    @Nested
    class SideEffects {
        private final SelfballoonTunables t = new SelfballoonTunables();

        @Test
        void enablingSelfballooningSchedulesTheWorkerOnlyOnTheTransition() {
            assertThat(t.store(Tunable.SELFBALLOONING, "1", true)).isEqualTo(new StoreOutcome(true, false));
            assertThat(t.store(Tunable.SELFBALLOONING, "1", true)).isEqualTo(new StoreOutcome(false, false));
            assertThat(t.store(Tunable.SELFBALLOONING, "0", true)).isEqualTo(new StoreOutcome(false, false));
        }

        @Test
        void enablingSelfshrinkingSchedulesOnlyWhenSelfballooningIsOff() {
            assertThat(t.store(Tunable.FRONTSWAP_SELFSHRINKING, "1", true).scheduleWorker()).isTrue();
            t.store(Tunable.FRONTSWAP_SELFSHRINKING, "0", true);
            t.store(Tunable.SELFBALLOONING, "1", true);
            assertThat(t.store(Tunable.FRONTSWAP_SELFSHRINKING, "1", true).scheduleWorker()).isFalse();
        }

        @Test
        void storingInertiaAsksForACountdownReset() {
            assertThat(t.store(Tunable.FRONTSWAP_INERTIA, "7", true)).isEqualTo(new StoreOutcome(false, true));
        }

        @Test
        void otherTunablesHaveNoSideEffect() {
            assertThat(t.store(Tunable.SELFBALLOON_INTERVAL, "9", true)).isEqualTo(new StoreOutcome(false, false));
        }
    }
}
