package dev.portcullis.mock.http;

import static dev.portcullis.mock.http.HttpReplies.SESSION_HEADER;

import dev.portcullis.mock.rpc.ErrorCodes;
import dev.portcullis.mock.rpc.ProtocolVersions;
import dev.portcullis.mock.session.Session;
import dev.portcullis.mock.session.SessionRegistry;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The transport's header checks after {@code initialize}: a supported {@code MCP-Protocol-Version} (400 otherwise)
 * and a known {@code Mcp-Session-Id} (400 when missing, 404 when unknown or deleted). Each check answers the
 * request itself when it fails.
 */
final class SessionGate {

    private static final String PROTOCOL_HEADER = "MCP-Protocol-Version";

    private final SessionRegistry sessions;

    SessionGate(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** True when the header is absent (the spec then assumes 2025-03-26) or names a version we speak. */
    boolean protocolHeaderSupported(HttpServerRequest request) {
        String version = request.getHeader(PROTOCOL_HEADER);
        if (version != null && !ProtocolVersions.isSupported(version.trim())) {
            HttpReplies.rpcError(request.response(), 400, null, ErrorCodes.INVALID_REQUEST,
                    "Bad Request: unsupported MCP-Protocol-Version " + printable(version)
                            + " (supported: " + String.join(", ", ProtocolVersions.SUPPORTED) + ")");
            return false;
        }
        return true;
    }

    /** The caller's session, or empty after answering 400 (no header) or 404 (unknown or ended session). */
    Optional<Session> session(HttpServerRequest request) {
        String id = request.getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            HttpReplies.rpcError(request.response(), 400, null, ErrorCodes.INVALID_REQUEST,
                    "Bad Request: Mcp-Session-Id header is required");
            return Optional.empty();
        }
        Optional<Session> session = sessions.find(id.trim());
        if (session.isEmpty()) {
            HttpReplies.rpcError(request.response(), 404, null, ErrorCodes.SESSION_NOT_FOUND, "Session not found");
        }
        return session;
    }

    /** Both checks, for GET and DELETE. */
    Optional<Session> check(HttpServerRequest request) {
        return protocolHeaderSupported(request) ? session(request) : Optional.empty();
    }

    /** Echoes client input in an error only as short printable ASCII. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 41));
        for (int i = 0; i < value.length() && i < 41; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.length() > 40 ? out.substring(0, 40) + "..." : out.toString();
    }
}
