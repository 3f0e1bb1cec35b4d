package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.error.GatewayError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Objects;

/**
 * What a filter decided about a request. Outcomes are values: a denied request is a {@link Reject}, never an
 * exception (a failed future means a bug or an I/O failure and becomes a -32603 answer).
 */
public sealed interface FilterResult {

    /** Pass the request to the next filter. */
    record Continue() implements FilterResult {
    }

    /** Answer the agent with this response instead of calling upstream (e.g. a mock response). */
    record Respond(int status, Map<String, String> headers, Buffer body) implements FilterResult {
        public Respond {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Refuse the request with a gateway error: its HTTP status, JSON-RPC code, message, reason and headers
     * (such as {@code WWW-Authenticate} or {@code Retry-After}). The body echoes the request id.
     */
    record Reject(GatewayError error) implements FilterResult {
        public Reject {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The step took the request over and answers the agent itself: the last step forwarded it and relays the
     * upstream's answer, or a step served a response of its own (protected resource metadata) or closed the
     * connection. Nothing after it runs.
     */
    record Taken() implements FilterResult {
    }

    Continue CONTINUE = new Continue();

    Taken TAKEN = new Taken();

    Future<FilterResult> CONTINUE_FUTURE = Future.succeededFuture(CONTINUE);

    Future<FilterResult> TAKEN_FUTURE = Future.succeededFuture(TAKEN);

    static Future<FilterResult> proceed() {
        return CONTINUE_FUTURE;
    }

    static Future<FilterResult> taken() {
        return TAKEN_FUTURE;
    }

    static Future<FilterResult> reject(GatewayError error) {
        return Future.succeededFuture(new Reject(error));
    }
}
