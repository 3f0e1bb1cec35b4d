package dev.portcullis.gateway.filter.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.runtime.access.CallerAccess;

/**
 * Filters answers replayed on a resumed GET stream, whose requests are not known: a result is treated by its
 * shape, each list array it holds ({@code tools}, {@code prompts}, {@code resources}, {@code resourceTemplates})
 * filtered as that list, and an initialize result ({@code capabilities} with {@code protocolVersion}) pruned.
 * Results of other shapes pass unchanged.
 */
record ReplayRewrite(CallerAccess access, KnownPrimitives known, String proxyId) implements ResponseRewrite {

    @Override
    public Outcome rewrite(JsonNode result) {
        if (!(result instanceof ObjectNode object)) {
            return new Outcome.Rewritten(result);
        }
        for (ListKind kind : ListKind.values()) {
            if (object.has(kind.arrayField)) {
                Outcome outcome = new ListRewrite(kind, access, known, proxyId).rewrite(object);
                if (outcome instanceof Outcome.Unfilterable) {
                    return outcome;
                }
            }
        }
        if (object.has("capabilities") && object.has("protocolVersion")) {
            return new CapabilityRewrite(access).rewrite(object);
        }
        return new Outcome.Rewritten(object);
    }
}
