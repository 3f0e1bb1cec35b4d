package dev.portcullis.gateway.filter;

import io.vertx.core.MultiMap;

/**
 * The upstream's response head as it will be sent to the agent. Filters may edit {@link #headers()} in
 * {@link McpFilter#onResponse}; the body is streamed afterwards and is not visible here, unless a filter asks
 * for the answer to be rewritten with {@link #rewriteBody}.
 */
public final class McpResponse {

    private final int status;
    private final MultiMap headers;
    private ResponseRewrite rewrite;

    public McpResponse(int status, MultiMap headers) {
        this.status = status;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public MultiMap headers() {
        return headers;
    }

    /** True for a Server-Sent Events stream (the body is then relayed event by event). */
    public boolean isEventStream() {
        String type = headers.get("Content-Type");
        return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    /** Rewrite the JSON-RPC answer instead of streaming the body untouched; the last filter to ask wins. */
    public void rewriteBody(ResponseRewrite bodyRewrite) {
        this.rewrite = bodyRewrite;
    }

    /** The requested rewrite, or null to stream the body through untouched. */
    public ResponseRewrite bodyRewrite() {
        return rewrite;
    }
}
