package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.error.GatewayError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

/**
 * Answers a server request the caller may not receive, in the agent's place: a JSON-RPC error response (-32002,
 * "denied by policy") POSTed to the upstream's MCP endpoint in the agent's session, as an MCP client answers a
 * server request. It carries the headers the agent's own request went upstream with (the upstream's session id,
 * protocol version, the proxy's upstream credentials and header transforms; never the agent's credential, which
 * was stripped from them), with the body's type and length of its own. Asynchronous: never blocks the event loop;
 * a failure is logged and otherwise ignored (the upstream's own timeout then settles its request).
 */
final class ServerRequestRefusal {

    private static final Logger LOG = Logger.getLogger(ServerRequestRefusal.class);
    /** How long the upstream may stay silent while taking the refusal. */
    private static final long TIMEOUT_MS = 30_000;

    private final HttpClient client;
    private final RequestOptions options;
    private final String proxyId;

    /**
     * @param sent    the options the agent's request went upstream with (address, endpoint, headers); copied
     */
    ServerRequestRefusal(HttpClient client, RequestOptions sent, String proxyId) {
        this.client = client;
        this.proxyId = proxyId;
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(sent.getHeaders());
        headers.remove("Content-Length");
        headers.remove("Last-Event-ID");
        headers.remove("Transfer-Encoding");
        headers.set("Content-Type", "application/json");
        headers.set("Accept", "application/json, text/event-stream");
        this.options = new RequestOptions(sent).setMethod(HttpMethod.POST).setHeaders(headers)
                .setIdleTimeout(TIMEOUT_MS);
    }

    /** Sends the error answer for the server request {@code id}. */
    void refuse(JsonNode id, GatewayError error) {
        Buffer body = ErrorResponses.body(id, error);
        client.request(new RequestOptions(options))
                .compose(request -> request.send(body))
                .compose(response -> {
                    if (response.statusCode() >= 300) {
                        LOG.debugf("proxy %s: the upstream answered the refusal of a server request with %d",
                                proxyId, response.statusCode());
                    }
                    return response.body();
                })
                .onFailure(failure -> LOG.debugf("proxy %s: the upstream did not take the refusal of a server "
                        + "request: %s", proxyId, failure.getClass().getSimpleName()));
    }
}
