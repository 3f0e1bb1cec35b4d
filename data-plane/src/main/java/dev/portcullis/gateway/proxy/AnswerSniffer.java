package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Finds the upstream's answer to a request in a response body while the body streams to the agent: nothing is held
 * back or copied aside, each chunk is looked at once as it passes. A JSON body is read as one JSON-RPC message, the
 * answer to the request whatever id it carries (HTTP ties it to the request, as the breaker always judged it); an
 * SSE body event by event, looking for the event whose data answers the request by id (notifications and progress
 * events are skipped). At most {@value #MAX_BYTES} bytes of JSON are read per body or per event: an answer not known by then
 * is given up on, and nothing is reported.
 *
 * <p>Event-loop confined, one per response. {@code onAnswer} runs at most once, inside {@link #feed}.
 * {@link #close} must be called when the body ends or is abandoned, to release the parser's buffers.
 */
sealed interface AnswerSniffer permits JsonAnswerSniffer, SseAnswerSniffer {

    int MAX_BYTES = 1024 * 1024;

    /**
     * @param requestId the request's JSON-RPC id, which the answer event of an SSE body carries; null accepts an
     *                  event with any id (used to judge the answers to notifications for the circuit breaker)
     */
    static AnswerSniffer of(boolean eventStream, JsonNode requestId, Consumer<UpstreamAnswer> onAnswer) {
        return eventStream ? new SseAnswerSniffer(requestId, onAnswer) : new JsonAnswerSniffer(onAnswer);
    }

    /** Looks at the next chunk of the body; does not keep it. */
    default void feed(Buffer chunk) {
        if (finished()) {
            return;
        }
        ByteBuf bytes = chunk.getByteBuf();
        if (bytes.hasArray()) {
            feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        } else {
            feed(chunk.getBytes(), 0, chunk.length());
        }
    }

    void feed(byte[] bytes, int offset, int length);

    /**
     * True once the answer was found (for SSE: and its event ended) or given up on: the rest of the body needs no
     * look.
     */
    boolean finished();

    /** The answer found, or null. */
    UpstreamAnswer answer();

    /**
     * For an SSE body, once the event carrying the answer has ended: how many bytes of the chunk last fed belong to
     * the stream up to and including the blank line that ends it. -1 before that, and always for a JSON body.
     */
    int answerEventEnd();

    void close();
}
