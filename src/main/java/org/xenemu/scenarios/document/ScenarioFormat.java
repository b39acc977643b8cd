package org.xenemu.scenarios.document;

import java.util.Locale;
import java.util.Optional;

/** How a scenario document is written: JSON, or YAML (Jackson's YAML format, YAML 1.2 scalars). */
public enum ScenarioFormat {
    JSON, YAML;

    /**
     * By media type: {@code application/json} (and {@code +json}) is JSON; {@code application/yaml},
     * {@code application/x-yaml}, {@code text/yaml} and {@code text/x-yaml} are YAML; parameters such
     * as {@code charset} are ignored. Anything else is empty.
     */
    public static Optional<ScenarioFormat> fromMediaType(String mediaType) {
        String type = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return Optional.of(JSON);
        }
        if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")
                || type.equals("text/x-yaml") || type.endsWith("+yaml")) {
            return Optional.of(YAML);
        }
        return Optional.empty();
    }

    /** By content, for a document without a name or extension: JSON if it opens with <code>{</code>, else YAML. */
    public static ScenarioFormat sniff(byte[] document) {
        for (byte b : document) {
            if (!Character.isWhitespace(b)) {
                return b == '{' ? JSON : YAML;
            }
        }
        return YAML;
    }

    /** By file name: {@code .json} is JSON, {@code .yaml} and {@code .yml} are YAML (any case). */
    public static Optional<ScenarioFormat> fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        return Optional.empty();
    }
}
