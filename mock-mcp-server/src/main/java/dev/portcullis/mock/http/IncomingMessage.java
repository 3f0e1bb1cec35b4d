package dev.portcullis.mock.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A POSTed JSON-RPC message, classified.
 *
 * @param params        the params object, or null when absent or not an object
 * @param paramsInvalid true when params is present but not an object
 */
record IncomingMessage(Kind kind, JsonNode id, String method, ObjectNode params, boolean paramsInvalid) {

    enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    /** Empty when the object is not a valid JSON-RPC 2.0 message. */
    static Optional<IncomingMessage> classify(ObjectNode message) {
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
            return Optional.empty();
        }
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        JsonNode params = message.get("params");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        ObjectNode paramsObject = params instanceof ObjectNode object ? object : null;
        boolean paramsInvalid = params != null && !params.isNull() && paramsObject == null;
        if (method != null) {
            if (!method.isTextual()) {
                return Optional.empty();
            }
            if (id == null) {
                return Optional.of(new IncomingMessage(Kind.NOTIFICATION, null, method.asText(), paramsObject,
                        paramsInvalid));
            }
            return validId
                    ? Optional.of(new IncomingMessage(Kind.REQUEST, id, method.asText(), paramsObject, paramsInvalid))
                    : Optional.empty();
        }
        boolean hasResult = message.has("result");
        boolean hasError = message.has("error");
        if (id != null && hasResult != hasError) {
            return Optional.of(new IncomingMessage(Kind.RESPONSE, id, null, null, false));
        }
        return Optional.empty();
    }
}
