package org.xenemu.scenarios.document;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.xenemu.selfballoon.Tunable;
import tools.jackson.databind.JsonNode;

/**
 * The members each object of a document may have: the one list the binders check unknown fields
 * against and sweep paths are resolved against, so the two cannot disagree. A workload's members
 * depend on its {@code kind}, an action's on its {@code op}.
 */
final class Schema {
    static final List<String> DOCUMENT = List.of("name", "seed", "duration", "sample", "host", "domains", "actions",
            "sweep");
    static final List<String> HOST = List.of("memoryKiB", "nodes", "xenKiB", "dom0KiB", "allocationPolicy", "balancer");
    static final List<String> BALANCER_OPTIONS = List.of("intervalSeconds", "hostFreeTargetKiB",
            "freeMemoryToleranceKiB", "sampleIntervalSeconds", "historyLength", "variant");
    static final List<String> BALANCER = concat(List.of("policy"), BALANCER_OPTIONS);
    /** Every POST /domains field (but reservationId, which a scenario has no use for). */
    static final List<String> CREATE_FIELDS = List.of("memoryKiB", "staticMaxKiB", "type", "videoramKiB", "homeNode",
            "kernel", "dynamicMinKiB", "dynamicMaxKiB");
    static final List<String> DOMAIN = concat(List.of("name", "count"), CREATE_FIELDS,
            List.of("selfballoon", "fault", "workload"));
    static final List<String> KERNEL = List.of("swapKiB", "tmem", "nommu", "overcommitMemory", "overcommitRatio",
            "slabKiB");
    /** As PATCH /selfballoon, in attribute order. */
    static final List<String> SELFBALLOON = Arrays.stream(Tunable.values()).map(Tunable::jsonName).toList();
    static final List<String> FAULT = List.of("mode", "periodSeconds", "rateKiBPerSecond", "floorKiB", "ceilingKiB");

    static List<String> workload(String kind) {
        return switch (kind) {
            case "constant" -> List.of("kind", "kib");
            case "daily" -> List.of("kind", "baseKiB", "amplitude", "peakAt", "step");
            case "spikes" -> List.of("kind", "perHour", "kib", "duration");
            case "ramp" -> List.of("kind", "fromKiB", "toKiB", "start", "end", "step");
            case "random-walk" -> List.of("kind", "kib", "stepKiB", "every");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static List<String> action(String op) {
        List<String> head = List.of("at", "op");
        return switch (op) {
            case "mem-set", "mem-max" -> concat(head, List.of("domain", "kib"));
            case "dynamic-range" -> concat(head, List.of("domain", "minKiB", "maxKiB"));
            case "pressure" -> concat(head, List.of("kib", "node"));
            case "create", "destroy" -> concat(head, List.of("domain"));
            case "balancer" -> concat(head, BALANCER);
            case "selfballoon" -> concat(head, List.of("domain"), SELFBALLOON);
            case "fault" -> concat(head, List.of("domain"), FAULT);
            case "reserve" -> concat(head, List.of("kib", "minKiB", "maxKiB", "domain"));
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** What sort of value a member holds, for walking sweep paths. */
    enum Shape { SCALAR, OBJECT, LIST, DOMAIN_LIST }

    /** The object types a sweep path walks through. */
    enum Type {
        DOCUMENT, HOST, BALANCER, DOMAIN, KERNEL, SELFBALLOON, FAULT, WORKLOAD, ACTION;

        /** The member list of this type for the object {@code node} (whose kind or op may matter). */
        Optional<List<String>> members(JsonNode node) {
            return switch (this) {
                case DOCUMENT -> Optional.of(Schema.DOCUMENT);
                case HOST -> Optional.of(Schema.HOST);
                case BALANCER -> Optional.of(Schema.BALANCER);
                case DOMAIN -> Optional.of(Schema.DOMAIN);
                case KERNEL -> Optional.of(Schema.KERNEL);
                case SELFBALLOON -> Optional.of(Schema.SELFBALLOON);
                case FAULT -> Optional.of(Schema.FAULT);
                case WORKLOAD -> textOf(node, "kind").filter(org.xenemu.scenarios.workload.WorkloadSpec.KINDS::contains)
                        .map(Schema::workload);
                case ACTION -> textOf(node, "op").filter(Action.OPS::contains).map(Schema::action);
            };
        }

        /** The shape of {@code member} in this type, and the type of its objects or elements. */
        Member member(String member, JsonNode node) {
            return switch (this) {
                case DOCUMENT -> switch (member) {
                    case "host" -> new Member(Shape.OBJECT, HOST);
                    case "domains" -> new Member(Shape.DOMAIN_LIST, DOMAIN);
                    case "actions" -> new Member(Shape.LIST, ACTION);
                    default -> Member.SCALAR;
                };
                case HOST -> member.equals("balancer") ? new Member(Shape.OBJECT, BALANCER) : Member.SCALAR;
                case DOMAIN -> switch (member) {
                    case "kernel" -> new Member(Shape.OBJECT, KERNEL);
                    case "selfballoon" -> new Member(Shape.OBJECT, SELFBALLOON);
                    case "fault" -> new Member(Shape.OBJECT, FAULT);
                    case "workload" -> new Member(Shape.LIST, WORKLOAD);
                    default -> Member.SCALAR;
                };
                case ACTION -> member.equals("domain")
                        && textOf(node, "op").filter(op -> op.equals("create") || op.equals("reserve")).isPresent()
                        ? new Member(Shape.OBJECT, DOMAIN) : Member.SCALAR;
                default -> Member.SCALAR;
            };
        }
    }

    record Member(Shape shape, Type type) {
        static final Member SCALAR = new Member(Shape.SCALAR, Type.DOCUMENT);
    }

    private static Optional<String> textOf(JsonNode node, String member) {
        JsonNode v = node.get(member);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    private Schema() {
    }
}
