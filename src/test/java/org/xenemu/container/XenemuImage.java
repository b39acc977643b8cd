package org.xenemu.container;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The container image the black-box tests run: the one {@code .ci/run} built (named by the
 * environment variable {@code XENEMU_IMAGE}), else {@code xenemu:local} if the engine has it,
 * else one built here from the top-level Dockerfile and the jar {@code package} just made.
 * Building needs a base image with a Java 25 runtime (the image makes a JDK 25 AOT cache):
 * {@code XENEMU_BASE_IMAGE}, else the registry-free {@code local/jre:25} that {@code .ci/run}
 * makes, else the Dockerfile's default (pulled, so only
 * where a registry is reachable).
 */
final class XenemuImage {
    static final String DEFAULT_IMAGE = "xenemu:local";
    static final String LOCAL_BASE = "local/jre:25";

    private XenemuImage() {
    }

    /** Resolves (and if need be builds) the image; a missing explicitly named image fails the test. */
    static DockerImageName resolve() {
        String named = System.getenv("XENEMU_IMAGE");
        String image = named == null || named.isBlank() ? DEFAULT_IMAGE : named;
        if (exists(image)) {
            return DockerImageName.parse(image);
        }
        if (named != null && !named.isBlank()) {
            fail("XENEMU_IMAGE=" + named + " names an image the Docker engine does not have; "
                    + "build it first (.ci/run does: docker build --build-arg BASE_IMAGE=local/jre:25 -t " + named + " .)");
        }
        return DockerImageName.parse(buildFromDockerfile());
    }

    private static String buildFromDockerfile() {
        Path projectDir = Path.of(System.getProperty("xenemu.projectDir", "."));
        Path jar = Path.of(System.getProperty("xenemu.jar", "target/xenemu.jar"));
        assumeTrue(Files.isRegularFile(jar),
                "no image " + DEFAULT_IMAGE + " and no packaged jar at " + jar + " to build one from: run ./mvnw verify");
        ImageFromDockerfile build = new ImageFromDockerfile("xenemu-it", true)
                .withFileFromPath("Dockerfile", projectDir.resolve("Dockerfile"))
                .withFileFromPath("target/" + jar.getFileName(), jar);
        String base = System.getenv("XENEMU_BASE_IMAGE");
        if (base == null || base.isBlank()) {
            base = exists(LOCAL_BASE) ? LOCAL_BASE : null;
        }
        if (base != null) {
            build.withBuildArg("BASE_IMAGE", base);
        }
        return build.get();
    }

    static boolean exists(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }
}
