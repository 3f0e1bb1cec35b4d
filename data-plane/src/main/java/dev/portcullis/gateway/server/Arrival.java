package dev.portcullis.gateway.server;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.auth.prm.MetadataEndpoint;
import dev.portcullis.gateway.filter.auth.prm.PublicOrigin;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.proxy.ForwardHeaders;
import dev.portcullis.gateway.request.BodyRead;
import dev.portcullis.gateway.request.BodyReader;
import dev.portcullis.gateway.request.McpRequestParser;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.ParseOutcome;
import dev.portcullis.gateway.request.PathGuard;
import dev.portcullis.gateway.request.RevisionRead;
import dev.portcullis.gateway.request.StandardHeaders;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.ListenPathTable;
import dev.portcullis.gateway.runtime.virtual.LegTicket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first steps of the pipeline, which take an agent's HTTP request in: a safe
 * path, the protected resource metadata, the listen path that picks the proxy, the HTTP method, the Origin, the
 * size-limited body, then the MCP revision and JSON-RPC routing under it, and the standard headers checked against
 * the body. Each is one step of {@code FilterOrder}; they share this class because they share its services.
 */
final class Arrival {

    private static final Logger LOG = Logger.getLogger(Arrival.class);

    private final Vertx vertx;
    private final OwnOrigins ownOrigins;
    private final long bodyTimeoutMs;
    private final MetadataEndpoint metadata;
    /** What upstreams announced; here, the protocol versions an unsupported-version error may list. */
    private final KnownPrimitives known;

    Arrival(Vertx vertx, OwnOrigins ownOrigins, long bodyTimeoutMs, MetadataEndpoint metadata,
            KnownPrimitives known) {
        this.vertx = vertx;
        this.ownOrigins = ownOrigins;
        this.bodyTimeoutMs = bodyTimeoutMs;
        this.metadata = metadata;
        this.known = known;
    }

    /** Paths that could mean one thing to the gateway and another to the upstream are refused. */
    static GatewayError safePath(McpExchange exchange, FilterContext context) {
        String path = exchange.request().path();
        return path != null && PathGuard.isSafe(path) ? null : GatewayErrors.unsafePath();
    }

    /** RFC 9728 protected resource metadata: public, no body, no other step. */
    Future<FilterResult> resourceMetadata(McpExchange exchange, FilterContext context) {
        return metadata.serve(exchange.request(), context.runtime()) ? FilterResult.taken() : FilterResult.proceed();
    }

    /** The listen path picks the proxy; the headers that will go upstream are set from its forwarding rules. */
    static GatewayError listenPath(McpExchange exchange, FilterContext context) {
        HttpServerRequest request = exchange.request();
        Optional<ListenPathTable.Match> match = context.runtime().listenPaths().match(request.path());
        if (match.isEmpty()) {
            return GatewayErrors.unknownListenPath();
        }
        CompiledProxy proxy = match.get().proxy();
        if (context.leg() != null && !proxy.id().equals(context.leg().member())) {
            return GatewayErrors.unknownListenPath(); // a leg only reaches the member it was opened for
        }
        context.proxy(proxy, match.get().rest());
        exchange.observation().proxy(proxy);
        LegTicket leg = context.leg();
        if (leg != null) {
            // The agent's address and host as the virtual server saw them, not the loopback connection's.
            exchange.upstreamHeaders(ForwardHeaders.toUpstream(request.headers(), proxy, leg.remoteAddress(),
                    leg.agentHost(), leg.agentUsedTls()));
            return null;
        }
        SocketAddress remote = request.remoteAddress();
        exchange.upstreamHeaders(ForwardHeaders.toUpstream(request.headers(), proxy,
                remote == null ? null : remote.hostAddress(), PublicOrigin.hostHeader(request), request.isSSL()));
        return null;
    }

    /** MCP's transport uses POST, GET and DELETE only. */
    static GatewayError httpMethod(McpExchange exchange, FilterContext context) {
        HttpMethod method = exchange.request().method();
        return method == HttpMethod.POST || method == HttpMethod.GET || method == HttpMethod.DELETE ? null
                : GatewayErrors.methodNotAllowed();
    }

    /**
     * No Origin, or exactly one that the proxy ({@code allowedOrigins} or {@code global.cors}) or the gateway itself
     * allows. A browser sends one Origin; a second
     * could hide behind the first from one reader and be the one another reader (a proxy in front of the upstream)
     * takes, so two are refused like a bad one.
     */
    GatewayError origin(McpExchange exchange, FilterContext context) {
        List<String> origins = exchange.request().headers().getAll("Origin");
        if (origins.isEmpty()) {
            return null;
        }
        String origin = origins.get(0);
        CompiledProxy proxy = context.proxy();
        boolean allowed = proxy.allowsOrigin(origin) || ownOrigins.contains(origin)
                || proxy.cors() != null && proxy.cors().allowsOrigin(origin);
        return origins.size() == 1 && allowed ? null : GatewayErrors.badOrigin();
    }

    /** Reads the body under the proxy's largest size limit and the body timeout. */
    Future<FilterResult> body(McpExchange exchange, FilterContext context) {
        HttpServerRequest request = exchange.request();
        long limit = context.proxy().requestSizeLimit();
        return BodyReader.read(vertx, request, limit, bodyTimeoutMs).<FilterResult>map(read -> {
            context.markBodyRead();
            if (read instanceof BodyRead.Complete complete) {
                exchange.body(complete.body());
                return FilterResult.CONTINUE;
            }
            if (read instanceof BodyRead.TooLarge tooLarge) {
                return new FilterResult.Reject(GatewayErrors.bodyTooLarge(tooLarge.limit()));
            }
            return new FilterResult.Reject(GatewayErrors.bodyTimeout());
        }).recover(failure -> {
            LOG.debugf("agent request body failed: %s", failure.getClass().getSimpleName());
            request.connection().close();
            return FilterResult.taken();
        });
    }

    /**
     * The request's MCP revision (its {@code MCP-Protocol-Version}), then its JSON-RPC message parsed and routed
     * under that revision; a GET or DELETE has a body-less route. A revision the gateway does not support is refused
     * once the request is routed, so the refusal is recorded like any other.
     */
    GatewayError route(McpExchange exchange, FilterContext context) {
        RequestObservation observation = exchange.observation();
        RevisionRead revision = StandardHeaders.revision(exchange.request().headers(),
                known.versions(context.proxy().id()));
        McpRoute route = McpRoute.noBody(revision.revision());
        if (exchange.request().method() == HttpMethod.POST) {
            ParseOutcome parsed = McpRequestParser.parse(exchange.body().getBytes(), revision.revision());
            if (parsed instanceof ParseOutcome.Failed failed) {
                if (failed.route() != null) {
                    observation.refusedAtRouting(failed.route());
                }
                context.replyId(failed.id());
                return failed.error();
            }
            exchange.message(((ParseOutcome.Parsed) parsed).message());
            route = ((ParseOutcome.Parsed) parsed).route();
        }
        context.routed(route);
        observation.routed(route, exchange.message().orElse(null));
        return revision instanceof RevisionRead.Refused refused ? refused.error() : null;
    }

    /** {@code Mcp-Method}, {@code Mcp-Name} and the other standard headers must agree with the body. */
    static GatewayError standardHeaders(McpExchange exchange, FilterContext context) {
        return exchange.message()
                .flatMap(message -> StandardHeaders.check(exchange.request().headers(), message,
                        context.route().revision()))
                .orElse(null);
    }

    /** A per-primitive or per-operation {@code requestSizeLimit}, known once the request is routed. */
    static GatewayError routeSizeLimit(McpExchange exchange, FilterContext context) {
        long limit = context.proxy().requestSizeLimit(context.settings());
        return exchange.body().length() > limit ? GatewayErrors.bodyTooLarge(limit) : null;
    }
}
