package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.request.MessageKind;
import io.vertx.core.Future;

/**
 * Records in the request's observation what the upstream answered (its JSON-RPC error code, and for a
 * {@code tools/call} whether the tool reported an error), for analytics, metrics and the access log. Reads the body
 * only as far as it can: a compressed body or an answer too large to hold passes unread, and nothing is recorded.
 */
public final class AnswerRecorder implements McpFilter {

    private static final String TOOLS_CALL = "tools/call";


    @Override
    public boolean appliesTo(FilterContext context) {
        return context.route().kind() == MessageKind.REQUEST && context.observation() != null;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        response.readMessages(McpResponse.Reading.OBSERVE);
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        if (message.answersRequest()) {
            RequestObservation observation = context.observation();
            observation.upstreamAnswer(message.errorCode(),
                    TOOLS_CALL.equals(context.route().method()) && message.isToolError());
        }
    }
}
