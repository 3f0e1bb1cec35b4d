package dev.portcullis.gateway.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Asks the gateway to rewrite the JSON-RPC response that answers the agent's request, instead of streaming the
 * upstream body through untouched (the zero-copy default). Set with {@link McpResponse#rewriteBody} from
 * {@link McpFilter#onResponse}. The relay finds the answer (the whole JSON body, or the SSE event whose
 * {@code id} is the request's), hands its {@code result} here and sends what comes back; error answers and every
 * other SSE event pass through unchanged.
 *
 * <p>Fail closed: an answer that cannot be parsed, or that this rewrite declares {@link Outcome.Unfilterable},
 * reaches the agent as a -32603 error, never as the original. Called on the event loop; must not block.
 */
@FunctionalInterface
public interface ResponseRewrite {

    /** @param result the answer's {@code result}, a tree the rewrite may modify in place */
    Outcome rewrite(JsonNode result);

    /** The message of the -32603 error sent when the answer cannot be parsed or filtered. */
    default String unfilterableMessage() {
        return "response could not be filtered";
    }

    /** What became of a result. */
    sealed interface Outcome {
        /** Send this result instead. */
        record Rewritten(JsonNode result) implements Outcome {
            public Rewritten {
                Objects.requireNonNull(result, "result");
            }
        }

        /** The result has an unexpected shape: the agent gets {@code message} as a -32603 error. */
        record Unfilterable(String message) implements Outcome {
            public Unfilterable {
                Objects.requireNonNull(message, "message");
            }
        }
    }
}
