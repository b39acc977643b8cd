package org.xenemu.scenarios.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * The one way into the scenario core: a document's bytes to a validated {@link ScenarioPlan}, or
 * an {@link InvalidScenarioException} naming the first problem's field. Nothing is run or
 * allocated for a document that is refused. Documents over {@link Limits#MAX_DOCUMENT_BYTES} are
 * refused before a byte of them is parsed.
 *
 * <p>Strictness, beyond the schema: unknown members, keys given twice, trailing content (or a
 * second YAML document), YAML anchors and aliases, {@code null} for a member (leave it out
 * instead), strings where numbers belong and numbers where strings belong, fractions or exponents
 * where integers belong ({@code 1.0} too), durations without a unit, values out of range — each is
 * refused with the path of the field.
 */
public final class ScenarioParser {
    private ScenarioParser() {
    }

    public static ScenarioPlan parse(byte[] document, ScenarioFormat format) {
        verifySize(document.length);
        JsonNode tree = StrictTreeReader.read(document, format);
        Scenario base = DocumentBinder.bind(tree);
        return SweepBinder.plan(tree, base);
    }

    /** Reads at most one byte more than the limit, so a 50 MB upload is refused after 1 MiB. */
    public static ScenarioPlan parse(InputStream in, ScenarioFormat format) throws IOException {
        byte[] bytes = in.readNBytes(Limits.MAX_DOCUMENT_BYTES + 1);
        return parse(bytes, format);
    }

    /**
     * A file: the format from its extension ({@code .json}, {@code .yaml}, {@code .yml}), else JSON
     * when its first non-blank character is <code>{</code>, else YAML. Its size is checked before it
     * is read.
     */
    public static ScenarioPlan parse(Path file) throws IOException {
        verifySize(Files.size(file));
        byte[] bytes = Files.readAllBytes(file);
        ScenarioFormat format = ScenarioFormat.fromFileName(file.getFileName().toString())
                .orElseGet(() -> ScenarioFormat.sniff(bytes));
        return parse(bytes, format);
    }

    private static void verifySize(long bytes) {
        if (bytes > Limits.MAX_DOCUMENT_BYTES) {
            throw Problems.at("", "is larger than " + Limits.MAX_DOCUMENT_BYTES + " bytes (1 MiB), the most a scenario "
                    + "document may be");
        }
    }
}
