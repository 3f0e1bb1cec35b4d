package dev.portcullis.gateway.filter.acl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.filter.UpstreamSession;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.runtime.access.AccessDecision;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.text.LogText;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

/**
 * Governs what the upstream sends the agent on a stream (a POST's SSE answer, the GET stream, a
 * {@code subscriptions/listen} stream): {@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list} or any other JSON-RPC request is checked against the caller's
 * method rules ({@link CallerAccess#allowsMethod}: the proxy's {@code operations} allow/block and the policies'
 * {@code jsonRpcMethodsAccessRights}). A denied one never reaches the agent: the upstream gets a JSON-RPC error
 * -32002 in its place, in the agent's session, and the denial is counted and logged (one line: proxy, consumer,
 * method cut to {@value #MAX_LOGGED_METHOD} printable characters). Notifications about primitives the caller may
 * not see (a {@code notifications/resources/updated} for a resource it may not read, a {@code list_changed} for a
 * list it may not ask for) are dropped without an answer, and so is a JSON-RPC batch (an array), which no MCP
 * revision allows and whose contents could not be governed one by one. Answers and everything else pass.
 *
 * <p>Only applies when the caller's method or resource rules can deny something; the stream is then governed: an
 * event too large to read ends it (failing closed). A dropped SSE event that carried an {@code id} leaves an event
 * with that id and no data, so the agent's last event id moves past it.
 */
public final class ServerRequestFilter implements McpFilter {

    static final GatewayError DENIED = AccessErrors.denied("method_not_allowed", "denied by policy");

    private static final Logger LOG = Logger.getLogger(ServerRequestFilter.class);
    private static final int MAX_LOGGED_METHOD = 128;


    @Override
    public boolean appliesTo(FilterContext context) {
        CallerAccess access = CallerAccessLookup.of(context);
        return access.restrictsMethods() || access.restrictsResources();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (response.framing() != McpResponse.Framing.WHOLE) {
            response.readMessages(McpResponse.Reading.GOVERN);
        }
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        UpstreamMessage.Kind kind = message.kind();
        if (kind == UpstreamMessage.Kind.REQUEST) {
            String method = message.method();
            if (!CallerAccessLookup.of(context).allowsMethod(method)) {
                message.drop();
                denied(message.json().get("id"), method, context);
            }
        } else if (kind == UpstreamMessage.Kind.BATCH) {
            // No MCP revision allows batches; what one holds could not be governed message by message.
            message.drop();
            LOG.infof("JSON-RPC batch from the upstream dropped: proxy=%s", context.proxy().id());
        } else if (kind == UpstreamMessage.Kind.NOTIFICATION
                && hidden(CallerAccessLookup.of(context), message.method(), message.json().get("params"))) {
            message.drop();
        }
    }

    private static void denied(JsonNode id, String method, FilterContext context) {
        ConsumerIdentity consumer = context.consumer();
        LOG.infof("server request denied: proxy=%s consumer=%s method=%s", context.proxy().id(),
                consumer == null ? "-" : consumer.id(), LogText.printable(method, MAX_LOGGED_METHOD));
        RequestObservation observation = context.observation();
        if (observation != null) {
            observation.serverRequestDenied(method);
        }
        UpstreamSession session = context.upstreamSession();
        if (session != null) {
            session.answer(id, DENIED);
        }
    }

    /**
     * A notification about primitives the caller may not see: {@code notifications/resources/updated} for a
     * resource it may not read, or a {@code list_changed} notification for a list it may not ask for. Other
     * notifications (progress, logging, cancellation, ...) are not about a primitive and pass.
     */
    static boolean hidden(CallerAccess access, String method, JsonNode params) {
        return switch (method) {
            case "notifications/resources/updated" -> {
                JsonNode uri = params == null ? null : params.get("uri");
                yield uri != null && uri.isTextual() && access.check("resources/read", PrimitiveType.RESOURCE,
                        uri.textValue()) instanceof AccessDecision.Denied;
            }
            case "notifications/tools/list_changed" -> !access.allowsMethod("tools/list");
            case "notifications/prompts/list_changed" -> !access.allowsMethod("prompts/list");
            case "notifications/resources/list_changed" -> !access.allowsMethod("resources/list");
            default -> false;
        };
    }
}
