package org.xenemu.scenarios.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chromium without a display (the README's "Tests"): loads a file and gives back the DOM after
 * its scripts ran ({@code --dump-dom}) and the browser's log (console messages included). Kept
 * off the network: the background-networking flags, and every host name resolving to nothing.
 * Missing browser: the test is skipped with the reason, or fails when
 * {@code XENEMU_REQUIRE_REAL_CLIENTS=true} (CI installs {@code chromium}).
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("XENEMU_CHROMIUM", "/usr/bin/chromium"));

    record Page(String dom, String log) {
    }

    private HeadlessChromium() {
    }

    static void assumePresent() {
        boolean present = Files.isExecutable(BINARY);
        if (!present && "true".equalsIgnoreCase(System.getenv("XENEMU_REQUIRE_REAL_CLIENTS"))) {
            throw new AssertionError(BINARY + " is missing and XENEMU_REQUIRE_REAL_CLIENTS=true: "
                    + "apt-get install -y chromium");
        }
        assumeTrue(present, BINARY + " is not installed (apt-get install -y chromium); skipping the browser test");
    }

    static Page open(Path file, Path work) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(work.resolve("profile"));
        Path log = work.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr",
                "--v=0", "--window-size=1400,2000", "--user-data-dir=" + profile, "--dump-dom",
                file.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + Files.readString(log));
        }
        return new Page(new String(dom, StandardCharsets.UTF_8), Files.readString(log));
    }
}
