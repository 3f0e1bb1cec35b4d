package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.observe.RequestObservation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;

/**
 * Pauses an upstream body while the agent's write queue is full, and resumes it when the queue drains. Once the
 * agent's response is ending (its last bytes may be written already, or wait for the record) or gone, nothing more
 * is written to it, so nothing is asked of it either: a written response throws on {@code writeQueueFull} and
 * {@code drainHandler} ("Response has already been written").
 */
final class Backpressure {

    private Backpressure() {
    }

    /** Call after each write to the agent; event-loop confined. */
    static void after(ReadStream<Buffer> upstream, RequestObservation observation) {
        HttpServerResponse agent = observation.request().response();
        if (observation.answered() || agent.closed()) {
            return;
        }
        if (agent.writeQueueFull()) {
            upstream.pause();
            agent.drainHandler(drained -> upstream.resume());
        }
    }
}
