package dev.portcullis.model.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Refuses a JSON document the control plane could not store or a gateway could not use as written, before any
 * field is bound: text (member names and string values, at any depth) that PostgreSQL refuses or that cannot be
 * encoded ({@link FieldRules#isStorableText}), nesting deeper than {@value #MAX_DEPTH}, and numbers that are not
 * finite ({@code 1e400}). Every problem names its field; a bad member name is reported under that member, with
 * the offending characters replaced so the error itself can be written as JSON. Stateless and thread-safe.
 */
public final class StorableJson {

    /** Far beyond any definition (a proxy is about 8 deep); leaves room for nested mock responses. */
    public static final int MAX_DEPTH = 64;
    /** Stops a document full of bad values from producing a response as large as itself. */
    private static final int MAX_ERRORS = 50;

    private StorableJson() {
    }

    /** Every problem found (at most {@value #MAX_ERRORS}); empty when the tree can be stored. */
    public static List<FieldError> check(JsonNode tree) {
        Violations root = Violations.root();
        walk(root, tree, 0, new int[] {0});
        return root.list();
    }

    private static void walk(Violations at, JsonNode node, int depth, int[] count) {
        if (count[0] >= MAX_ERRORS) {
            return;
        }
        if (node.isContainerNode() && depth >= MAX_DEPTH) {
            report(at, "must not be nested more than " + MAX_DEPTH + " levels deep", count);
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Violations child = at.at(field.getKey());
                if (!FieldRules.isStorableText(field.getKey())) {
                    report(child, "name " + FieldRules.TEXT_RULE, count);
                } else {
                    walk(child, field.getValue(), depth + 1, count);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(at.index(i), node.get(i), depth + 1, count);
            }
        } else if (node.isTextual()) {
            if (!FieldRules.isStorableText(node.textValue())) {
                report(at, FieldRules.TEXT_RULE, count);
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            report(at, "must be a finite number", count);
        }
    }

    private static void report(Violations at, String message, int[] count) {
        at.add(message);
        count[0]++;
    }
}
