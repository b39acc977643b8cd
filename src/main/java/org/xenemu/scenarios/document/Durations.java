package org.xenemu.scenarios.document;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xenemu.scenarios.workload.Nanos;
import tools.jackson.databind.JsonNode;

/**
 * Durations and times in a document: a string of a decimal number and a unit — {@code ms},
 * {@code s}, {@code m}, {@code h}, {@code d} ({@code 500ms}, {@code 90s}, {@code 1.5h},
 * {@code 24h}, {@code 1d}) — or a JSON/YAML number of seconds ({@code 90}, {@code 0.5}). A string
 * without a unit ({@code "90"}) is refused: it is ambiguous, and a plain number says seconds
 * already. Resolution is one millisecond; a finer value ({@code 1.0001s}) is refused rather than
 * rounded. No sign, no exponent, no spaces, no compound forms ({@code 1h30m}: write {@code 90m}).
 */
final class Durations {
    /** Far beyond any scenario (1000 days), well inside a long of nanoseconds. */
    static final long MAX_NANOS = 1000 * Nanos.DAY;
    private static final Pattern TEXT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)");
    private static final Pattern NUMBER_ONLY = Pattern.compile("[+-]?[0-9]+(?:\\.[0-9]+)?");

    private Durations() {
    }

    static long parse(JsonNode node, String path) {
        BigDecimal nanos;
        if (node.isNumber()) {
            BigDecimal seconds = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
            if (seconds.signum() < 0) {
                throw Problems.at(path, "must not be negative, not " + Problems.describe(node));
            }
            nanos = seconds.multiply(BigDecimal.valueOf(Nanos.SECOND));
        } else if (node.isString()) {
            String text = node.stringValue();
            Matcher m = TEXT.matcher(text);
            if (!m.matches()) {
                if (NUMBER_ONLY.matcher(text.strip()).matches()) {
                    throw Problems.at(path, Problems.quote(text) + " has no unit; write " + text.strip()
                            + "s (or a number of seconds without quotes)");
                }
                throw Problems.at(path, Problems.quote(text) + " is not a duration: a number and one of the units "
                        + "ms, s, m, h, d (90s, 15m, 24h), or a number of seconds");
            }
            nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2))));
        } else {
            throw Problems.at(path, "must be a duration (90s, 15m, 24h) or a number of seconds, not "
                    + Problems.describe(node));
        }
        if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
            throw Problems.at(path, "must be at most 1000d");
        }
        BigDecimal millis = nanos.divide(BigDecimal.valueOf(Nanos.MILLISECOND));
        if (millis.stripTrailingZeros().scale() > 0) {
            throw Problems.at(path, "has a finer resolution than a millisecond");
        }
        return nanos.longValueExact();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> Nanos.MILLISECOND;
            case "s" -> Nanos.SECOND;
            case "m" -> Nanos.MINUTE;
            case "h" -> Nanos.HOUR;
            case "d" -> Nanos.DAY;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
