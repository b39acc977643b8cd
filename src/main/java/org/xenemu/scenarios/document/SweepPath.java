package org.xenemu.scenarios.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep path resolved against a document: dot-separated members, a list element as
 * {@code member[i]}, and a domain group by name after {@code domains} ({@code domains.web} is the
 * group named web; {@code domains[0]} works too, for names with dots). Every member must be one the
 * {@link Schema} lists for the object at that point (a workload's by its kind, an action's by its
 * op); objects on the way may be absent (the sweep creates them: {@code domains.web.selfballoon.x}
 * on a group without {@code selfballoon}), list elements must exist. Examples:
 * {@code seed}, {@code host.balancer.policy}, {@code domains.web.count},
 * {@code domains.web.selfballoon.selfballoonDownhysteresis}, {@code domains.db.workload[1].kib},
 * {@code actions[2].kib}.
 *
 * @param field the document field it names ({@code domains[0].selfballoon.selfballoonDownhysteresis})
 * @param label the last member's name, used in variant names
 */
record SweepPath(String path, String field, String label, List<Step> steps) {
    private static final Pattern TOKEN = Pattern.compile("([^.\\[\\]]+)(?:\\[([0-9]{1,6})])?");

    /** A member of an object, or an element of the list a member holds. */
    record Step(String member, OptionalInt index, boolean object) {
    }

    static SweepPath resolve(String path, JsonNode root, String errorField) {
        List<Matcher> tokens = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher m = TOKEN.matcher(part);
            if (!m.matches()) {
                throw Problems.at(errorField, "is not a path (members separated by dots, list elements as member[0])");
            }
            tokens.add(m);
        }
        List<Step> steps = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        Schema.Type type = Schema.Type.DOCUMENT;
        JsonNode node = root;
        String label = "";
        for (int i = 0; i < tokens.size(); i++) {
            String member = tokens.get(i).group(1);
            OptionalInt index = tokens.get(i).group(2) == null ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(tokens.get(i).group(2)));
            boolean last = i == tokens.size() - 1;
            String here = field.length() == 0 ? "the document" : field.toString();
            List<String> members = type.members(node).orElseThrow();
            if (!members.contains(member)) {
                throw Problems.at(errorField, "names no field: " + here + " has no member " + Problems.quote(member)
                        + " (it has " + String.join(", ", members) + ")");
            }
            if (type == Schema.Type.DOCUMENT && member.equals("sweep")) {
                throw Problems.at(errorField, "cannot sweep the sweep");
            }
            if (type == Schema.Type.DOMAIN && member.equals("name")) {
                throw Problems.at(errorField, "cannot rename a domain group (sweep its fields instead)");
            }
            Schema.Member shape = type.member(member, node);
            field.append(field.length() == 0 ? "" : ".").append(member);
            label = member;
            JsonNode child = node.get(member);
            if (shape.shape() == Schema.Shape.SCALAR || shape.shape() == Schema.Shape.OBJECT) {
                if (index.isPresent()) {
                    throw Problems.at(errorField, "names no field: " + field + " is not a list");
                }
                if (!last && shape.shape() == Schema.Shape.SCALAR) {
                    throw Problems.at(errorField, "names no field: " + field + " is not an object");
                }
                steps.add(new Step(member, OptionalInt.empty(), shape.shape() == Schema.Shape.OBJECT));
                if (!last) {
                    node = child != null && child.isObject() ? child : JsonNodeFactory.instance.objectNode();
                    type = shape.type();
                }
                continue;
            }
            if (index.isEmpty() && last) {
                steps.add(new Step(member, OptionalInt.empty(), false));
                continue;
            }
            int element;
            if (index.isPresent()) {
                element = index.getAsInt();
            } else if (shape.shape() == Schema.Shape.DOMAIN_LIST) {
                String group = tokens.get(++i).group(0);
                element = groupIndex(child, group).orElseThrow(() -> Problems.at(errorField,
                        "names no field: there is no domain group named " + Problems.quote(group)));
                if (i == tokens.size() - 1) {
                    throw Problems.at(errorField, "names a whole domain group; name one of its fields");
                }
            } else {
                throw Problems.at(errorField, "names no field: " + field + " is a list; give an element, as "
                        + member + "[0]");
            }
            if (child == null || !child.isArray() || element >= child.size()) {
                throw Problems.at(errorField, "names no field: " + field + " has no element " + element);
            }
            field.append('[').append(element).append(']');
            steps.add(new Step(member, OptionalInt.of(element), false));
            if (i == tokens.size() - 1) {
                continue;
            }
            node = child.get(element);
            type = shape.type();
        }
        return new SweepPath(path, field.toString(), label, List.copyOf(steps));
    }

    private static Optional<Integer> groupIndex(JsonNode domains, String name) {
        if (domains != null && domains.isArray()) {
            for (int k = 0; k < domains.size(); k++) {
                JsonNode n = domains.get(k).get("name");
                if (n != null && n.isString() && n.stringValue().equals(name)) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    /** Sets the field this path names in {@code root} (a copy) to {@code value}, creating absent objects. */
    void apply(ObjectNode root, JsonNode value) {
        ObjectNode node = root;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (s.index().isPresent()) {
                ArrayNode list = (ArrayNode) node.get(s.member());
                if (last) {
                    list.set(s.index().getAsInt(), value.deepCopy());
                    return;
                }
                node = (ObjectNode) list.get(s.index().getAsInt());
            } else if (last) {
                node.set(s.member(), value.deepCopy());
                return;
            } else {
                JsonNode child = node.get(s.member());
                if (child == null || !child.isObject()) {
                    child = JsonNodeFactory.instance.objectNode();
                    node.set(s.member(), child);
                }
                node = (ObjectNode) child;
            }
        }
    }
}
