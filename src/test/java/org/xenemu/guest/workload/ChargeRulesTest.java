package org.xenemu.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xenemu.guest.workload.MappingKind.ANONYMOUS;
import static org.xenemu.guest.workload.MappingKind.FILE;
import static org.xenemu.guest.workload.MappingKind.SHMEM;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The overcommit-accounting seed's cost table, one row per rule (mapping of 100 pages). */
class ChargeRulesTest {
    static Stream<Arguments> seedTable() {
        return Stream.of(
                Arguments.of("file SHARED read-only costs 0 (the file is the map not swap)", FILE, true, false, false, 0, 0),
                Arguments.of("file SHARED writable costs 0 (the file is the map not swap)", FILE, true, true, false, 0, 0),
                Arguments.of("file PRIVATE READ-only costs 0", FILE, false, false, false, 0, 0),
                Arguments.of("file PRIVATE WRITABLE costs the size per instance", FILE, false, true, false, 0, 100),
                Arguments.of("anonymous SHARED costs the size", ANONYMOUS, true, false, false, 0, 100),
                Arguments.of("anonymous SHARED writable costs the size", ANONYMOUS, true, true, false, 0, 100),
                Arguments.of("anonymous PRIVATE READ-only costs 0 (but of little use)", ANONYMOUS, false, false, false, 0, 0),
                Arguments.of("anonymous PRIVATE WRITABLE costs the size per instance", ANONYMOUS, false, true, false, 0, 100),
                Arguments.of("shmfs memory is drawn from the same pool: SHARED costs the size", SHMEM, true, false, false, 0, 100),
                Arguments.of("shmfs PRIVATE WRITABLE costs the size", SHMEM, false, true, false, 0, 100),
                Arguments.of("MAP_NORESERVE private writable is not charged in mode 0", ANONYMOUS, false, true, true, 0, 0),
                Arguments.of("MAP_NORESERVE private writable is not charged in mode 1", ANONYMOUS, false, true, true, 1, 0),
                Arguments.of("In mode 2 the MAP_NORESERVE flag is ignored", ANONYMOUS, false, true, true, 2, 100),
                Arguments.of("MAP_NORESERVE shared anonymous is not charged in mode 1", ANONYMOUS, true, true, true, 1, 0),
                Arguments.of("MAP_NORESERVE shared anonymous is charged in mode 2", ANONYMOUS, true, true, true, 2, 100),
                Arguments.of("file PRIVATE WRITABLE in mode 2 costs the size", FILE, false, true, false, 2, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedTable")
    void costOfAMapping(String rule, MappingKind kind, boolean shared, boolean writable, boolean noreserve, int mode,
                        long expectedPages) {
        assertThat(ChargeRules.chargePages(kind, shared, writable, noreserve, mode, 100)).isEqualTo(expectedPages);
    }
}
