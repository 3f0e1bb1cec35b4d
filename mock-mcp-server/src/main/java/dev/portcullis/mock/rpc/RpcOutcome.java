package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a JSON-RPC request produced: a result, or a protocol error. Tool failures are results (isError). */
public sealed interface RpcOutcome {

    record Success(JsonNode result) implements RpcOutcome {
        public Success {
            Objects.requireNonNull(result, "result");
        }
    }

    record Failure(int code, String message) implements RpcOutcome {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    static RpcOutcome success(JsonNode result) {
        return new Success(result);
    }

    static RpcOutcome invalidParams(String message) {
        return new Failure(ErrorCodes.INVALID_PARAMS, message);
    }
}
