package org.xenemu.scenarios.document;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;

/** Small documents for tests, and the assertion that one is refused at a field. */
final class Documents {
    /** The smallest valid document; tests add members to it. */
    static final String MINIMAL = """
            name: t
            duration: 1h
            """;

    private Documents() {
    }

    static ScenarioPlan yaml(String text) {
        return ScenarioParser.parse(text.getBytes(StandardCharsets.UTF_8), ScenarioFormat.YAML);
    }

    static ScenarioPlan json(String text) {
        return ScenarioParser.parse(text.getBytes(StandardCharsets.UTF_8), ScenarioFormat.JSON);
    }

    static byte[] resource(String name) {
        try (InputStream in = Documents.class.getResourceAsStream("/scenarios/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that the YAML document is refused at {@code field}, and returns the assertion for the message. */
    static AbstractThrowableAssert<?, ? extends Throwable> refusedAt(String field, String yaml) {
        return assertThatThrownBy(() -> yaml(yaml)).isInstanceOf(InvalidScenarioException.class)
                .hasFieldOrPropertyWithValue("field", field);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> jsonRefusedAt(String field, String json) {
        return assertThatThrownBy(() -> json(json)).isInstanceOf(InvalidScenarioException.class)
                .hasFieldOrPropertyWithValue("field", field);
    }
}
