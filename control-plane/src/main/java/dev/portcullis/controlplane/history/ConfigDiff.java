package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two configurations (arrays of proxy definitions or policies, each with an {@code id}) and lists what
 * differs: entities added, removed or changed, and for a changed one every leaf that differs, with its dotted path.
 * Objects are compared member by member (in name order, since jsonb does not keep the written order), arrays
 * element by element by index. A value replaced by one of another kind (an object by a string) is listed as the
 * old leaves gone and the new ones come. An empty object or array is a leaf. Numbers compare by value
 * ({@code 1} equals {@code 1.0}). JSON {@code null} and an absent member differ. A part added or removed whole (a
 * primitive added to a proxy) lists only its leaves that hold more than a default ({@code null}, {@code false}, an
 * empty object or array), or the part itself with its defaults left out when it holds nothing else; an entry of a
 * named collection ({@code accessRights}, {@code tools}, ...) is listed even when it holds only defaults. Stateless.
 */
public final class ConfigDiff {

    private static final Comparator<JsonNode> NUMERIC_EQUALITY = (a, b) -> a.equals(b) ? 0
            : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    /** Members whose entries are named by people (a proxy granted, a tool): an entry is news even when empty. */
    private static final Set<String> NAMED = Set.of("accessRights", "tools", "resources", "prompts", "operations");

    private ConfigDiff() {
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Changes from {@code before} to {@code after} of one entity type, by id in string order. */
    public static List<EntityChange> entities(String type, JsonNode before, JsonNode after) {
        Map<String, JsonNode> from = byId(before);
        Map<String, JsonNode> to = byId(after);
        TreeSet<String> ids = new TreeSet<>(from.keySet());
        ids.addAll(to.keySet());
        List<EntityChange> changes = new ArrayList<>();
        for (String id : ids) {
            JsonNode old = from.get(id);
            JsonNode now = to.get(id);
            if (old == null) {
                changes.add(new EntityChange(type, id, EntityChange.ADDED, List.of()));
            } else if (now == null) {
                changes.add(new EntityChange(type, id, EntityChange.REMOVED, List.of()));
            } else {
                List<FieldChange> fields = fields(old, now);
                if (!fields.isEmpty()) {
                    changes.add(new EntityChange(type, id, EntityChange.CHANGED, fields));
                }
            }
        }
        return changes;
    }

    /** The leaves that differ between two JSON values; either may be Java null (absent). */
    public static List<FieldChange> fields(JsonNode before, JsonNode after) {
        List<FieldChange> out = new ArrayList<>();
        compare("", before, after, out);
        return out;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<FieldChange> out) {
        if (before != null && after != null && before.equals(NUMERIC_EQUALITY, after)) {
            return;
        }
        if (before != null && after != null && before.isObject() && after.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(child(path, name), before.get(name), after.get(name), out);
            }
            return;
        }
        if (before != null && after != null && before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                compare(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
            return;
        }
        if ((before == null || after == null) && (isContainer(before) || isContainer(after))) {
            JsonNode whole = before == null ? after : before;
            int listed = out.size();
            leaves(path, whole, before != null, out, true);
            if (out.size() == listed) {
                JsonNode shown = withoutDefaults(whole);
                out.add(before == null ? new FieldChange(path, null, shown) : new FieldChange(path, shown, null));
            }
            return;
        }
        if (isContainer(before) || isContainer(after)) {
            leaves(path, before, true, out, false);
            leaves(path, after, false, out, false);
            return;
        }
        out.add(new FieldChange(path, before, after));
    }

    /**
     * Lists every leaf of {@code value} as gone ({@code before}) or new; nothing for an absent value, nor, with
     * {@code skipDefaults}, for a default one.
     */
    private static void leaves(String path, JsonNode value, boolean before, List<FieldChange> out,
                               boolean skipDefaults) {
        if (value == null || skipDefaults && isDefault(value)) {
            return;
        }
        if (!isContainer(value)) {
            out.add(before ? new FieldChange(path, value, null) : new FieldChange(path, null, value));
        } else if (value.isObject()) {
            Map<String, JsonNode> members = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                members.put(member.getKey(), member.getValue());
            }
            members.forEach((name, member) -> {
                int listed = out.size();
                leaves(child(path, name), member, before, out, skipDefaults);
                if (skipDefaults && out.size() == listed && member.isObject() && NAMED.contains(lastSegment(path))) {
                    JsonNode shown = withoutDefaults(member);
                    out.add(before ? new FieldChange(child(path, name), shown, null)
                            : new FieldChange(child(path, name), null, shown));
                }
            });
        } else {
            for (int i = 0; i < value.size(); i++) {
                leaves(path + "[" + i + "]", value.get(i), before, out, false);
            }
        }
    }

    private static boolean isDefault(JsonNode node) {
        return node.isNull() || node.isBoolean() && !node.booleanValue() || node.isContainerNode() && node.isEmpty();
    }

    /** An object without its default-valued members (recursively); other values as they are. */
    private static JsonNode withoutDefaults(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        node.fields().forEachRemaining(member -> {
            JsonNode value = withoutDefaults(member.getValue());
            if (!isDefault(value)) {
                kept.set(member.getKey(), value);
            }
        });
        return kept;
    }

    /** A non-empty object or array; an empty one replaced by a value of another kind is a leaf. */
    private static boolean isContainer(JsonNode node) {
        return node != null && node.isContainerNode() && !node.isEmpty();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Map<String, JsonNode> byId(JsonNode entities) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        if (entities != null) {
            entities.forEach(entity -> byId.put(entity.path("id").asText(), entity));
        }
        return byId;
    }
}
