package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;

/** Result of reading an agent's POST body as JSON-RPC: a routed message, or the error to answer with. */
public sealed interface ParseOutcome {

    record Parsed(JsonRpcMessage message, McpRoute route) implements ParseOutcome {
    }

    /**
     * @param id    the request id when it could be read (the error body echoes it), else null
     * @param route for a message refused because its method or primitive name is longer than its bound: its route
     *              with those strings cut, what the request is recorded with (flagged truncated); null otherwise
     */
    record Failed(GatewayError error, JsonNode id, McpRoute route) implements ParseOutcome {

        public Failed(GatewayError error, JsonNode id) {
            this(error, id, null);
        }
    }
}
