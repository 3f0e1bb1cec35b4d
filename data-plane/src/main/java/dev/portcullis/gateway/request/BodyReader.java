package dev.portcullis.gateway.request;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads an agent's body while enforcing the size limit. A body whose declared {@code Content-Length} is over the
 * limit is never buffered: its bytes are read and thrown away, up to {@link #DISCARD_LIMIT}, and only then is it
 * refused, so an ordinary client that sends its whole body before reading the answer gets a clean 413 on a healthy
 * connection instead of a reset. A body declared beyond the discard limit, and a chunked body as soon as it passes
 * the limit, are refused at once and their connection closed. An agent that asked for
 * {@code Expect: 100-continue} gets its {@code 100 Continue} only once the declared length passed the check, and is
 * refused at once otherwise. The whole body must arrive within {@code timeoutMs}, so a slow client cannot hold a
 * connection and a buffer forever. Must be called from the request handler, before it returns, so no chunk is missed.
 */
public final class BodyReader {

    private static final int MAX_INITIAL_CAPACITY = 64 * 1024;
    /** Bytes of an oversized body read and discarded so the agent can read its 413. */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private BodyReader() {
    }

    public static Future<BodyRead> read(Vertx vertx, HttpServerRequest request, long limit, long timeoutMs) {
        long declared = declaredLength(request);
        boolean expectsContinue = request.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (declared > limit && (expectsContinue || declared > DISCARD_LIMIT)) {
            return Future.succeededFuture(new BodyRead.TooLarge(limit));
        }
        if (request.isEnded()) {
            return Future.succeededFuture(new BodyRead.Complete(Buffer.buffer()));
        }
        Promise<BodyRead> promise = Promise.promise();
        LoopTimer timer = LoopTimer.start(vertx, timeoutMs, () -> {
            if (promise.tryComplete(new BodyRead.TimedOut(timeoutMs))) {
                request.pause();
            }
        });
        promise.future().onComplete(done -> timer.cancel());
        if (expectsContinue) {
            request.response().writeContinue();
        }
        int initial = declared > 0 ? (int) Math.min(Math.min(declared, limit), MAX_INITIAL_CAPACITY) : 1024;
        Buffer body = Buffer.buffer(initial);
        long[] received = {0};
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            received[0] += chunk.length();
            // A declared length is read to its end (it is within the discard limit); a chunked body of unknown
            // length is refused as soon as it passes the limit.
            if (received[0] > DISCARD_LIMIT || (declared < 0 && received[0] > limit)) {
                promise.complete(new BodyRead.TooLarge(limit));
                request.pause();
                return;
            }
            if (received[0] <= limit) {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> promise.tryComplete(
                received[0] > limit ? new BodyRead.TooLarge(limit) : new BodyRead.Complete(body)));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
    }

    /** The declared length, -1 when absent; an unparsable value counts as absent (the limit still applies). */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
