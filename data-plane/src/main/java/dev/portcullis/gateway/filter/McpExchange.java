package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * One agent request on its way through the pipeline.
 *
 * <p>The incoming request is read-only. Its body is read by the body step and forwarded byte for byte, never
 * re-serialised, unless a step replaces it. {@link #upstreamHeaders()} is the mutable set of headers that will be
 * sent upstream: the listen-path step fills it with the forwarding rules once the proxy is known, and later steps
 * may edit it. Event-loop confined: never share an exchange across threads.
 */
public final class McpExchange {

    private static final Buffer EMPTY = Buffer.buffer(new byte[0]);

    private final RequestObservation observation;
    private final HttpServerRequest request;
    private Buffer body = EMPTY;
    private JsonRpcMessage message;
    private MultiMap upstreamHeaders;

    public McpExchange(RequestObservation observation) {
        this.observation = observation;
        this.request = observation == null ? null : observation.request();
    }

    /** An exchange whose body is read and parsed already (tests, and requests the gateway makes itself). */
    public McpExchange(RequestObservation observation, Buffer body, JsonRpcMessage message,
                       MultiMap upstreamHeaders) {
        this(observation);
        this.body = Objects.requireNonNull(body, "body");
        this.message = message;
        this.upstreamHeaders = upstreamHeaders;
    }

    /** What the gateway records about this request; answers with gateway errors go through it. */
    public RequestObservation observation() {
        return observation;
    }

    /** The agent's HTTP request; once the body step ran its body has been read: do not read or pause it. */
    public HttpServerRequest request() {
        return request;
    }

    /** The body bytes that go upstream (empty for GET and DELETE, and until the body step read them). */
    public Buffer body() {
        return body;
    }

    public void body(Buffer read) {
        this.body = Objects.requireNonNull(read, "read");
    }

    /** The parsed JSON-RPC message, empty for GET and DELETE and until the parse step ran. */
    public Optional<JsonRpcMessage> message() {
        return Optional.ofNullable(message);
    }

    public void message(JsonRpcMessage parsed) {
        this.message = parsed;
    }

    /** The headers that go upstream; null until the listen-path step set them. */
    public MultiMap upstreamHeaders() {
        return upstreamHeaders;
    }

    public void upstreamHeaders(MultiMap headers) {
        this.upstreamHeaders = Objects.requireNonNull(headers, "headers");
    }
}
