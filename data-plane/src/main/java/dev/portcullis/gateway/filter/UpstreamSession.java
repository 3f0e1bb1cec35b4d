package dev.portcullis.gateway.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;

/**
 * The upstream side of a forwarded request, as filters see it: a request the upstream sent the agent can be answered
 * in the agent's place, in the agent's session (a JSON-RPC error POSTed to the upstream's MCP endpoint with the
 * headers the agent's request went upstream with). Asynchronous; never blocks.
 */
public interface UpstreamSession {

    /** Answers the upstream's request {@code id} with {@code error}. */
    void answer(JsonNode id, GatewayError error);
}
