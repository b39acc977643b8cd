package org.xenemu.scenarios.document;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads a document into a Jackson tree, token by token, refusing what a lenient reader would
 * quietly accept — each refusal names the path where it happened:
 * <ul>
 *   <li>a key given twice in one object ({@code domains[0].name: duplicate key});</li>
 *   <li>anything after the first value: trailing garbage, a second YAML document;</li>
 *   <li>YAML anchors and aliases (Jackson's tree would read {@code *x} as the string {@code "x"}),
 *       binary and other tagged values;</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH};</li>
 *   <li>syntax errors, reported as one line with the line and column.</li>
 * </ul>
 * Numbers keep their form: integers as integral nodes (of any size), anything written with a
 * fraction or an exponent as an exact decimal, so {@code 1.0} is not mistaken for an integer and no
 * digit is lost to binary floating point.
 */
final class StrictTreeReader {
    static final int MAX_DEPTH = 32;
    private static final Pattern BLANK_RUNS = Pattern.compile("\\s+");
    /*
     * Parser factories, not mappers: the tree is built here token by token, so nothing of
     * databind's configuration is used, and not building an ObjectMapper saves the command line
     * a third of a second of class loading (BENCHMARKS.md "Scenarios").
     */
    private static final TokenStreamFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final TokenStreamFactory YAML = YAMLFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final JsonParser parser;

    private StrictTreeReader(JsonParser parser) {
        this.parser = parser;
    }

    static JsonNode read(byte[] bytes, ScenarioFormat format) {
        TokenStreamFactory factory = format == ScenarioFormat.YAML ? YAML : JSON;
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), bytes)) {
            StrictTreeReader reader = new StrictTreeReader(parser);
            JsonToken first = reader.next("");
            if (first == null) {
                throw Problems.at("", "is empty");
            }
            JsonNode root = reader.value(first, "", 0);
            JsonToken extra = reader.next("");
            if (extra != null) {
                throw Problems.at("", (format == ScenarioFormat.YAML && extra.isStructStart()
                        ? "holds more than one YAML document" : "has content after its end") + where(parser));
            }
            return root;
        } catch (JacksonException e) {
            throw Problems.at("", syntax(e));
        }
    }

    private JsonToken next(String path) {
        try {
            return parser.nextToken();
        } catch (JacksonException e) {
            throw Problems.at(path, syntax(e));
        }
    }

    private JsonNode value(JsonToken token, String path, int depth) {
        verifyNoAlias(path);
        switch (token) {
            case START_OBJECT:
                return object(path, depth + 1);
            case START_ARRAY:
                return array(path, depth + 1);
            case VALUE_STRING:
                return nodes.stringNode(parser.getString());
            case VALUE_NUMBER_INT:
                return nodes.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                try {
                    return nodes.numberNode(parser.getDecimalValue());
                } catch (JacksonException e) {
                    throw Problems.at(path, "is not a finite number" + where(parser));
                }
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw Problems.at(path, "holds an unsupported value (a binary or tagged value)" + where(parser));
        }
    }

    private ObjectNode object(String path, int depth) {
        verifyDepth(path, depth);
        ObjectNode object = nodes.objectNode();
        for (JsonToken t = next(path); t != JsonToken.END_OBJECT; t = next(path)) {
            if (t != JsonToken.PROPERTY_NAME) {
                throw Problems.at(path, "has a key that is not a plain name" + where(parser));
            }
            String name = parser.currentName();
            String child = Problems.child(path, name);
            if (object.has(name)) {
                throw Problems.at(child, "duplicate key" + where(parser));
            }
            JsonToken valueToken = next(child);
            if (valueToken == null) {
                throw Problems.at(child, "ends without a value");
            }
            object.set(name, value(valueToken, child, depth));
        }
        return object;
    }

    private ArrayNode array(String path, int depth) {
        verifyDepth(path, depth);
        ArrayNode array = nodes.arrayNode();
        for (JsonToken t = next(path); t != JsonToken.END_ARRAY; t = next(path)) {
            if (t == null) {
                throw Problems.at(path, "ends inside a list");
            }
            array.add(value(t, Problems.element(path, array.size()), depth));
        }
        return array;
    }

    private void verifyNoAlias(String path) {
        if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getObjectId() != null)) {
            throw Problems.at(path, "uses a YAML anchor or alias; write the value out instead" + where(parser));
        }
    }

    private void verifyDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw Problems.at(path, "is nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private static String where(JsonParser parser) {
        return at(parser.currentTokenLocation());
    }

    private static String at(TokenStreamLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Jackson's and snakeyaml's messages are multi-line with source excerpts: keep the first sentence. */
    private static String syntax(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String firstLine = message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.startsWith("in reader") && !l.startsWith("^")).findFirst().orElse(message);
        String problem = message.lines().map(String::strip)
                .filter(l -> l.startsWith("expected") || l.startsWith("found") || l.startsWith("mapping values")
                        || l.startsWith("could not")).findFirst().orElse("");
        String text = problem.isEmpty() || firstLine.equals(problem) ? firstLine : firstLine + ": " + problem;
        text = BLANK_RUNS.matcher(text).replaceAll(" ");
        if (text.length() > 200) {
            text = text.substring(0, 197) + "...";
        }
        return "is not valid: " + text + at(e.getLocation());
    }
}
