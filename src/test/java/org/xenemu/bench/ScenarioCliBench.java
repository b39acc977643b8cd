package org.xenemu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xenemu.web.ShortRunDir;

/**
 * The figure as a user meets it: the whole {@code java -jar xenemu.jar scenario FILE --out
 * DIR --quiet} process, JVM start and the three output files included, timed from fork to exit,
 * for SelfballoonBench's fleet as a scenario ({@code src/test/resources/scenarios/bench/fleet-N.yaml}).
 * Prints each round's wall time and (with GNU time installed) the process's CPU time and peak RSS,
 * then the median wall time. Build the jar first.
 *
 * <pre>./mvnw -q -DskipTests package
 * ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.ScenarioCliBench -Dexec.args="[ROUNDS [N… [-- JVM options…]]]"</pre>
 *
 * Default: 3 rounds of 1000 domains, the JVM's default options. Without JVM options the command
 * line starts its run in a second JVM from a cache it makes on a jar's first run (docs/scenarios.md
 * "Running it"): the bench first runs the 100-domain fleet once, untimed, so that no round pays
 * for making it (the first run's cost: BENCHMARKS.md "Scenarios", tenth pass).
 */
public final class ScenarioCliBench {
    private static final java.util.Optional<Path> TIME = java.util.Optional.of(Path.of("/usr/bin/time"))
            .filter(Files::isExecutable);

    public static void main(String[] args) throws IOException, InterruptedException {
        int split = Arrays.asList(args).indexOf("--");
        String[] own = split < 0 ? args : Arrays.copyOfRange(args, 0, split);
        List<String> jvm = split < 0 ? List.of() : Arrays.asList(args).subList(split + 1, args.length);
        int rounds = own.length > 0 ? Integer.parseInt(own[0]) : 3;
        int[] sizes = own.length > 1 ? Arrays.stream(own, 1, own.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1000};
        Path jar = jar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("%s, %s, JVM options %s%n", jar, Runtime.version(), jvm);
        if (jvm.isEmpty()) {
            Path warm = Files.createTempDirectory("scenario-cli-bench");
            long start = System.nanoTime();
            int status = new ProcessBuilder(java, "-jar", jar.toString(), "scenario",
                    "src/test/resources/scenarios/bench/fleet-100.yaml", "--out", warm.resolve("out").toString(), "--quiet")
                    .inheritIO().start().waitFor();
            System.out.printf("untimed first run (the command line's cache): exit %d, %.2f s%n", status,
                    (System.nanoTime() - start) / 1e9);
            ShortRunDir.delete(warm);
        }
        for (int n : sizes) {
            Path doc = Path.of("src/test/resources/scenarios/bench/fleet-" + n + ".yaml");
            double[] walls = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                Path out = Files.createTempDirectory("scenario-cli-bench");
                Path times = out.resolve("time.txt");
                List<String> command = new ArrayList<>();
                if (TIME.isPresent()) {
                    // GNU time reports the child's CPU and peak RSS once it has exited; the JDK cannot
                    command.addAll(List.of(TIME.get().toString(), "-o", times.toString(), "-f", "%U %S %M"));
                }
                command.add(java);
                command.addAll(jvm);
                command.addAll(List.of("-jar", jar.toString(), "scenario", doc.toString(), "--out",
                        out.resolve("out").toString(), "--quiet"));
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command).inheritIO().start();
                int status = p.waitFor();
                walls[round] = (System.nanoTime() - start) / 1e9;
                String cpu = "CPU not measured (no /usr/bin/time)";
                if (Files.exists(times)) {
                    String[] f = Files.readString(times).strip().split("\\s+");
                    cpu = String.format("%.1f s CPU (user %s s, sys %s s), peak RSS %,d MB",
                            Double.parseDouble(f[0]) + Double.parseDouble(f[1]), f[0], f[1], Long.parseLong(f[2]) / 1024);
                    Files.delete(times);
                }
                out = out.resolve("out");
                long bytes = 0;
                try (var files = Files.list(out)) {
                    for (Path f : files.toList()) {
                        bytes += Files.size(f);
                        Files.delete(f);
                    }
                }
                Files.delete(out);
                Files.delete(out.getParent());
                System.out.printf("%,6d domains, round %d: exit %d, %.2f s wall, %s, %.1f MB written%n", n,
                        round + 1, status, walls[round], cpu, bytes / 1e6);
            }
            Arrays.sort(walls);
            System.out.printf("%,6d domains: median %.2f s wall (best %.2f s)%n", n, walls[rounds / 2], walls[0]);
        }
    }

    private static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("xenemu-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/xenemu-*.jar: ./mvnw -DskipTests package"));
        }
    }
}
