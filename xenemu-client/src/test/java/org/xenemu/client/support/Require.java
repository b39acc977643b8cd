package org.xenemu.client.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a black-box test needs (the service jar, a reference xenstored): an assumption on a
 * developer machine, an assertion where {@code XENEMU_REQUIRE_REAL_CLIENTS=true} (CI), so nothing
 * skips there unnoticed.
 */
public final class Require {
    private Require() {
    }

    public static boolean required() {
        return Boolean.parseBoolean(System.getenv("XENEMU_REQUIRE_REAL_CLIENTS"));
    }

    public static void that(boolean present, String why) {
        if (required()) {
            Assertions.assertTrue(present, why + " (required: XENEMU_REQUIRE_REAL_CLIENTS=true)");
        } else {
            Assumptions.assumeTrue(present, why);
        }
    }
}
