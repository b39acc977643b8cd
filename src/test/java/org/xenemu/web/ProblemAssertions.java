package org.xenemu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** The shape every refusal must have: status, problem+json, the errno, and no internals. */
public final class ProblemAssertions {
    private ProblemAssertions() {
    }

    public static void assertProblem(HttpResponse<String> r, int status, String errno) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"errno\":\"" + errno + "\"").doesNotContain("Exception").doesNotContain("at org.");
        // RFC 9457 members first, in the RFC's order, with the type spelled out (as README shows)
        assertThat(r.body()).startsWith("{\"type\":\"about:blank\",\"title\":\"");
    }
}
