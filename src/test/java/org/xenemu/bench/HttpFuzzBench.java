package org.xenemu.bench;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.xenemu.XenemuApplication;
import org.xenemu.web.HttpFuzzer;

/**
 * Issue 18's HTTP campaign, longer than {@code HttpFuzzTest}: N hostile requests over every
 * operation with a state check after every refused mutation ({@link HttpFuzzer}), then, against a
 * second service in token mode, M requests over every operation without a valid token. Prints the
 * figures BENCHMARKS.md records and the first findings.
 * Run: {@code ./mvnw -q -Pbench test-compile exec:java -Dbench=org.xenemu.bench.HttpFuzzBench
 * -Dexec.args="[requests=20000] [seed=18] [unauthenticated=2000]"}
 */
public final class HttpFuzzBench {
    private HttpFuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 18;
        int unauthenticated = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        String run = java.nio.file.Files.createTempDirectory("fuzz-bench").toString();
        try (ConfigurableApplicationContext open = SpringApplication.run(XenemuApplication.class, "--server.port=0",
                "--server.address=127.0.0.1", "--xenemu.clock.mode=manual", "--xenemu.run-dir=" + run + "/open",
                "--logging.level.root=WARN")) {
            int port = Integer.parseInt(open.getEnvironment().getProperty("local.server.port", "0"));
            HttpFuzzer fuzzer = new HttpFuzzer(port, seed);
            int ops = fuzzer.discover();
            long start = System.nanoTime();
            HttpFuzzer.Report report = fuzzer.run(requests);
            System.out.printf("open mode, %d operations, seed %d, %.0f s: %s%n", ops, seed,
                    (System.nanoTime() - start) / 1e9, report);
            report.findings.forEach(f -> System.out.println("  finding: " + f));
        }
        try (ConfigurableApplicationContext token = SpringApplication.run(XenemuApplication.class, "--server.port=0",
                "--server.address=127.0.0.1", "--xenemu.clock.mode=manual", "--xenemu.run-dir=" + run + "/token",
                "--xenemu.security.mode=token", "--xenemu.security.admin-token=s3cret", "--logging.level.root=WARN")) {
            int port = Integer.parseInt(token.getEnvironment().getProperty("local.server.port", "0"));
            HttpFuzzer fuzzer = new HttpFuzzer(port, seed);
            fuzzer.discover();
            List<String> first = new ArrayList<>();
            long bypass = fuzzer.unauthenticated(unauthenticated, first);
            System.out.printf("token mode: %d requests without a valid token, %d not refused 401 EACCES%n",
                    unauthenticated, bypass);
            first.forEach(f -> System.out.println("  bypass: " + f));
        }
        System.exit(0);
    }
}
