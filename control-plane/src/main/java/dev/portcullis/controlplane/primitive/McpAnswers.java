package dev.portcullis.controlplane.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;

import java.io.IOException;

/**
 * Finds the JSON-RPC response with a given id in an upstream answer: a JSON body, or a {@code text/event-stream} of
 * events whose {@code data} is a JSON-RPC message (notifications and requests before the response are skipped).
 */
final class McpAnswers {

    private McpAnswers() {
    }

    /** @return the response object, or null when the answer holds none with that id */
    static JsonNode response(String contentType, String body, long id) throws UpstreamUnreachable {
        if (contentType != null && contentType.toLowerCase().startsWith("text/event-stream")) {
            StringBuilder data = new StringBuilder();
            for (String line : body.split("\r\n|\r|\n", -1)) {
                if (line.isEmpty()) {
                    JsonNode found = matching(data.toString(), id);
                    if (found != null) {
                        return found;
                    }
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            return matching(data.toString(), id);
        }
        return matching(body, id);
    }

    private static JsonNode matching(String json, long id) throws UpstreamUnreachable {
        if (json.isBlank()) {
            return null;
        }
        JsonNode message;
        try {
            message = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UpstreamUnreachable(UpstreamUnreachable.Category.NOT_MCP,
                    "the upstream answered with something that is not JSON-RPC");
        }
        return message != null && message.path("id").canConvertToLong() && message.path("id").asLong() == id
                && (message.has("result") || message.has("error")) ? message : null;
    }
}
