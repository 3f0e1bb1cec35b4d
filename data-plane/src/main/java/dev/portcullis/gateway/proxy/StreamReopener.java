package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.runtime.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reopens a GET stream whose upstream connection broke: the request it was opened with, to the same target, plus
 * {@code Last-Event-ID}, through the address guard. A connection that fails is tried again after
 * {@link #DELAYS_MS} (an upstream restarting, a pooled connection the break left behind); any answer but a 200
 * event stream (a 404: the upstream forgot the session) fails at once. One per event loop, sharing its client.
 */
final class StreamReopener {

    /** Waits before each new try. */
    static final long[] DELAYS_MS = {100, 400, 1500};

    private final Vertx vertx;
    private final HttpClient client;
    private final UpstreamAddressGuard guard;

    StreamReopener(Vertx vertx, HttpClient client, UpstreamAddressGuard guard) {
        this.vertx = vertx;
        this.client = client;
        this.guard = guard;
    }

    /** Thrown when the upstream answered but not with an event stream: not worth another try. */
    private static final class Refused extends Exception {
        Refused(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }

    /**
     * @param opened    the options the stream was first opened with (copied, not changed)
     * @param onRequest told of each upstream request made, so the caller can reset it if the agent goes away
     * @param agentGone true once the agent left: no more tries
     */
    Future<ResponseRelay.Continuation> reopen(UpstreamTarget address, RequestOptions opened, String lastEventId,
                                              Consumer<HttpClientRequest> onRequest, BooleanSupplier agentGone) {
        return attempt(address, opened, lastEventId, onRequest, agentGone, 0);
    }

    private Future<ResponseRelay.Continuation> attempt(UpstreamTarget address, RequestOptions opened,
                                                       String lastEventId, Consumer<HttpClientRequest> onRequest,
                                                       BooleanSupplier agentGone, int tries) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(opened.getHeaders());
        headers.set("Last-Event-ID", lastEventId);
        RequestOptions options = new RequestOptions(opened).setHeaders(headers);
        Future<ResponseRelay.Continuation> reopened = guard.admit(address)
                .compose(server -> {
                    if (server != null) {
                        options.setServer(server);
                    }
                    return client.request(options);
                })
                .compose(request -> {
                    onRequest.accept(request);
                    return request.send();
                })
                .compose(response -> {
                    String type = response.getHeader("Content-Type");
                    if (response.statusCode() == 200 && type != null
                            && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                        return Future.succeededFuture(
                                new ResponseRelay.Continuation(response, response.request()::reset));
                    }
                    response.request().reset();
                    return Future.failedFuture(new Refused(response.statusCode()));
                });
        if (tries >= DELAYS_MS.length) {
            return reopened;
        }
        return reopened.recover(failure -> {
            if (failure instanceof Refused || failure instanceof UpstreamAddressGuard.Refused
                    || agentGone.getAsBoolean()) {
                return Future.failedFuture(failure);
            }
            Promise<ResponseRelay.Continuation> later = Promise.promise();
            vertx.setTimer(DELAYS_MS[tries],
                    id -> attempt(address, opened, lastEventId, onRequest, agentGone, tries + 1).onComplete(later));
            return later.future();
        });
    }
}
