package org.xenemu.scenarios.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.xenemu.scenarios.workload.Nanos;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object of the document with its path: typed, range-checked reads of its members, each
 * failing with the member's path. Absent members give the default or an empty optional; a member
 * present as {@code null} is refused (leave it out instead), as is a member the object's
 * {@link Schema} entry does not list.
 */
final class Obj {
    private final ObjectNode node;
    private final String path;

    private Obj(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Obj of(JsonNode node, String path) {
        if (!node.isObject()) {
            throw Problems.at(path, "must be an object, not " + Problems.describe(node));
        }
        return new Obj((ObjectNode) node, path);
    }

    String path() {
        return path;
    }

    ObjectNode node() {
        return node;
    }

    String at(String member) {
        return Problems.child(path, member);
    }

    /** Refuses every member not in {@code allowed}, naming the first in document order. */
    Obj verifyOnly(List<String> allowed, String what) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw Problems.at(at(name), "unknown field; " + what + " has " + String.join(", ", allowed));
            }
        }
        return this;
    }

    boolean has(String member) {
        return node.has(member);
    }

    Optional<JsonNode> raw(String member) {
        JsonNode v = node.get(member);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isNull()) {
            throw Problems.at(at(member), "must not be null (leave it out for the default)");
        }
        return Optional.of(v);
    }

    JsonNode required(String member) {
        return raw(member).orElseThrow(() -> Problems.at(at(member), "is required"));
    }

    Optional<String> string(String member) {
        return raw(member).map(v -> {
            if (!v.isString()) {
                throw Problems.at(at(member), "must be a string, not " + Problems.describe(v));
            }
            return v.stringValue();
        });
    }

    String requiredString(String member) {
        required(member);
        return string(member).orElseThrow();
    }

    Optional<Boolean> bool(String member) {
        return raw(member).map(v -> {
            if (!v.isBoolean()) {
                throw Problems.at(at(member), "must be true or false, not " + Problems.describe(v));
            }
            return v.booleanValue();
        });
    }

    OptionalLong integer(String member, long min, long max) {
        Optional<JsonNode> v = raw(member);
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(integer(v.get(), at(member), min, max));
    }

    long requiredInteger(String member, long min, long max) {
        return integer(required(member), at(member), min, max);
    }

    OptionalInt smallInteger(String member, int min, int max) {
        OptionalLong v = integer(member, min, max);
        return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) v.getAsLong());
    }

    static long integer(JsonNode v, String path, long min, long max) {
        BigInteger value = bigInteger(v, path);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw Problems.at(path, range(value.signum() < 0 || value.compareTo(BigInteger.valueOf(min)) < 0, min, max)
                    + ", not " + Problems.describe(v));
        }
        return value.longValueExact();
    }

    static BigInteger bigInteger(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw Problems.at(path, "must be an integer, not " + Problems.describe(v));
        }
        if (!v.isIntegralNumber()) {
            throw Problems.at(path, "must be an integer (no fraction or exponent), not " + Problems.describe(v));
        }
        return v.bigIntegerValue();
    }

    /** A number (integer or decimal) in [min, max], as the exact decimal written. */
    Optional<BigDecimal> decimal(String member, BigDecimal min, BigDecimal max) {
        return raw(member).map(v -> {
            if (!v.isNumber()) {
                throw Problems.at(at(member), "must be a number, not " + Problems.describe(v));
            }
            BigDecimal d = v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue();
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw Problems.at(at(member), "must be between " + min.toPlainString() + " and " + max.toPlainString()
                        + ", not " + Problems.describe(v));
            }
            return d;
        });
    }

    BigDecimal requiredDecimal(String member, BigDecimal min, BigDecimal max) {
        required(member);
        return decimal(member, min, max).orElseThrow();
    }

    OptionalLong duration(String member, long minNanos, long maxNanos) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        long nanos = Durations.parse(v.get(), at(member));
        if (nanos < minNanos || nanos > maxNanos) {
            throw Problems.at(at(member), durationRange(minNanos, maxNanos) + ", not " + Problems.describe(v.get()));
        }
        return OptionalLong.of(nanos);
    }

    long requiredDuration(String member, long minNanos, long maxNanos) {
        required(member);
        return duration(member, minNanos, maxNanos).orElseThrow();
    }

    /**
     * A number of seconds ({@code periodSeconds}, {@code intervalSeconds}: members named in
     * seconds take a number, never a string with a unit) as nanoseconds, at millisecond resolution.
     */
    OptionalLong seconds(String member, long minNanos, long maxNanos) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!v.get().isNumber()) {
            throw Problems.at(at(member), "must be a number of seconds, not " + Problems.describe(v.get()));
        }
        long nanos = Durations.parse(v.get(), at(member));
        if (nanos < minNanos || nanos > maxNanos) {
            throw Problems.at(at(member), durationRange(minNanos, maxNanos) + ", not " + Problems.describe(v.get()));
        }
        return OptionalLong.of(nanos);
    }

    Optional<Obj> object(String member) {
        return raw(member).map(v -> Obj.of(v, at(member)));
    }

    /** The elements of a list member (empty when absent), each with its path. */
    List<Element> list(String member, int maxSize) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isArray()) {
            throw Problems.at(at(member), "must be a list, not " + Problems.describe(v.get()));
        }
        if (v.get().size() > maxSize) {
            throw Problems.at(at(member), "has " + v.get().size() + " entries; at most " + maxSize + " are allowed");
        }
        List<Element> out = new ArrayList<>(v.get().size());
        for (int i = 0; i < v.get().size(); i++) {
            out.add(new Element(v.get().get(i), Problems.element(at(member), i), i));
        }
        return out;
    }

    /** An element of a list, with its path and index. */
    record Element(JsonNode node, String path, int index) {
        Obj object() {
            return Obj.of(node, path);
        }
    }

    /**
     * "between" for a range whose both ends mean something (nodes 1..64), one side otherwise
     * (sizes up to 1 PiB: "must not be negative" says what went wrong with -1).
     */
    private static String range(boolean below, long min, long max) {
        boolean twoSided = max < Limits.MAX_KIB || min == Long.MIN_VALUE;
        if (twoSided) {
            return "must be between " + min + " and " + max;
        }
        if (below) {
            return min == 0 ? "must not be negative" : "must be at least " + min;
        }
        return "must be at most " + max;
    }

    private static String durationRange(long min, long max) {
        String lo = Nanos.text(min);
        String hi = Nanos.text(max);
        return min == 0 ? "must be at most " + hi : "must be between " + lo + " and " + hi;
    }
}
