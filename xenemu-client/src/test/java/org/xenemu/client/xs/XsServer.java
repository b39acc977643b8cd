package org.xenemu.client.xs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xenemu.client.support.RealXenstored;
import org.xenemu.client.support.Require;
import org.xenemu.client.support.XenemuJar;

/**
 * A xenstored the conformance suite runs against: {@code $XENEMU_XSCLIENT_SOCKETS} (comma-separated
 * {@code name=path} or paths), else discovered: the reference C xenstored
 * ({@code $XENEMU_REAL_XENSTORED}) and xenemu's dom0 socket (the service jar, started on demand).
 * When none is found, one placeholder that skips with the reason (fails in CI).
 */
record XsServer(String name, Supplier<Path> socket, String missing) {
    @Override
    public String toString() {
        return name;
    }

    Path resolve() {
        Require.that(missing == null, missing == null ? "" : missing);
        Path p = socket.get();
        Require.that(Files.exists(p), name + ": no socket at " + p);
        return p;
    }

    static List<XsServer> all() {
        List<XsServer> out = new ArrayList<>();
        String configured = System.getenv("XENEMU_XSCLIENT_SOCKETS");
        if (configured != null && !configured.isBlank()) {
            for (String item : configured.split(",")) {
                String s = item.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int eq = s.indexOf('=');
                String name = eq > 0 ? s.substring(0, eq) : s;
                Path p = Path.of(eq > 0 ? s.substring(eq + 1) : s);
                out.add(new XsServer(name, () -> p, null));
            }
            return out;
        }
        if (RealXenstored.configured()) {
            out.add(new XsServer("C xenstored", () -> RealXenstored.socket().orElseThrow(() -> new IllegalStateException(
                    "XENEMU_REAL_XENSTORED=" + System.getenv("XENEMU_REAL_XENSTORED") + " does not exist")), null));
        }
        if (XenemuJar.available()) {
            out.add(new XsServer("xenemu", () -> XenemuJar.get().dom0Socket(), null));
        }
        if (out.isEmpty()) {
            out.add(new XsServer("none", () -> Path.of("/nonexistent"), "no xenstored to run XsClient against: set "
                    + "XENEMU_XSCLIENT_SOCKETS, or XENEMU_REAL_XENSTORED (S=$(/work/shared/tools/real-xenstored/start "
                    + "/tmp/xsclient-ref)), and/or build the service jar (./mvnw -q -DskipTests package)"));
        } else if (Require.required()) {
            if (!RealXenstored.configured()) {
                out.add(new XsServer("C xenstored", () -> Path.of("/nonexistent"),
                        "XENEMU_REAL_XENSTORED is not set: the reference C xenstored is required here"));
            }
            if (!XenemuJar.available()) {
                out.add(new XsServer("xenemu", () -> Path.of("/nonexistent"), "no xenemu service jar"));
            }
        }
        return out;
    }
}
