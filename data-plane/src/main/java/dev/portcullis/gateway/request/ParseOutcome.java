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
     * @param route what a message refused at routing targets, its strings cut to their bounds, so the refused
     *              request is still recorded; null when the message was not routed
     */
    record Failed(GatewayError error, JsonNode id, McpRoute route) implements ParseOutcome {

        public Failed(GatewayError error, JsonNode id) {
            this(error, id, null);
        }
    }
}
