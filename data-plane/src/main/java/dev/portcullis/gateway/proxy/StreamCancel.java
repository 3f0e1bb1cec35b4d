package dev.portcullis.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * Cancels an upstream request (or a virtual server's member leg) the gateway no longer wants, without harming the
 * pooled connection it used once its response has ended.
 *
 * <p>Vert.x 4.5's HTTP/1.1 client marks a connection to be closed when a stream on it is reset after its response
 * ended, and by then the pool may have handed the connection to another request, which then fails with
 * "Connection was closed" (a virtual server's legs met this when an agent left right after its stream ended). A
 * request whose response has ended has nothing left to cancel, so {@link #cancel} leaves it alone. The client says a
 * response has ended by refusing {@link HttpClientResponse#end()} with an {@link IllegalStateException}.
 */
public final class StreamCancel {

    private StreamCancel() {
    }

    /** Resets {@code request} unless its response has ended (its connection may already serve another request). */
    public static void cancel(HttpClientRequest request) {
        Future<HttpClientResponse> response = request.response();
        if (response != null && response.succeeded() && ended(response.result())) {
            return;
        }
        request.reset();
    }

    private static boolean ended(HttpClientResponse response) {
        try {
            return response.end().isComplete();
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
