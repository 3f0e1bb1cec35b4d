package dev.portcullis.gateway.request;

import java.util.Set;

/**
 * The methods the MCP specification defines only as requests (2025-03-26 to 2025-11-25, and 2026-07-28), in
 * both directions. Sent without an {@code id} such a method would be forwarded as a notification, which is
 * neither answered nor counted against limits, so the parser refuses it. Notifications
 * ({@code notifications/*}) and methods the spec does not define are not listed and keep passing without an id.
 */
final class RequestOnlyMethods {

    private static final Set<String> METHODS = Set.of(
            "initialize", "ping",
            "tools/list", "tools/call",
            "prompts/list", "prompts/get",
            "resources/list", "resources/templates/list", "resources/read",
            "resources/subscribe", "resources/unsubscribe",
            "completion/complete", "logging/setLevel",
            "tasks/get", "tasks/list", "tasks/result", "tasks/cancel",
            "server/discover", "subscriptions/listen",
            "sampling/createMessage", "elicitation/create", "roots/list");

    private RequestOnlyMethods() {
    }

    static boolean contains(String method) {
        return METHODS.contains(method);
    }

    static Set<String> all() {
        return METHODS;
    }
}
