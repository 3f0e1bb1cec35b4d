package dev.portcullis.gateway.filter.circuit;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.request.BreakerSlot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;

/**
 * Refuses a request at once (503, -32004, {@code circuit_open}) while the circuit breaker of its primitive or
 * operation is open; otherwise admits it and leaves the admission in the context for the forwarder to settle with
 * the upstream's outcome; an answer that is a JSON-RPC -32603 error settles it as a failure here.
 *
 * <p>Must be the last filter of the chain: once a call is admitted nothing but the forwarder may end the request,
 * so every admission is settled (a half-open breaker waits for its one trial call).
 */
public record CircuitBreakerFilter(CircuitBreakers breakers) implements McpFilter {

    private static final int INTERNAL_ERROR = -32603;

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.settings().breaker() != null;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        BreakerSlot slot = context.settings().breaker();
        CompletableFuture<Breaker.Admission> admission = breakers.breaker(slot).tryAcquire();
        if (admission.isDone()) {
            return Future.succeededFuture(decide(admission.join(), context));
        }
        Context caller = Vertx.currentContext();
        Promise<FilterResult> promise = Promise.promise();
        admission.whenComplete((done, error) -> {
            Runnable complete = () -> {
                if (error != null) {
                    promise.fail(error);
                } else {
                    promise.complete(decide(done, context));
                }
            };
            if (caller == null || Vertx.currentContext() == caller) {
                complete.run();
            } else {
                caller.runOnContext(v -> complete.run());
            }
        });
        return promise.future();
    }

    /** The answer is read, when it can be, for a JSON-RPC -32603 (internal error): a failure of the upstream. */
    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        response.readMessages(McpResponse.Reading.OBSERVE);
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        BreakerCall call = context.breakerCall();
        if (call != null && message.answersRequest() && Integer.valueOf(INTERNAL_ERROR).equals(message.errorCode())) {
            call.failed();
        }
    }

    private static FilterResult decide(Breaker.Admission admission, FilterContext context) {
        if (admission instanceof Breaker.Admission.Admitted admitted) {
            context.admitBreakerCall(admitted.call());
            return FilterResult.CONTINUE;
        }
        return new FilterResult.Reject(GatewayErrors.circuitOpen());
    }
}
