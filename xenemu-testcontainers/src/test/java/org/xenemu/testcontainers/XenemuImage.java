package org.xenemu.testcontainers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The image the container tests run: {@code $XENEMU_IMAGE}, else {@code xenemu:local} (what
 * {@code .ci/run} builds: {@code ./mvnw -q -DskipTests package && docker build --build-arg
 * BASE_IMAGE=local/jre:25 -t xenemu:local .}). Missing: skipped, or failed under
 * {@code XENEMU_REQUIRE_REAL_CLIENTS=true}.
 */
final class XenemuImage {
    private XenemuImage() {
    }

    static String name() {
        String named = System.getenv("XENEMU_IMAGE");
        String image = named == null || named.isBlank() ? "xenemu:local" : named;
        boolean present = exists(image);
        String why = "no image " + image + " in the Docker engine: build it (./mvnw -q -DskipTests package && "
                + "docker build --build-arg BASE_IMAGE=local/jre:25 -t xenemu:local .) or set XENEMU_IMAGE";
        if (Boolean.parseBoolean(System.getenv("XENEMU_REQUIRE_REAL_CLIENTS"))) {
            assertTrue(present, why);
        } else {
            Assumptions.assumeTrue(present, why);
        }
        return image;
    }

    private static boolean exists(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }
}
