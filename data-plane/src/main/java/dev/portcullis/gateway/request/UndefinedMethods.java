package dev.portcullis.gateway.request;

import java.util.Set;

/**
 * Methods a revision removed. The gateway neither routes nor answers them itself: after authentication and method
 * rules they reach the upstream, which answers them as its revision says (404, -32601 for a 2026-07-28 server).
 */
public final class UndefinedMethods {

    /** Removed by 2026-07-28: the handshake, ping, logging/setLevel and resource subscriptions. */
    private static final Set<String> STATELESS = Set.of("initialize", "notifications/initialized", "ping",
            "logging/setLevel", "resources/subscribe", "resources/unsubscribe");

    private UndefinedMethods() {
    }

    public static boolean undefinedIn(ProtocolRevision revision, String method) {
        return revision.stateless() && STATELESS.contains(method);
    }
}
