package dev.portcullis.gateway.observe.metrics;

import java.util.Set;

/**
 * The JSON-RPC methods of the MCP specification (2025-06-18, both directions), the only values the {@code method}
 * label takes besides {@link #OTHER} (any other method an agent sends) and {@link #NONE} (no JSON-RPC method: GET
 * and DELETE, responses, or a request refused before it was parsed).
 */
public final class McpMethods {

    public static final String OTHER = "other";
    public static final String NONE = "";

    static final Set<String> KNOWN = Set.of(
            "initialize",
            "ping",
            "tools/list",
            "tools/call",
            "prompts/list",
            "prompts/get",
            "resources/list",
            "resources/templates/list",
            "resources/read",
            "resources/subscribe",
            "resources/unsubscribe",
            "completion/complete",
            "logging/setLevel",
            "roots/list",
            "sampling/createMessage",
            "elicitation/create",
            "notifications/initialized",
            "notifications/cancelled",
            "notifications/progress",
            "notifications/message",
            "notifications/resources/updated",
            "notifications/resources/list_changed",
            "notifications/tools/list_changed",
            "notifications/prompts/list_changed",
            "notifications/roots/list_changed");

    private McpMethods() {
    }

    /** The label value for a JSON-RPC method (null: {@link #NONE}). */
    public static String label(String method) {
        if (method == null) {
            return NONE;
        }
        return KNOWN.contains(method) ? method : OTHER;
    }
}
