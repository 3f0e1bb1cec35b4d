package dev.portcullis.gateway.filter.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.runtime.ProxyPlugins;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import dev.portcullis.model.proxy.PluginEntry;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.RequestOutcome;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/**
 * Runs the operator plugins of one placement ({@code beforeAuth}, {@code afterAuth}, {@code response}) for JSON-RPC
 * requests: their request hooks forward in order (proxy-wide, operation, primitive), until one answers or refuses;
 * on the way back their response hooks, backward, over each message of the answer (upstream's or local). A plugin
 * that reads responses makes the answer governed: an answer that cannot be read reaches the agent as a -32603
 * error, never unedited, and the upstream is asked for an uncompressed body.
 */
public final class PluginStep implements McpFilter {

    /** A plugin's text in an error is cut here: it reaches agents and logs. */
    private static final int MAX_MESSAGE = 300;

    private final String placement;
    private final boolean requestHooks;

    public PluginStep(String placement) {
        this.placement = placement;
        this.requestHooks = !PluginEntry.RESPONSE.equals(placement);
    }

    @Override
    public String name() {
        return "plugins-" + placement;
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        ProxyPlugins plugins = context.proxy().plugins();
        return !plugins.isEmpty() && context.route().kind() == MessageKind.REQUEST
                && !plugins.at(context.route(), placement).isEmpty();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        PluginRequestView view = view(exchange, context);
        List<ProxyPlugins.Placed> filters = context.proxy().plugins().at(context.route(), placement);
        boolean readsResponses = false;
        for (ProxyPlugins.Placed placed : filters) {
            readsResponses |= placed.filter().readsResponses(view);
        }
        if (readsResponses) {
            exchange.upstreamHeaders().remove("Accept-Encoding");
        }
        if (!requestHooks) {
            return FilterResult.proceed();
        }
        for (ProxyPlugins.Placed placed : filters) {
            RequestOutcome outcome = placed.filter().onRequest(view);
            if (outcome == null) {
                throw new IllegalStateException("plugin " + placed.name() + " returned no outcome");
            }
            if (!(outcome instanceof RequestOutcome.Proceed)) {
                return Future.succeededFuture(ended(outcome, placed.name(), context));
            }
        }
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        PluginRequestView view = context.pluginRequest();
        for (ProxyPlugins.Placed placed : context.proxy().plugins().at(context.route(), placement)) {
            if (placed.filter().readsResponses(view)) {
                response.readMessages(McpResponse.Reading.GOVERN);
                return;
            }
        }
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        PluginRequestView view = context.pluginRequest();
        List<ProxyPlugins.Placed> filters = context.proxy().plugins().at(context.route(), placement);
        PluginMessageView shown = null;
        for (int i = filters.size() - 1; i >= 0; i--) {
            PluginFilter filter = filters.get(i).filter();
            if (filter.readsResponses(view)) {
                shown = shown == null ? new PluginMessageView(message) : shown;
                filter.onResponseMessage(view, shown);
            }
        }
    }

    private static PluginRequestView view(McpExchange exchange, FilterContext context) {
        PluginRequestView view = context.pluginRequest();
        if (view == null) {
            JsonNode params = exchange.message().orElse(null) instanceof JsonRpcMessage.Request request
                    ? request.params() : null;
            view = new PluginRequestView(context, params, exchange.request().headers(), exchange.upstreamHeaders());
            context.pluginRequest(view);
        }
        return view;
    }

    private static FilterResult ended(RequestOutcome outcome, String plugin, FilterContext context) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", context.route().id());
        if (outcome instanceof RequestOutcome.Refuse refuse) {
            return new FilterResult.Reject(new GatewayError(refuse.status(), refuse.code(), bounded(refuse.message()),
                    "plugin_refused"));
        }
        if (outcome instanceof RequestOutcome.Answer local) {
            answer.set("result", local.result());
        } else if (outcome instanceof RequestOutcome.Error error) {
            answer.putObject("error").put("code", error.code()).put("message", bounded(error.message()));
        } else {
            throw new IllegalStateException("plugin " + plugin + " gave an unknown outcome");
        }
        return new FilterResult.Respond(200, Map.of("Content-Type", "application/json"),
                Buffer.buffer(Json.write(answer)));
    }

    private static String bounded(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE);
    }
}
