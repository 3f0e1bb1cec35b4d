package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamSession;
import dev.portcullis.gateway.filter.circuit.BreakerCall;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.request.LoopTimer;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.SessionBinding;
import dev.portcullis.gateway.runtime.UpstreamPool;
import dev.portcullis.gateway.runtime.UpstreamTarget;
import dev.portcullis.gateway.upstream.ClientCredentials;
import dev.portcullis.gateway.upstream.ClientCredentialsTokens;
import dev.portcullis.model.proxy.UpstreamAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Sends one agent request upstream and streams the answer back. The timeout covers connecting and receiving the
 * response head only (504 when it fires, 502 when the upstream cannot be reached); once the head is relayed the
 * body is piped with backpressure and no timeout, so SSE streams stay open as long as both ends want. If the
 * upstream dies mid-body (or an SSE answer ends without the answer) the agent of an SSE answer to a request gets a
 * -32004 {@code upstream_closed} error event for its request and then a clean end; another SSE stream just ends
 * cleanly; any other body gets a 502 {@code upstream_closed} error while its head is unsent, and is cut afterwards
 * (connection closed or stream reset) so a truncated body never looks complete. If the agent goes away the
 * upstream request is reset. One instance per event loop, sharing that event loop's {@link HttpClient}.
 *
 * <p>An SSE answer to a request (a POST with an id) stays under the timeout until the stream ends: when it fires
 * mid-stream the agent gets a -32004 {@code upstream_timeout} event for its request (when the stream stands between
 * two events) and a clean end of stream. The request's circuit breaker admission, if any, is settled here with the
 * outcome: failure for a timeout, a connection error, a 5xx, a JSON-RPC -32603 answer (JSON or SSE), or an upstream
 * dying mid-body; success otherwise.
 *
 * <p>This is the pipeline's last step. The response head walks the steps that ran backward, then the body is
 * relayed by a {@link ResponseRelay}, which walks each of its messages through them too.
 */
public final class UpstreamForwarder implements McpFilter {

    private static final Logger LOG = Logger.getLogger(UpstreamForwarder.class);
    private static final String LISTEN = "subscriptions/listen";

    private final Vertx vertx;
    private final HttpClient client;
    private final ClientCredentialsTokens tokens;
    private final UpstreamAddressGuard guard;
    private final TargetBalancer balancer = new TargetBalancer();
    private final StreamReopener reopener;

    public UpstreamForwarder(Vertx vertx, HttpClient client, ClientCredentialsTokens tokens) {
        this(vertx, client, tokens, UpstreamAddressGuard.of(vertx, UpstreamAddresses.DEFAULT));
    }

    /** @param guard where an upstream request may connect (link-local and metadata addresses refused) */
    public UpstreamForwarder(Vertx vertx, HttpClient client, ClientCredentialsTokens tokens,
                             UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.client = client;
        this.tokens = tokens;
        this.guard = guard;
        this.reopener = new StreamReopener(vertx, client, guard);
    }


    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        forward(exchange, context);
        return FilterResult.taken();
    }

    /**
     * Forwards after the filter chain. With OAuth client credentials the upstream token is obtained first (cached,
     * see {@link ClientCredentialsTokens}) and set as {@code Authorization: Bearer}, after the header transforms so
     * no transform can remove or replace it; without a token the agent gets 502 {@code
     * upstream_credentials_unavailable}.
     */
    void forward(McpExchange exchange, FilterContext context) {
        ClientCredentials oauth = context.proxy().upstreamOAuth();
        if (oauth == null) {
            send(exchange, context);
            return;
        }
        tokens.token(oauth).onComplete(token -> {
            if (token.failed()) {
                release(context);
                LOG.debugf("no upstream token for proxy %s: %s", context.proxy().id(), token.cause().getMessage());
                ErrorResponses.send(exchange.observation(), context.route().id(),
                        GatewayErrors.upstreamCredentialsUnavailable(
                                token.cause() instanceof ClientCredentialsTokens.TokenUnavailableException unavailable
                                        ? unavailable.getMessage() : null));
                return;
            }
            exchange.upstreamHeaders().set("Authorization", "Bearer " + token.result());
            send(exchange, context);
        });
    }

    private void send(McpExchange exchange, FilterContext context) {
        CompiledProxy proxy = context.proxy();
        UpstreamPool pool = proxy.pool();
        SessionBinding binding = context.sessionBinding();
        boolean pinned = pool.pinsSessions() && binding != null;
        UpstreamPool.Member target;
        if (!pool.balanced()) {
            target = pool.primary();
        } else if (pinned) {
            target = binding.target().isEmpty() ? pool.primary() : pool.byId(binding.target());
            if (target == null) {
                // The session's target left the configuration: the session is gone, and a 404 makes the agent
                // start a new one. (A target that is only out still gets its sessions' requests: passive health
                // steers new work, and a target that refuses the connection answers its sessions 404 below.)
                release(context);
                ErrorResponses.send(exchange.observation(), context.route().id(), GatewayErrors.unknownSession());
                return;
            }
        } else {
            target = balancer.pick(proxy.id(), pool, Set.of(), System.nanoTime());
        }
        ForwardHeaders.injectCredentials(exchange.upstreamHeaders(), proxy);
        exchange.observation().forwarding(exchange.upstreamHeaders());
        Attempt attempt = new Attempt(exchange, context, proxy.timeoutMs(context.settings()), pinned);
        attempt.timer = LoopTimer.start(vertx, attempt.timeoutMs, attempt::timedOut);
        exchange.observation().onAgentGone(attempt::agentGone);
        attempt.connect(target);
    }

    /** State of one forwarding attempt; event-loop confined. */
    private final class Attempt {
        private final McpExchange exchange;
        private final FilterContext context;
        private final int timeoutMs;
        private final long startNanos = System.nanoTime();
        /** The request belongs to a session kept on its target: no failover, and losing the target is a 404. */
        private final boolean pinned;
        private final Set<String> tried = new HashSet<>(4);
        private final boolean rewritesHost;
        private LoopTimer timer;
        private HttpClientRequest upstream;
        private boolean finished;
        private UpstreamPool.Member target;
        private boolean inFlight;
        private RequestOptions sent;

        Attempt(McpExchange exchange, FilterContext context, int timeoutMs, boolean pinned) {
            this.exchange = exchange;
            this.context = context;
            this.timeoutMs = timeoutMs;
            this.pinned = pinned;
            // The Host header names the target unless a header transform set another.
            this.rewritesHost = context.proxy().pool().balanced()
                    && context.proxy().upstream().authority().equals(exchange.upstreamHeaders().get("Host"));
        }

        /** Connects to {@code chosen} and sends the request; a refused connection fails over when it may. */
        void connect(UpstreamPool.Member chosen) {
            target = chosen;
            tried.add(chosen.id());
            inFlight = true;
            balancer.started(context.proxy().id(), chosen);
            context.upstreamTarget(chosen);
            exchange.observation().upstreamTarget(chosen.label());
            UpstreamTarget address = chosen.address();
            if (rewritesHost) {
                exchange.upstreamHeaders().set("Host", address.authority());
            }
            HttpServerRequest agent = exchange.request();
            RequestOptions options = new RequestOptions()
                    .setMethod(agent.method())
                    .setHost(address.host())
                    .setPort(address.port())
                    .setSsl(address.ssl())
                    .setURI(address.requestUri(context.pathRest(), agent.query()))
                    .setHeaders(exchange.upstreamHeaders())
                    .setFollowRedirects(false);
            sent = options;
            guard.admit(address)
                    .compose(server -> {
                        if (server != null) {
                            options.setServer(server);
                        }
                        context.upstreamSession(session(options));
                        return client.request(options);
                    })
                    .onComplete(connected -> {
                        if (connected.failed()) {
                            connectFailed(connected.cause());
                        } else {
                            sendBody(connected.result());
                        }
                    });
        }

        private void sendBody(HttpClientRequest request) {
            if (finished) {
                request.reset();
                return;
            }
            upstream = request;
            (exchange.body().length() > 0 ? request.send(exchange.body()) : request.send())
                    .onSuccess(response -> {
                        try {
                            relay(response);
                        } catch (RuntimeException e) {
                            LOG.errorf("relaying the response of proxy %s failed: %s", context.proxy().id(),
                                    e.toString());
                            release(context);
                            targetEnded();
                            response.request().reset();
                            ErrorResponses.send(exchange.observation(), context.route().id(),
                                    GatewayErrors.internalError());
                        }
                    })
                    .onFailure(this::failed);
        }

        /**
         * Nothing was sent: the target counts a failure, and a request that is not kept on its target tries the
         * next one (a new session or a sessionless request fails over) while the timeout leaves time.
         */
        private void connectFailed(Throwable cause) {
            if (finished) {
                targetEnded();
                return;
            }
            UpstreamPool pool = context.proxy().pool();
            long now = System.nanoTime();
            balancer.failed(context.proxy().id(), pool, target, now);
            if (!pinned && pool.balanced() && !(cause instanceof UpstreamAddressGuard.Refused)) {
                UpstreamPool.Member next = balancer.pick(context.proxy().id(), pool, tried, now);
                if (next != null) {
                    LOG.debugf("proxy %s: target %s unreachable (%s), trying %s", context.proxy().id(),
                            target.label(), cause.getClass().getSimpleName(), next.label());
                    targetEnded();
                    connect(next);
                    return;
                }
            }
            failed(cause);
        }

        /** The request to the current target is over: it no longer counts as in flight. */
        private void targetEnded() {
            if (inFlight) {
                inFlight = false;
                balancer.ended(context.proxy().id(), target);
            }
        }

        void timedOut() {
            if (finished) {
                return;
            }
            finished = true;
            settle(false);
            if (target != null) {
                balancer.failed(context.proxy().id(), context.proxy().pool(), target, System.nanoTime());
                targetEnded();
            }
            if (upstream != null) {
                upstream.reset();
            }
            ErrorResponses.send(exchange.observation(), context.route().id(), GatewayErrors.upstreamTimeout());
        }

        void failed(Throwable cause) {
            if (finished) {
                return;
            }
            finished = true;
            timer.cancel();
            settle(false);
            if (upstream != null) {
                // Sent, then lost: the connection phase counted its own failures.
                balancer.failed(context.proxy().id(), context.proxy().pool(), target, System.nanoTime());
            }
            targetEnded();
            if (cause instanceof UpstreamAddressGuard.Refused refused) {
                LOG.warnf("proxy %s: %s", context.proxy().id(), refused.getMessage());
            } else {
                LOG.debugf("upstream of proxy %s unreachable: %s", context.proxy().id(),
                        cause.getClass().getSimpleName());
            }
            ErrorResponses.send(exchange.observation(), context.route().id(), pinned && upstream == null
                    ? GatewayErrors.unknownSession() : GatewayErrors.upstreamUnreachable());
        }

        void agentGone() {
            release(context);
            targetEnded();
            if (upstream != null) {
                StreamCancel.cancel(upstream);
            }
            if (!finished) {
                finished = true;
                timer.cancel();
            }
        }

        /**
         * Where the upstream's requests to the agent are answered in the agent's place: in its session, with the
         * headers its request went upstream with (the refusal is made once, when first needed).
         */
        UpstreamSession session(RequestOptions options) {
            ServerRequestRefusal[] refusal = {null};
            return (id, error) -> {
                if (refusal[0] == null) {
                    refusal[0] = new ServerRequestRefusal(client, options, context.proxy().id());
                }
                refusal[0].refuse(id, error);
            };
        }

        void relay(HttpClientResponse response) {
            if (finished) {
                targetEnded();
                response.request().reset();
                return;
            }
            finished = true;
            timer.cancel();
            if (response.statusCode() >= 500) {
                balancer.failed(context.proxy().id(), context.proxy().pool(), target, System.nanoTime());
            } else {
                balancer.succeeded(context.proxy().id(), target);
            }
            HttpServerResponse agent = exchange.request().response();
            McpResponse head = new McpResponse(response.statusCode(), ForwardHeaders.toAgent(response.headers()),
                    LISTEN.equals(context.route().method()));
            List<String> upstreamHeaderNames = ForwardHeaders.names(head.headers());
            if (!FilterChain.onResponse(head, context)) {
                targetEnded();
                response.request().reset();
                ErrorResponses.send(exchange.observation(), context.route().id(), GatewayErrors.internalError());
                return;
            }
            agent.setStatusCode(head.status());
            String statusMessage = response.statusMessage();
            if (statusMessage != null && !statusMessage.isEmpty()) {
                agent.setStatusMessage(statusMessage);
            }
            agent.headers().setAll(head.headers());
            exchange.observation().upstreamHeadCopied(upstreamHeaderNames);
            if (head.status() >= 500) {
                settle(false);
            }
            boolean eventStream = head.framing() == McpResponse.Framing.EVENTS;
            boolean resumable = eventStream && head.status() == 200
                    && exchange.request().method() == HttpMethod.GET;
            if (resumable) {
                head.readMessages(McpResponse.Reading.OBSERVE); // the event ids it resumes from are read as they pass
            }
            long[] deadlineTimer = {-1};
            ResponseRelay relay = ResponseRelay.start(response, () -> StreamCancel.cancel(response.request()),
                    exchange.observation(), context, head, end -> {
                if (deadlineTimer[0] >= 0) {
                    vertx.cancelTimer(deadlineTimer[0]);
                }
                if (end == ResponseRelay.End.CUT) {
                    LOG.debugf("stream of proxy %s ended early", context.proxy().id());
                }
                targetEnded();
                settle(end == ResponseRelay.End.COMPLETED);
            }, () -> cutShort(agent, eventStream));
            if (resumable) {
                relay.resumeWith(lastEventId -> reopener.reopen(target.address(), sent, lastEventId,
                        request -> upstream = request, agent::closed));
            }
            if (eventStream && context.route().kind() == MessageKind.REQUEST) {
                long left = timeoutMs - (System.nanoTime() - startNanos) / 1_000_000;
                deadlineTimer[0] = vertx.setTimer(Math.max(1, left), id -> {
                    // Set first: stopping ends the response, and the record is made as it ends.
                    exchange.observation().gatewayError(GatewayErrors.upstreamTimeout());
                    targetEnded();
                    if (relay.stop(ErrorResponses.body(context.route().id(), GatewayErrors.upstreamTimeout()))) {
                        LOG.debugf("stream of proxy %s passed its %d ms timeout", context.proxy().id(), timeoutMs);
                        settle(false);
                    }
                });
            }
        }

        /** Settles the breaker admission, if any; the first settlement counts. */
        private void settle(boolean success) {
            BreakerCall call = context.breakerCall();
            if (call != null) {
                if (success) {
                    call.succeeded();
                } else {
                    call.failed();
                }
            }
        }

        /**
         * The upstream died mid-body (an SSE answer to a request got its error event from the relay). Another SSE
         * stream (a GET stream, the answer to a notification) ends cleanly: events are self-delimiting, the agent
         * reconnects with {@code Last-Event-ID}, and no request of the agent waits on it. Any other body whose head
         * was not sent yet is replaced by a 502 -32004 {@code upstream_closed} error; once its head and first bytes
         * are out it would look complete but be truncated, so the agent sees a broken connection (HTTP/1.x) or a
         * reset stream (HTTP/2) instead.
         */
        private void cutShort(HttpServerResponse agent, boolean eventStream) {
            if (exchange.observation().answered() || agent.closed()) {
                return;
            }
            if (eventStream) {
                exchange.observation().end();
            } else if (!agent.headWritten()) {
                ErrorResponses.send(exchange.observation(), context.route().id(), GatewayErrors.upstreamClosed());
            } else if (exchange.request().version() == HttpVersion.HTTP_2) {
                agent.reset();
            } else {
                exchange.request().connection().close();
            }
        }
    }

    /** The request ends without an upstream outcome: nothing for its breaker to learn. */
    private static void release(FilterContext context) {
        BreakerCall call = context.breakerCall();
        if (call != null) {
            call.released();
        }
    }

}
