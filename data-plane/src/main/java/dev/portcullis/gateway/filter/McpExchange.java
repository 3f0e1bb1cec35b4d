package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * One agent request on its way through the filter chain.
 *
 * <p>The incoming request is read-only; its body is forwarded byte for byte unless a filter had to change it
 * ({@link #body(Buffer)}).
 * {@link #upstreamHeaders()} is the mutable set of headers that will be sent upstream; the gateway fills it with
 * the forwarding rules before the chain runs, and filters may edit it. Event-loop confined: never share an
 * exchange across threads.
 */
public final class McpExchange {

    private final RequestObservation observation;
    private final HttpServerRequest request;
    private Buffer body;
    private final JsonRpcMessage message;
    private final MultiMap upstreamHeaders;

    public McpExchange(RequestObservation observation, Buffer body, JsonRpcMessage message,
                       MultiMap upstreamHeaders) {
        this.observation = observation;
        this.request = observation == null ? null : observation.request();
        this.body = body;
        this.message = message;
        this.upstreamHeaders = upstreamHeaders;
    }

    /** What the gateway records about this request; answers with gateway errors go through it. */
    public RequestObservation observation() {
        return observation;
    }

    /** The agent's HTTP request; its body has already been read, do not read or pause it. */
    public HttpServerRequest request() {
        return request;
    }

    /** The body bytes to forward: the agent's own (empty for GET and DELETE) unless a filter replaced them. */
    public Buffer body() {
        return body;
    }

    /**
     * Forwards {@code read} instead of the agent's body (a step that had to change it re-serialised it);
     * {@link #message()} stays the message the chain routed and authorised. Nothing else is recomputed.
     */
    public void body(Buffer read) {
        this.body = java.util.Objects.requireNonNull(read, "read");
    }

    /** The parsed JSON-RPC message, empty for GET and DELETE. */
    public Optional<JsonRpcMessage> message() {
        return Optional.ofNullable(message);
    }

    public MultiMap upstreamHeaders() {
        return upstreamHeaders;
    }
}
