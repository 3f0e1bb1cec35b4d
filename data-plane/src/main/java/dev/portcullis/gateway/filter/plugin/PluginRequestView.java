package dev.portcullis.gateway.filter.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.plugin.PluginRequest;
import io.vertx.core.MultiMap;

/**
 * What operator plugins see of one request: the typed context read live (the consumer appears once authentication
 * ran), the parsed params, the agent's headers, and the headers going upstream. Made once per request by the first
 * plugin step; event-loop confined like the context.
 */
public final class PluginRequestView implements PluginRequest {

    private final FilterContext context;
    private final JsonNode params;
    private final MultiMap agentHeaders;
    private final MultiMap upstreamHeaders;

    PluginRequestView(FilterContext context, JsonNode params, MultiMap agentHeaders, MultiMap upstreamHeaders) {
        this.context = context;
        this.params = params;
        this.agentHeaders = agentHeaders;
        this.upstreamHeaders = upstreamHeaders;
    }

    @Override
    public String proxyId() {
        return context.proxy().id();
    }

    @Override
    public String method() {
        return context.route().method();
    }

    @Override
    public String primitiveType() {
        PrimitiveType type = context.route().primitiveType();
        return type == PrimitiveType.NONE ? null : type.label();
    }

    @Override
    public String primitiveName() {
        return context.route().primitiveName();
    }

    @Override
    public JsonNode id() {
        return context.route().id();
    }

    @Override
    public JsonNode params() {
        return params;
    }

    @Override
    public String protocolVersion() {
        return context.route().revision().version();
    }

    @Override
    public String consumerId() {
        ConsumerIdentity consumer = context.consumer();
        return consumer == null ? null : consumer.id();
    }

    @Override
    public String consumerAlias() {
        ConsumerIdentity consumer = context.consumer();
        return consumer == null ? null : consumer.alias();
    }

    @Override
    public String header(String name) {
        return agentHeaders.get(name);
    }

    @Override
    public void setUpstreamHeader(String name, String value) {
        upstreamHeaders.set(name, value);
    }

    @Override
    public void removeUpstreamHeader(String name) {
        upstreamHeaders.remove(name);
    }
}
