package dev.portcullis.controlplane.proxy.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the header {@code add} values of one stored proxy definition (JSON as stored, before binding) with
 * {@link LegacyHeaderValue}: {@code global} and every {@code operations}, {@code tools}, {@code resources} and
 * {@code prompts} entry, request and response transforms. A value that cannot be kept is removed from {@code add}
 * and its header name added to {@code remove}: the header is then neither set from the definition nor passed on
 * from the sender (an agent must not be able to supply a header the definition used to set). Works on the JSON
 * tree so it does not depend on how later releases bind definitions. Not thread-safe (mutates the tree).
 */
public final class LegacyHeaderDefinition {

    private static final List<String> CATEGORIES = List.of("operations", "tools", "resources", "prompts");

    /** A header entry that was removed: its dotted field path and why. */
    public record Dropped(String field, String reason) {
    }

    /** @param changed whether the tree was modified */
    public record Result(boolean changed, List<Dropped> dropped) {
    }

    private boolean changed;
    private final List<Dropped> dropped = new ArrayList<>();

    private LegacyHeaderDefinition() {
    }

    public static Result upgrade(JsonNode definition) {
        LegacyHeaderDefinition upgrade = new LegacyHeaderDefinition();
        if (definition instanceof ObjectNode root) {
            upgrade.entry("global", root.get("global"));
            for (String category : CATEGORIES) {
                if (root.get(category) instanceof ObjectNode entries) {
                    entries.fields().forEachRemaining(entry ->
                            upgrade.entry(category + "." + entry.getKey(), entry.getValue()));
                }
            }
        }
        return new Result(upgrade.changed, List.copyOf(upgrade.dropped));
    }

    private void entry(String path, JsonNode middleware) {
        if (middleware instanceof ObjectNode object) {
            transform(path + ".transformRequestHeaders", object.get("transformRequestHeaders"), true);
            transform(path + ".transformResponseHeaders", object.get("transformResponseHeaders"), false);
        }
    }

    private void transform(String path, JsonNode transform, boolean secrets) {
        if (!(transform instanceof ObjectNode object) || !(object.get("add") instanceof ObjectNode add)) {
            return;
        }
        List<String> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> headers = add.fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            if (!header.getValue().isTextual()) {
                continue;
            }
            LegacyHeaderValue.Outcome outcome = LegacyHeaderValue.upgrade(header.getValue().textValue(), secrets);
            if (outcome instanceof LegacyHeaderValue.Outcome.Rewritten rewritten) {
                header.setValue(add.textNode(rewritten.source()));
                changed = true;
            } else if (outcome instanceof LegacyHeaderValue.Outcome.Dropped drop) {
                headers.remove();
                removed.add(header.getKey());
                dropped.add(new Dropped(path + ".add." + header.getKey(), drop.reason()));
                changed = true;
            }
        }
        if (!removed.isEmpty()) {
            ArrayNode remove = object.get("remove") instanceof ArrayNode list ? list : object.putArray("remove");
            removed.forEach(name -> {
                if (!contains(remove, name)) {
                    remove.add(name);
                }
            });
        }
    }

    private static boolean contains(ArrayNode names, String name) {
        for (JsonNode existing : names) {
            if (existing.isTextual() && existing.textValue().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
