package dev.portcullis.gateway.runtime.access;

import java.util.Set;

/**
 * The MCP lifecycle methods: never denied by method rules, neither by {@code operations} nor by
 * a policy's {@code jsonRpcMethodsAccessRights}, so no configuration can lock an agent out of a session. They
 * still need authentication.
 */
public final class Lifecycle {

    private static final Set<String> METHODS = Set.of("initialize", "notifications/initialized", "ping",
            "notifications/cancelled", "notifications/progress");

    private Lifecycle() {
    }

    public static boolean isLifecycle(String method) {
        return METHODS.contains(method);
    }
}
