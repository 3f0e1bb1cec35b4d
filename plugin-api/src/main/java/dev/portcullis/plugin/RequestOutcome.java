package dev.portcullis.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a {@link PluginFilter} decided about a request. */
public sealed interface RequestOutcome {

    /** Let the request go on through the pipeline. */
    record Proceed() implements RequestOutcome {
    }

    /**
     * Answer the request here with a JSON-RPC {@code result} (a virtual endpoint): the upstream is not called. The
     * answer goes back through the steps the request passed, like an upstream's.
     */
    record Answer(JsonNode result) implements RequestOutcome {
        public Answer {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Answer the request here with a JSON-RPC {@code error} (HTTP 200, as an MCP server answers a call it refuses,
     * such as -32602 for bad arguments).
     */
    record Error(int code, String message) implements RequestOutcome {
        public Error {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Refuse the request as the gateway refuses one: HTTP {@code status} (400 to 499) and a JSON-RPC error whose
     * {@code data.reason} is {@code plugin_refused}.
     */
    record Refuse(int status, int code, String message) implements RequestOutcome {
        public Refuse {
            Objects.requireNonNull(message, "message");
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("status must be 400 to 499");
            }
        }
    }

    static RequestOutcome proceed() {
        return PROCEED;
    }

    static RequestOutcome answer(JsonNode result) {
        return new Answer(result);
    }

    static RequestOutcome error(int code, String message) {
        return new Error(code, message);
    }

    static RequestOutcome refuse(int status, int code, String message) {
        return new Refuse(status, code, message);
    }

    /** The shared {@link Proceed}. */
    Proceed PROCEED = new Proceed();
}
