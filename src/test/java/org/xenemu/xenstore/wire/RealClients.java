package org.xenemu.xenstore.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real xenstore clients (Debian xenstore-utils, test-xenstore, python3-pyxs) against a
 * socket, and skips with a clear reason where they are not installed. CI installs them and sets
 * {@code XENEMU_REQUIRE_REAL_CLIENTS=true}, which turns a missing client into a failure, so the
 * tests can never skip there unnoticed. Public so that other concerns' black-box tests can drive
 * the running service's sockets with them.
 */
public final class RealClients {
    static final String INSTALL_HINT = "apt-get install -y xenstore-utils python3-pyxs python3-pytest";

    private RealClients() {
    }

    /** An assumption on a developer machine, an assertion in CI. */
    private static void assumeTrue(boolean present, String why) {
        if (Boolean.parseBoolean(System.getenv("XENEMU_REQUIRE_REAL_CLIENTS"))) {
            assertTrue(present, why + " (required: XENEMU_REQUIRE_REAL_CLIENTS=true)");
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(present, why);
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static void assumeXenstoreUtils() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xenstore-read")),
            "xenstore-utils is not installed (/usr/bin/xenstore-read missing): " + INSTALL_HINT);
    }

    /**
     * The reference C xenstored (Debian's xenstored 4.17 under tools/real-xenstored's shim): its
     * socket from {@code $XENEMU_REAL_XENSTORED}, which whoever started it exports
     * ({@code export XENEMU_REAL_XENSTORED=$(/work/shared/tools/real-xenstored/start DIR)}). Unset:
     * skipped here, a failure in CI. Set to a socket that does not exist: always a failure.
     */
    static Path assumeRealXenstored() {
        String configured = System.getenv("XENEMU_REAL_XENSTORED");
        assumeTrue(configured != null && !configured.isBlank(), "XENEMU_REAL_XENSTORED is not set: start the reference "
            + "C xenstored (as root: S=$(/work/shared/tools/real-xenstored/start /tmp/real-xenstored)) and "
            + "export XENEMU_REAL_XENSTORED=$S");
        Path socket = Path.of(configured);
        assertTrue(Files.exists(socket), "XENEMU_REAL_XENSTORED=" + configured + " does not exist: is the reference "
            + "xenstored running? (see /tmp/real-xenstored/xenstored.log or the DIR given to start)");
        return socket;
    }

    /** test-xenstore from xen-utils-4.17: {@code $XENEMU_TEST_XENSTORE}, else the Debian path. */
    static Path assumeTestXenstore() {
        String configured = System.getenv("XENEMU_TEST_XENSTORE");
        Path binary = Path.of(configured != null ? configured : "/usr/lib/xen-4.17/bin/test-xenstore");
        assumeTrue(Files.isExecutable(binary), "test-xenstore is not at " + binary + "; extract it with "
            + "`apt-get download xen-utils-4.17 && dpkg -x xen-utils-4.17_*.deb DIR` and set XENEMU_TEST_XENSTORE");
        return binary;
    }

    /** xenstore-control from xen-utils-4.17, next to test-xenstore. */
    static Path assumeXenstoreControl() throws IOException, InterruptedException {
        String configured = System.getenv("XENEMU_TEST_XENSTORE");
        Path dir = configured != null ? Path.of(configured).toAbsolutePath().getParent() : Path.of("/usr/lib/xen-4.17/bin");
        Path binary = dir.resolve("xenstore-control");
        assumeTrue(Files.isExecutable(binary), "xenstore-control is not at " + binary
            + "; it ships in xen-utils-4.17 next to test-xenstore (extract both)");
        Result usage = run(null, 30, binary.toString());
        assumeTrue(!usage.stderr().contains("error while loading shared libraries"),
            "xenstore-control cannot load its libraries (it needs libxenctrl from a full xen-utils-4.17 install): "
                + usage.stderr().strip());
        return binary;
    }

    /** The Debian python3 (pyenv shims elsewhere on PATH do not see python3-pyxs). */
    static Path assumePyxs() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 missing: " + INSTALL_HINT);
        Result r = run(null, 30, python.toString(), "-c", "import pyxs");
        assumeTrue(r.exitCode() == 0, "python3-pyxs is not installed: " + INSTALL_HINT);
        return python;
    }

    public static Result run(Path socket, String... command) throws IOException, InterruptedException {
        return run(socket, 30, command);
    }

    public static Result run(Path socket, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = start(socket, command);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    public static Process start(Path socket, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (socket != null) {
            pb.environment().put("XENSTORED_PATH", socket.toAbsolutePath().toString());
        }
        pb.environment().remove("XENSTORED_RUNDIR");
        return pb.start();
    }
}
