package dev.portcullis.mock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;

/**
 * A {@code CallToolResult}: text content, optional structured content, and whether it is a tool error. Tool
 * errors are results the model can read, not JSON-RPC errors (MCP 2025-11-25 says so for input validation too).
 */
public record ToolResult(String text, ObjectNode structuredContent, boolean isError) {

    public static ToolResult text(String text) {
        return new ToolResult(text, null, false);
    }

    /** The value as pretty JSON text, the usual way a tool without an output schema returns data. */
    public static ToolResult json(JsonNode value) {
        return new ToolResult(Json.writePretty(value), null, false);
    }

    /** Structured content plus its JSON text, which the spec asks for backwards compatibility. */
    public static ToolResult structured(ObjectNode value) {
        return new ToolResult(Json.writePretty(value), value, false);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message, null, true);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.putArray("content").addObject().put("type", "text").put("text", text);
        if (structuredContent != null) {
            node.set("structuredContent", structuredContent);
        }
        node.put("isError", isError);
        return node;
    }
}
