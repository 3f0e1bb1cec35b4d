package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;

/** Result of reading an agent's POST body as JSON-RPC: a routed message, or the error to answer with. */
public sealed interface ParseOutcome {

    record Parsed(JsonRpcMessage message, McpRoute route) implements ParseOutcome {
    }

    /** @param id the request id when it could be read (the error body echoes it), else null */
    record Failed(GatewayError error, JsonNode id) implements ParseOutcome {
    }
}
