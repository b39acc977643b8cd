package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 18's HTTP fuzzer, bounded: {@value #REQUESTS} hostile requests over every operation of the
 * OpenAPI document ({@link HttpFuzzer}): no 5xx, every refusal problem+json with an errno, no
 * refusal changes state, every request answered. Another seed: {@code -Dxenemu.fuzz.seed=N};
 * longer runs: {@code org.xenemu.bench.HttpFuzzBench}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xenemu.clock.mode=manual", "xenemu.run-dir=target/run-http-fuzz-test"})
class HttpFuzzTest {
    static final int REQUESTS = 1500;

    @LocalServerPort
    int port;

    @Test
    void hostileRequestsOverEveryOperationAreRefusedCleanlyAndChangeNothing() throws Exception {
        long seed = Long.getLong("xenemu.fuzz.seed", 18L);
        HttpFuzzer fuzzer = new HttpFuzzer(port, seed);
        assertThat(fuzzer.discover()).as("operations in the OpenAPI document").isGreaterThan(40);
        HttpFuzzer.Report report = fuzzer.run(REQUESTS);
        System.out.println("HttpFuzzTest seed " + seed + ": " + report);
        assertThat(report.findings).as(report.toString()).isEmpty();
        assertThat(report.status4xx).as("mostly refusals").isGreaterThan(REQUESTS / 2);
        assertThat(report.stateChecks).isGreaterThan(REQUESTS / 4);
    }
}
