package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.model.proxy.BodyEdit;
import dev.portcullis.model.template.ContextVariable;
import dev.portcullis.model.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A compiled {@code transformRequestBody}: paths split, string values parsed as templates, once per snapshot. Applied
 * to one call's {@code params} it costs one walk of at most {@link BodyEdit#MAX_DEPTH} members per edit and never
 * throws for what the agent sent: a path through something that is not an object is left alone. A {@code set}
 * whose variable has no value removes the member (the agent's own value never passes for the gateway's), a
 * {@code default} without a value does nothing. Immutable and shared by every event loop.
 */
public final class ArgumentEdits {

    public static final ArgumentEdits NONE = new ArgumentEdits(List.of());
    private static final String ARGUMENTS = "arguments";

    private enum Op { SET, DEFAULT, REMOVE, RENAME }

    /** {@code template} is non-null exactly when the configured value is a string. */
    private record Edit(Op op, List<String> path, List<String> from, JsonNode value, Template template) {
    }

    private final List<Edit> edits;

    private ArgumentEdits(List<Edit> edits) {
        this.edits = List.copyOf(edits);
    }

    /** @throws IllegalArgumentException when an edit is invalid (validation refuses it before) */
    public static ArgumentEdits compile(List<BodyEdit> configured) {
        if (configured.isEmpty()) {
            return NONE;
        }
        List<Edit> edits = new ArrayList<>();
        for (BodyEdit edit : configured) {
            Op op = Op.valueOf(edit.op().toUpperCase(java.util.Locale.ROOT));
            JsonNode value = edit.value();
            Template template = value != null && value.isTextual() ? Template.parse(value.textValue()) : null;
            if (template != null && !template.secretNames().isEmpty()) {
                throw new IllegalArgumentException("secrets are not allowed in body edits");
            }
            edits.add(new Edit(op, BodyEdit.segments(edit.path()),
                    op == Op.RENAME ? BodyEdit.segments(edit.from()) : null, value, template));
        }
        return new ArgumentEdits(edits);
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    /**
     * Edits {@code params.arguments} in place, creating it when an edit sets something and it is absent.
     *
     * @param values the request's variables (null: no value)
     * @return false when nothing could be edited ({@code arguments} present but not an object)
     */
    public boolean applyTo(ObjectNode params, Function<ContextVariable, String> values) {
        JsonNode existing = params.get(ARGUMENTS);
        if (existing != null && !existing.isObject()) {
            return false;
        }
        ObjectNode arguments = existing == null ? params.objectNode() : (ObjectNode) existing;
        for (Edit edit : edits) {
            switch (edit.op()) {
                case SET -> {
                    JsonNode value = value(edit, values);
                    if (value == null) {
                        remove(arguments, edit.path());
                    } else {
                        put(arguments, edit.path(), value);
                    }
                }
                case DEFAULT -> {
                    JsonNode current = get(arguments, edit.path());
                    JsonNode value = current == null || current.isNull() ? value(edit, values) : null;
                    if (value != null) {
                        put(arguments, edit.path(), value);
                    }
                }
                case REMOVE -> remove(arguments, edit.path());
                case RENAME -> {
                    JsonNode moved = remove(arguments, edit.from());
                    if (moved != null) {
                        put(arguments, edit.path(), moved);
                    }
                }
            }
        }
        if (existing == null && !arguments.isEmpty()) {
            params.set(ARGUMENTS, arguments);
        }
        return true;
    }

    /** A fresh node: values shared by every request are never inserted into one request's tree. */
    private static JsonNode value(Edit edit, Function<ContextVariable, String> values) {
        if (edit.template() == null) {
            return edit.value().deepCopy();
        }
        String rendered = edit.template().render(values);
        return rendered == null ? null : TextNode.valueOf(rendered);
    }

    private static JsonNode get(ObjectNode arguments, List<String> path) {
        ObjectNode parent = parent(arguments, path, false);
        return parent == null ? null : parent.get(path.get(path.size() - 1));
    }

    private static void put(ObjectNode arguments, List<String> path, JsonNode value) {
        ObjectNode parent = parent(arguments, path, true);
        if (parent != null) {
            parent.set(path.get(path.size() - 1), value);
        }
    }

    private static JsonNode remove(ObjectNode arguments, List<String> path) {
        ObjectNode parent = parent(arguments, path, false);
        return parent == null ? null : parent.remove(path.get(path.size() - 1));
    }

    /** The object holding the path's last member; null when a step is not an object (or absent, unless creating). */
    private static ObjectNode parent(ObjectNode arguments, List<String> path, boolean create) {
        ObjectNode node = arguments;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode next = node.get(path.get(i));
            if (next == null && create) {
                next = node.putObject(path.get(i));
            }
            if (next == null || !next.isObject()) {
                return null;
            }
            node = (ObjectNode) next;
        }
        return node;
    }

    @Override
    public String toString() {
        return "ArgumentEdits" + edits.stream().map(edit -> edit.op() + " " + edit.path()).toList();
    }
}
