package dev.portcullis.gateway.filter.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.DeclaredParams;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.runtime.access.McpNames;

/**
 * Keeps in a list result only the items the caller could call: exactly the decision the access-control filter
 * would take on the matching call, so an agent never sees what it cannot call and can call all it sees. Items
 * without a string name, and tools or prompts whose names break the MCP name rule (they could not be called
 * through the gateway), are dropped. Every other field, {@code nextCursor} included, is kept as it is. A result
 * without the list array is unfilterable.
 *
 * <p>Every announced name (before filtering: the upstream's list, not the caller's view) is also remembered in the
 * gateway's {@link KnownPrimitives}, so metrics can label calls to it by name, with, for tools, the arguments their
 * input schema asks clients to mirror into {@code Mcp-Param-*} headers. Resource templates are not: calls name
 * concrete URIs.
 */
record ListRewrite(ListKind kind, CallerAccess access, KnownPrimitives known, String proxyId) implements ResponseRewrite {

    static final String UNFILTERABLE = "list response could not be filtered";

    @Override
    public String unfilterableMessage() {
        return UNFILTERABLE;
    }

    @Override
    public Outcome rewrite(JsonNode result) {
        if (!(result instanceof ObjectNode object) || !(object.get(kind.arrayField) instanceof ArrayNode items)) {
            return new Outcome.Unfilterable(UNFILTERABLE);
        }
        ArrayNode kept = object.arrayNode(items.size());
        boolean learn = kind != ListKind.RESOURCE_TEMPLATES;
        for (JsonNode item : items) {
            JsonNode name = item.get(kind.nameField);
            if (learn && name != null && name.isTextual()) {
                known.learn(proxyId, kind.type, name.textValue());
                if (kind.type == PrimitiveType.TOOL) {
                    known.learnParams(proxyId, name.textValue(), DeclaredParams.of(item.get("inputSchema")));
                }
            }
            if (visible(item)) {
                kept.add(item);
            }
        }
        object.set(kind.arrayField, kept);
        return new Outcome.Rewritten(object);
    }

    private boolean visible(JsonNode item) {
        JsonNode nameNode = item.get(kind.nameField);
        if (!item.isObject() || nameNode == null || !nameNode.isTextual()) {
            return false;
        }
        String name = nameNode.textValue();
        if (kind.type != PrimitiveType.RESOURCE && !McpNames.isValid(name)) {
            return false;
        }
        return access.check(kind.callMethod, kind.type, name).allowed();
    }
}
