package org.xenemu.xenstore.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two independent real clients: Debian's test-xenstore (libxenstore; the 12 conformance tests incl.
 * transaction isolation and EAGAIN, on the relative base {@code xenstore-test/<pid>}) and the pure
 * Python pyxs (increasing req_ids, checks tx_id in replies).
 */
class TestXenstoreAndPyxsTest {
    @TempDir
    Path runDir;
    RealStoreFixture xs;

    @BeforeEach
    void start() {
        xs = new RealStoreFixture(runDir);
    }

    @AfterEach
    void stop() {
        xs.close();
    }

    @Test
    void testXenstorePassesAllItsTestsOnTheDom0Socket() throws Exception {
        Path binary = RealClients.assumeTestXenstore();
        RealClients.Result r = RealClients.run(xs.dom0Socket(), 120, binary.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout().lines()).hasSize(12).noneMatch(l -> l.contains("failed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"read 1", "read 2000", "write 1", "write 2000", "dir", "rm node", "rm dir",
        "ta empty", "ta empty x", "ta rmw", "ta rmw x", "ta err"})
    void eachTestXenstoreTestPassesOnTheDom0Socket(String test) throws Exception {
        Path binary = RealClients.assumeTestXenstore();
        RealClients.Result r = RealClients.run(xs.dom0Socket(), 60, binary.toString(), "-t", test);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"read 1", "write 2000", "dir", "rm dir", "ta rmw", "ta err"})
    void testXenstoreTestsPassOnAGuestSocket(String test) throws Exception {
        Path binary = RealClients.assumeTestXenstore();
        Path guest = xs.createGuest(9, "guest9");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(guest));
        RealClients.Result r = RealClients.run(guest, 60, binary.toString(), "-t", test);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    }

    @Test
    void pyxsScenarioPasses() throws Exception {
        Path python = RealClients.assumePyxs();
        Path script = runDir.resolve("pyxs_scenario.py");
        try (InputStream in = getClass().getResourceAsStream("/wire/pyxs_scenario.py")) {
            Files.copy(in, script);
        }
        RealClients.Result r = RealClients.run(xs.dom0Socket(), 60, python.toString(), script.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("OK\n");
    }

}
