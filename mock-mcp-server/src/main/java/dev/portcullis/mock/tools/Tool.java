package dev.portcullis.mock.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;
import java.util.Objects;
import java.util.Set;

/**
 * One tool as advertised by {@code tools/list} and run by {@code tools/call}.
 *
 * @param outputSchema   null when the tool returns no {@code structuredContent}
 * @param touches        resource URIs whose content the tool may change (their subscribers are notified)
 * @param streaming      true when a call answers as an SSE stream (progress) if the client accepts one
 */
public record Tool(String name, String title, String description, ObjectNode inputSchema, ObjectNode outputSchema,
                   ObjectNode annotations, Set<String> touches, boolean streaming, ToolHandler handler) {

    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(annotations, "annotations");
        touches = Set.copyOf(touches);
        Objects.requireNonNull(handler, "handler");
    }

    /** A tool whose handler answers at once. */
    public static Tool of(String name, String title, String description, ObjectNode inputSchema,
                          ObjectNode annotations, Set<String> touches, ToolHandler.Immediate handler) {
        return new Tool(name, title, description, inputSchema, null, annotations, touches, false, handler.async());
    }

    public ObjectNode descriptor() {
        ObjectNode node = Json.object();
        node.put("name", name);
        if (title != null) {
            node.put("title", title);
        }
        node.put("description", description);
        node.set("inputSchema", inputSchema);
        if (outputSchema != null) {
            node.set("outputSchema", outputSchema);
        }
        node.set("annotations", annotations);
        return node;
    }
}
