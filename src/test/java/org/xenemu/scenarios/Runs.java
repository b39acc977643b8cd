package org.xenemu.scenarios;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.xenemu.scenarios.document.ScenarioFormat;
import org.xenemu.scenarios.document.ScenarioParser;
import org.xenemu.scenarios.document.ScenarioPlan;

/** Helpers for tests that run documents with the fake runner. */
public final class Runs {
    private Runs() {
    }

    public static ScenarioPlan plan(String yaml) {
        return ScenarioParser.parse(yaml.getBytes(StandardCharsets.UTF_8), ScenarioFormat.YAML);
    }

    public static ScenarioPlan example() {
        try (InputStream in = Runs.class.getResourceAsStream("/scenarios/selfballoon-vs-squeezed.yaml")) {
            return ScenarioParser.parse(in.readAllBytes(), ScenarioFormat.YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScenarioResult run(ScenarioPlan plan) {
        return ScenarioExecution.run(plan, new FakeRunner(), 2, p -> { }, new Cancellation());
    }

    public static byte[] csv(ScenarioResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeSeriesCsv(out);
        return out.toByteArray();
    }

    public static byte[] summary(ScenarioResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeSummaryJson(out);
        return out.toByteArray();
    }

    public static byte[] report(ScenarioResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeReport(out);
        return out.toByteArray();
    }
}
