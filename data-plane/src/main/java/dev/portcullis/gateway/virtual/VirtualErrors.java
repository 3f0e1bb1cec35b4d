package dev.portcullis.gateway.virtual;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;

/** The errors a virtual server answers with itself. */
final class VirtualErrors {

    private static final int INVALID_PARAMS = -32602;
    private static final int METHOD_NOT_FOUND = -32601;
    private static final int RESOURCE_NOT_FOUND = -32002;

    private VirtualErrors() {
    }

    /** A tool or prompt no member has: answered like a server would (HTTP 200, JSON-RPC -32602). */
    static GatewayError unknownName(String label, String name) {
        String shown = name.length() > 128 ? name.substring(0, 128) + "..." : name;
        return new GatewayError(200, INVALID_PARAMS, "unknown " + label + " '" + shown + "'", "unknown_primitive");
    }

    /** A resource no member lists or templates (HTTP 200, MCP's -32002). */
    static GatewayError unknownResource() {
        return new GatewayError(200, RESOURCE_NOT_FOUND, "resource not found", "unknown_primitive");
    }

    /** A cursor on a virtual server's list: its lists come in one page. */
    static GatewayError invalidCursor() {
        return new GatewayError(200, INVALID_PARAMS, "invalid cursor", "invalid_cursor");
    }

    /** A method a virtual server does not serve ({@code tasks/*}, unknown methods). */
    static GatewayError methodNotFound() {
        return new GatewayError(200, METHOD_NOT_FOUND, "method not found", "method_not_found");
    }

    /**
     * The members' upstreams handed out session ids too long to carry together in the agent's one session id: an
     * upstream's doing, so answered as an upstream failure, never as the gateway's own.
     */
    static GatewayError memberSessionsTooLong() {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, "the members' session ids are together"
                + " longer than a virtual server's session can carry (" + MemberSessions.MAX_LENGTH + " characters)",
                "member_sessions_too_long");
    }

    /**
     * A call for a member that did not answer when the agent's session began: the session cannot gain a member
     * later (its id cannot change), so the agent is told to begin a new one.
     */
    static GatewayError memberNotInSession(String member) {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, "member '" + member + "' of the virtual"
                + " server was unavailable when this session began; initialize a new session to use it",
                "member_unavailable");
    }

    /** Every member failed to answer a request the virtual server fans out. */
    static GatewayError noMemberAnswered() {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "no member of the virtual server answered", "upstream_unavailable");
    }
}
