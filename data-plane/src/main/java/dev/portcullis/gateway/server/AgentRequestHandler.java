package dev.portcullis.gateway.server;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObservers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.ErrorResponses;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.auth.prm.MetadataEndpoint;
import dev.portcullis.gateway.filter.auth.prm.PublicOrigin;
import dev.portcullis.gateway.proxy.ForwardHeaders;
import dev.portcullis.gateway.proxy.UpstreamForwarder;
import dev.portcullis.gateway.request.BodyRead;
import dev.portcullis.gateway.request.BodyReader;
import dev.portcullis.gateway.request.McpRequestParser;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.ParseOutcome;
import dev.portcullis.gateway.request.PathGuard;
import dev.portcullis.gateway.request.RevisionRead;
import dev.portcullis.gateway.request.StandardHeaders;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.ListenPathTable;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Entry point of every agent request (SPEC section 3 steps 1 to 3, then the filter chain, then forwarding):
 * path safety, listen path, method, Origin, size-limited body, the MCP revision, JSON-RPC parsing and routing
 * under that revision, and the standard headers checked against the body. The runtime is read
 * once, so the whole request is served by one snapshot. One instance per event loop.
 */
public final class AgentRequestHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(AgentRequestHandler.class);

    private final AtomicReference<GatewayRuntime> runtime;
    private final FilterChain chain;
    private final UpstreamForwarder forwarder;
    private final OwnOrigins ownOrigins;
    private final Vertx vertx;
    private final long bodyTimeoutMs;
    private final MetadataEndpoint metadata;
    private final RequestObservers observers;
    private final String gatewayId;
    /** What upstreams announced; here, the protocol versions an unsupported-version error may list. */
    private final KnownPrimitives known;

    public AgentRequestHandler(Vertx vertx, AtomicReference<GatewayRuntime> runtime, FilterChain chain,
                               UpstreamForwarder forwarder, OwnOrigins ownOrigins, long bodyTimeoutMs,
                               MetadataEndpoint metadata, RequestObservers observers, String gatewayId,
                               KnownPrimitives known) {
        this.known = known;
        this.observers = observers;
        this.gatewayId = gatewayId;
        this.vertx = vertx;
        this.bodyTimeoutMs = bodyTimeoutMs;
        this.runtime = runtime;
        this.chain = chain;
        this.forwarder = forwarder;
        this.ownOrigins = ownOrigins;
        this.metadata = metadata;
    }

    @Override
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        GatewayRuntime current = runtime.get();
        RequestObservation observation = RequestObservation.begin(request, observers, gatewayId, start);
        if (current == null) {
            ErrorResponses.send(observation, null, GatewayErrors.noConfiguration());
            return;
        }
        String path = request.path();
        if (path == null || !PathGuard.isSafe(path)) {
            ErrorResponses.send(observation, null, GatewayErrors.unsafePath());
            return;
        }
        if (metadata.serve(request, current)) {
            return; // RFC 9728 metadata: public, no body, no filters
        }
        Optional<ListenPathTable.Match> match = current.listenPaths().match(path);
        if (match.isEmpty()) {
            refuseUnread(observation, GatewayErrors.unknownListenPath());
            return;
        }
        CompiledProxy proxy = match.get().proxy();
        observation.proxy(proxy);
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.GET && method != HttpMethod.DELETE) {
            refuseUnread(observation, GatewayErrors.methodNotAllowed());
            return;
        }
        if (!originAllowed(request, proxy)) {
            refuseUnread(observation, GatewayErrors.badOrigin());
            return;
        }
        BodyReader.read(vertx, request, proxy.requestSizeLimit(), bodyTimeoutMs).onComplete(read -> {
            if (read.failed()) {
                LOG.debugf("agent request body failed: %s", read.cause().getClass().getSimpleName());
                request.connection().close();
                return;
            }
            if (read.result() instanceof BodyRead.TooLarge tooLarge) {
                ErrorResponses.send(observation, null, GatewayErrors.bodyTooLarge(tooLarge.limit()));
                return;
            }
            if (read.result() instanceof BodyRead.TimedOut) {
                ErrorResponses.send(observation, null, GatewayErrors.bodyTimeout());
                return;
            }
            BodyRead.Complete body = (BodyRead.Complete) read.result();
            RevisionRead revision = StandardHeaders.revision(request.headers(), known.versions(proxy.id()));
            JsonRpcMessage message = null;
            McpRoute route = McpRoute.noBody(revision.revision());
            if (method == HttpMethod.POST) {
                ParseOutcome parsed = McpRequestParser.parse(body.body().getBytes(), revision.revision());
                if (parsed instanceof ParseOutcome.Failed failed) {
                    if (failed.route() != null) {
                        observation.refusedAtRouting(failed.route());
                    }
                    ErrorResponses.send(observation, failed.id(), failed.error());
                    return;
                }
                message = ((ParseOutcome.Parsed) parsed).message();
                route = ((ParseOutcome.Parsed) parsed).route();
            }
            observation.routed(route, message);
            Optional<GatewayError> headerError = revision instanceof RevisionRead.Refused refused
                    ? Optional.of(refused.error())
                    : message == null ? Optional.empty()
                    : StandardHeaders.check(request.headers(), message, route.revision());
            if (headerError.isPresent()) {
                ErrorResponses.send(observation, route.id(), headerError.get());
                return;
            }
            runChain(observation, current, match.get(), body, message, route, start);
        });
    }

    /**
     * Answers a refusal decided before the body was read. The body is read first and thrown away (within the
     * discard limit and the body timeout, as for an oversized body), so a client that writes its whole body before
     * reading, like Java's HttpClient, reads the refusal instead of a connection reset; a chunked or oversized body
     * still gets the answer at once and its connection closed.
     */
    private void refuseUnread(RequestObservation observation, GatewayError error) {
        BodyReader.read(vertx, observation.request(), 0, bodyTimeoutMs)
                .onComplete(read -> ErrorResponses.send(observation, null, error));
    }

    /**
     * No Origin, or exactly one that the proxy or the gateway itself allows. A browser sends one Origin; a second
     * could hide behind the first from one reader and be the one another reader (a proxy in front of the upstream)
     * takes, so two are refused like a bad one.
     */
    private boolean originAllowed(HttpServerRequest request, CompiledProxy proxy) {
        List<String> origins = request.headers().getAll("Origin");
        if (origins.isEmpty()) {
            return true;
        }
        String origin = origins.get(0);
        return origins.size() == 1 && (proxy.allowsOrigin(origin) || ownOrigins.contains(origin));
    }

    private void runChain(RequestObservation observation, GatewayRuntime current, ListenPathTable.Match match,
                          BodyRead.Complete body, JsonRpcMessage message, McpRoute route, long start) {
        HttpServerRequest request = observation.request();
        FilterContext context = new FilterContext(current, match.proxy(), route, start);
        observation.context(context);
        SocketAddress remote = request.remoteAddress();
        McpExchange exchange = new McpExchange(observation, body.body(), message,
                ForwardHeaders.toUpstream(request.headers(), match.proxy(),
                        remote == null ? null : remote.hostAddress(), PublicOrigin.hostHeader(request),
                        request.isSSL()));
        FilterChain.Ran ran = new FilterChain.Ran();
        chain.onRequest(exchange, context, ran).onComplete(outcome -> {
            JsonNode id = route.id();
            if (outcome.failed()) {
                LOG.errorf("filter failed on proxy %s: %s", match.proxy().id(), outcome.cause().toString());
                ErrorResponses.send(observation, id, GatewayErrors.internalError());
            } else if (outcome.result() instanceof FilterResult.Reject reject) {
                ErrorResponses.send(observation, id, reject.error());
            } else if (outcome.result() instanceof FilterResult.Respond respond) {
                var response = request.response().setStatusCode(respond.status());
                respond.headers().forEach(response.headers()::set);
                observation.end(respond.body());
            } else {
                forwarder.forward(exchange, context, chain, ran, match.rest());
            }
        });
    }
}
