package org.xenemu.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenemu.error.Errno;
import org.xenemu.error.XenException;

class OvercommitTest {

    private static void assertErrno(Runnable r, Errno errno) {
        assertThatThrownBy(r::run).isInstanceOf(XenException.class)
                .satisfies(e -> assertThat(((XenException) e).errno()).isEqualTo(errno));
    }

    @Nested
    class Reserves {
        @Test
        void reservesAreAThirtySecondOfFreeMemoryAtBootCapped() {
            Overcommit small = Overcommit.atBoot(0, 50, 16384); // 64 MiB free
            assertThat(small.adminReserveKiB()).isEqualTo(2048);
            assertThat(small.userReserveKiB()).isEqualTo(2048);
            Overcommit big = Overcommit.atBoot(0, 50, 4L << 20); // 16 GiB free
            assertThat(big.adminReserveKiB()).isEqualTo(8192);
            assertThat(big.userReserveKiB()).isEqualTo(131072);
        }
    }

    @Nested
    class CommitLimit {
        @Test
        void ratioOfTotalramPlusSwap() {
            Overcommit oc = new Overcommit(2, 50, 0, 0, 0);
            assertThat(oc.commitLimitPages(1000, 0)).isEqualTo(500);
            assertThat(oc.commitLimitPages(1000, 256)).isEqualTo(756);
        }

        @Test
        void kbytesWinsOverRatioWhenSet() {
            Overcommit oc = new Overcommit(2, 50, 0, 0, 0);
            oc.write(Overcommit.OVERCOMMIT_KBYTES, "4000\n");
            assertThat(oc.ratio()).isZero();
            assertThat(oc.commitLimitPages(1000, 10)).isEqualTo(1010);
        }

        @Test
        void writingRatioZeroesKbytes() {
            Overcommit oc = new Overcommit(2, 50, 0, 0, 0);
            oc.write(Overcommit.OVERCOMMIT_KBYTES, "4000");
            oc.write(Overcommit.OVERCOMMIT_RATIO, "80");
            assertThat(oc.kbytes()).isZero();
            assertThat(oc.commitLimitPages(1000, 0)).isEqualTo(800);
        }

        @Test
        void limitFollowsTotalramWhenTheBalloonMoves() {
            Overcommit oc = new Overcommit(2, 50, 0, 0, 0);
            assertThat(oc.commitLimitPages(2000, 100)).isEqualTo(1100);
            assertThat(oc.commitLimitPages(1000, 100)).isEqualTo(600);
        }
    }

    @Nested
    class AdmissionModeTwo {
        // totalram 1000, no swap, ratio 50 → limit 500; admin reserve 100 pages, user reserve 200 pages
        private final Overcommit oc = new Overcommit(2, 50, 0, 400, 800);

        @Test
        void exactlyBelowTheLimitIsAdmitted() {
            // allowed = 500 − 100 − min(320/32, 200) = 390; 380 + 9 = 389 < 390
            assertThatCode(() -> oc.verifyAdmission(9, 380, 1000, 0, 320, false)).doesNotThrowAnyException();
        }

        @Test
        void reachingTheLimitIsEnomem() {
            assertErrno(() -> oc.verifyAdmission(10, 380, 1000, 0, 320, false), Errno.ENOMEM);
        }

        @Test
        void privilegedCallerSkipsTheAdminReserve() {
            assertThatCode(() -> oc.verifyAdmission(109, 380, 1000, 0, 320, true)).doesNotThrowAnyException();
            assertErrno(() -> oc.verifyAdmission(110, 380, 1000, 0, 320, true), Errno.ENOMEM);
        }

        @Test
        void userReserveIsCappedByTheSysctl() {
            Overcommit tight = new Overcommit(2, 50, 0, 0, 40); // 10 pages
            // process_vm/32 = 100 > 10 → allowed = 500 − 10 = 490
            assertThatCode(() -> tight.verifyAdmission(1, 488, 1000, 0, 3200, false)).doesNotThrowAnyException();
            assertErrno(() -> tight.verifyAdmission(2, 488, 1000, 0, 3200, false), Errno.ENOMEM);
        }

        @Test
        void swapRaisesTheLimit() {
            assertThatCode(() -> oc.verifyAdmission(100, 380, 1000, 100, 320, false)).doesNotThrowAnyException();
        }
    }

    @Nested
    class AdmissionModesZeroAndOne {
        @Test
        void modeZeroRefusesOnlyASingleRequestLargerThanRamPlusSwap() {
            Overcommit oc = new Overcommit(0, 50, 0, 0, 0);
            assertThatCode(() -> oc.verifyAdmission(1100, 1_000_000, 1000, 100, 0, false)).doesNotThrowAnyException();
            assertErrno(() -> oc.verifyAdmission(1101, 0, 1000, 100, 0, false), Errno.ENOMEM);
        }

        @Test
        void modeOneAlwaysAdmits() {
            Overcommit oc = new Overcommit(1, 50, 0, 0, 0);
            assertThatCode(() -> oc.verifyAdmission(1L << 40, 1L << 40, 1000, 0, 0, false)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Sysctls {
        @Test
        void readsShowTheValueAndANewline() {
            Overcommit oc = new Overcommit(0, 50, 0, 8192, 131072);
            assertThat(oc.read("overcommit_memory")).isEqualTo("0\n");
            assertThat(oc.read("overcommit_ratio")).isEqualTo("50\n");
            assertThat(oc.read("overcommit_kbytes")).isEqualTo("0\n");
            assertThat(oc.read("admin_reserve_kbytes")).isEqualTo("8192\n");
            assertThat(oc.read("user_reserve_kbytes")).isEqualTo("131072\n");
        }

        @Test
        void overcommitMemoryOutsideZeroToTwoIsEinvalAndChangesNothing() {
            Overcommit oc = new Overcommit(0, 50, 0, 0, 0);
            assertErrno(() -> oc.write("overcommit_memory", "3"), Errno.EINVAL);
            assertErrno(() -> oc.write("overcommit_memory", "-1"), Errno.EINVAL);
            assertThat(oc.mode()).isZero();
            oc.write("overcommit_memory", "2\n");
            assertThat(oc.mode()).isEqualTo(2);
        }

        @Test
        void junkRatioChangesNeitherRatioNorKbytes() {
            Overcommit oc = new Overcommit(0, 50, 0, 0, 0);
            oc.write("overcommit_kbytes", "100");
            assertErrno(() -> oc.write("overcommit_ratio", "x"), Errno.EINVAL);
            assertThat(oc.kbytes()).isEqualTo(100);
        }

        @Test
        void anEmptyWriteStoresNoValue() {
            Overcommit oc = new Overcommit(2, 50, 0, 8192, 131072);
            for (String name : List.of("overcommit_memory", "admin_reserve_kbytes", "user_reserve_kbytes")) {
                oc.write(name, "");
            }
            assertThat(oc.mode()).isEqualTo(2);
            assertThat(oc.ratio()).isEqualTo(50);
            assertThat(oc.adminReserveKiB()).isEqualTo(8192);
            assertThat(oc.userReserveKiB()).isEqualTo(131072);
        }

        @Test
        void anEmptyRatioWriteStillZeroesKbytesAsTheHandlerSeesASuccessfulWrite() {
            Overcommit oc = new Overcommit(2, 50, 0, 0, 0);
            oc.write("overcommit_kbytes", "4096");
            oc.write("overcommit_ratio", "");
            assertThat(oc.kbytes()).isZero();
            assertThat(oc.ratio()).as("no value stored").isZero();
            oc.write("overcommit_ratio", "60");
            oc.write("overcommit_kbytes", "");
            assertThat(oc.ratio()).isZero();
            assertThat(oc.kbytes()).isZero();
        }

        @Test
        void whitespaceOnlyIsStillEinvalAndChangesNothing() {
            Overcommit oc = new Overcommit(2, 50, 100, 0, 0);
            assertErrno(() -> oc.write("overcommit_ratio", " "), Errno.EINVAL);
            assertErrno(() -> oc.write("overcommit_ratio", "\n"), Errno.EINVAL);
            assertThat(oc.kbytes()).isEqualTo(100);
        }

        @Test
        void anEmptyWriteToAnUnknownSysctlIsEnoent() {
            assertErrno(() -> new Overcommit(0, 50, 0, 0, 0).write("swappiness", ""), Errno.ENOENT);
        }

        @Test
        void negativeRatioIsAcceptedAsTheKernelDoesNotRangeCheckIt() {
            Overcommit oc = new Overcommit(0, 50, 0, 0, 0);
            oc.write("overcommit_ratio", "-1");
            assertThat(oc.read("overcommit_ratio")).isEqualTo("-1\n");
        }

        @Test
        void reservesTakeUnsignedValuesOnly() {
            Overcommit oc = new Overcommit(0, 50, 0, 0, 0);
            oc.write("admin_reserve_kbytes", "0x10\n");
            assertThat(oc.adminReserveKiB()).isEqualTo(16);
            assertErrno(() -> oc.write("user_reserve_kbytes", "-4"), Errno.EINVAL);
        }

        @Test
        void unknownSysctlIsEnoent() {
            assertErrno(() -> new Overcommit(0, 50, 0, 0, 0).read("swappiness"), Errno.ENOENT);
        }
    }
}
