package org.xenemu.scenarios.document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code sweep}: each path resolved ({@link SweepPath}), each value list checked (not empty, no
 * value twice), the cartesian product expanded in odometer order, and every variant bound as a
 * document of its own — so an invalid combination is refused before anything runs. A variant's
 * problem is reported at the sweep value that caused it ({@code sweep["path"][i]}) when its field
 * lies under that path, else at {@code sweep} with the variant's name.
 */
final class SweepBinder {
    private SweepBinder() {
    }

    static ScenarioPlan plan(JsonNode tree, Scenario base) {
        JsonNode sweepNode = tree.get("sweep");
        if (sweepNode == null) {
            return new ScenarioPlan(base.name(), List.of(), List.of(new Variant(0, Variant.BASE, List.of(), base)));
        }
        Obj sweep = Obj.of(sweepNode, "sweep");
        List<SweepPath> paths = new ArrayList<>();
        List<List<JsonNode>> values = new ArrayList<>();
        long variants = 1;
        for (Map.Entry<String, JsonNode> e : sweep.node().properties()) {
            String field = "sweep[" + Problems.quote(e.getKey()) + "]";
            SweepPath path = SweepPath.resolve(e.getKey(), tree, field);
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw Problems.at(field, "must be a non-empty list of values, not " + Problems.describe(e.getValue()));
            }
            List<JsonNode> list = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonNode v = e.getValue().get(i);
                if (!seen.add(text(v))) {
                    throw Problems.at(field + "[" + i + "]", "repeats the value " + text(v));
                }
                list.add(v);
            }
            for (SweepPath other : paths) {
                if (other.field().equals(path.field())) {
                    throw Problems.at(field, "names the same field as sweep[" + Problems.quote(other.path()) + "]");
                }
            }
            paths.add(path);
            values.add(list);
            variants *= list.size();
            if (variants > Limits.MAX_VARIANTS) {
                throw Problems.at("sweep", "gives more than " + Limits.MAX_VARIANTS + " variants");
            }
        }
        if (paths.isEmpty()) {
            throw Problems.at("sweep", "names no path; leave it out for a single run");
        }
        List<String> labels = labels(paths);
        List<ScenarioPlan.SweepAxis> axes = new ArrayList<>();
        for (int a = 0; a < paths.size(); a++) {
            axes.add(new ScenarioPlan.SweepAxis(paths.get(a).path(), paths.get(a).field(), labels.get(a),
                    values.get(a).stream().map(SweepBinder::text).toList()));
        }
        List<Variant> out = new ArrayList<>();
        long rows = 0;
        int[] choice = new int[paths.size()];
        for (int v = 0; v < variants; v++) {
            ObjectNode copy = (ObjectNode) tree.deepCopy();
            copy.remove("sweep");
            List<Variant.SweepValue> chosen = new ArrayList<>();
            List<String> nameParts = new ArrayList<>();
            for (int a = 0; a < paths.size(); a++) {
                JsonNode value = values.get(a).get(choice[a]);
                paths.get(a).apply(copy, value);
                chosen.add(new Variant.SweepValue(paths.get(a).path(), paths.get(a).field(), text(value), value.toString()));
                nameParts.add(labels.get(a) + "=" + text(value));
            }
            String name = String.join(" ", nameParts);
            Scenario scenario = bindVariant(copy, paths, choice, name);
            rows += DocumentBinder.rows(scenario);
            if (rows > Limits.MAX_ROWS_PER_PLAN) {
                throw Problems.at("sweep", "gives more than " + Limits.MAX_ROWS_PER_PLAN
                        + " series rows over all variants: sweep fewer values or use a longer sample");
            }
            out.add(new Variant(v, name, chosen, scenario));
            for (int a = paths.size() - 1; a >= 0; a--) {
                if (++choice[a] < values.get(a).size()) {
                    break;
                }
                choice[a] = 0;
            }
        }
        return new ScenarioPlan(base.name(), axes, out);
    }

    private static Scenario bindVariant(ObjectNode tree, List<SweepPath> paths, int[] choice, String name) {
        try {
            return DocumentBinder.bind(tree);
        } catch (InvalidScenarioException e) {
            for (int a = 0; a < paths.size(); a++) {
                String f = paths.get(a).field();
                if (e.field().equals(f) || e.field().startsWith(f + ".") || e.field().startsWith(f + "[")) {
                    throw Problems.at("sweep[" + Problems.quote(paths.get(a).path()) + "][" + choice[a] + "]",
                            "makes " + e.getMessage());
                }
            }
            throw Problems.at("sweep", "variant " + Problems.quote(name) + " makes " + e.getMessage());
        }
    }

    /** The label of each path: its last member, or the whole path where two paths end alike. */
    private static List<String> labels(List<SweepPath> paths) {
        List<String> out = new ArrayList<>();
        for (SweepPath p : paths) {
            long same = paths.stream().filter(q -> q.label().equals(p.label())).count();
            out.add(same > 1 ? p.path() : p.label());
        }
        return out;
    }

    /** A value as variant names show it: strings as they are, numbers as written, the rest as JSON. */
    static String text(JsonNode v) {
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue().stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        return v.toString();
    }
}
