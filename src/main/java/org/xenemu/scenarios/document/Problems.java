package org.xenemu.scenarios.document;

import tools.jackson.databind.JsonNode;

/** Paths into a document and the one way this package says what is wrong with a field. */
final class Problems {
    private Problems() {
    }

    static InvalidScenarioException at(String field, String reason) {
        return new InvalidScenarioException(field.isEmpty() ? InvalidScenarioException.DOCUMENT : field, reason);
    }

    static String child(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    /** What a value is, for "must be X, not Y" messages: short and without echoing large input. */
    static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            String s = node.stringValue();
            return "the string " + quote(s);
        }
        if (node.isNumber()) {
            String text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.decimalValue().toString();
            return text.length() > 40 ? "a " + text.length() + "-digit number" : text;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "an unsupported value";
    }

    static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        StringBuilder b = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
