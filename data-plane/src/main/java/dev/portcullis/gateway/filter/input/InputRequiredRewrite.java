package dev.portcullis.gateway.filter.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.runtime.SessionKeyRing;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.text.LogText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Removes from an {@code input_required} result ({@code "resultType": "input_required"}) each
 * {@code inputRequests} entry whose {@code method} the caller's method rules deny, so the agent is never asked
 * for it; each removal is counted ({@code onDenied}, with the method) and logged on one line (proxy, consumer,
 * method cut to 128 characters). An entry without a string {@code method} is not a request the agent could serve
 * and is removed too. When anything was removed, the {@code requestState} becomes a {@link SealedRequestState}
 * holding the upstream's state and the removed keys, so that on the agent's retry the gateway can hand the upstream
 * its own state back with a -32002 error for each removed request. Every other result, and the rest of this one,
 * passes unchanged; a result whose state cannot be sealed (not a string, too long) is unfilterable.
 *
 * @param consumer who receives the result, as the session binding names consumers (sealed and logged)
 * @param request  the request the result answers ({@link SealedRequestState#request()}, sealed)
 * @param onDenied told the method of each removed request (the denial metric)
 */
record InputRequiredRewrite(CallerAccess access, SessionKeyRing ring, String proxyId, String consumer, String request,
                            Consumer<String> onDenied) implements ResponseRewrite {

    private static final Logger LOG = Logger.getLogger(InputRequiredRewrite.class);
    private static final int MAX_LOGGED_METHOD = 128;

    @Override
    public Outcome rewrite(JsonNode result) {
        if (!(result instanceof ObjectNode object) || !"input_required".equals(object.path("resultType").asText())
                || !(object.get("inputRequests") instanceof ObjectNode requests)) {
            return new Outcome.Rewritten(result);
        }
        List<String> denied = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = requests.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode method = entry.getValue().get("method");
            if (method == null || !method.isTextual() || !access.allowsMethod(method.textValue())) {
                entries.remove();
                denied.add(entry.getKey());
                String named = method == null || !method.isTextual() ? "" : method.textValue();
                LOG.infof("server request denied: proxy=%s consumer=%s method=%s", proxyId, consumer,
                        named.isEmpty() ? "-" : LogText.printable(named, MAX_LOGGED_METHOD));
                onDenied.accept(named);
            }
        }
        if (denied.isEmpty()) {
            return new Outcome.Rewritten(result);
        }
        JsonNode state = object.get("requestState");
        if (state != null && !state.isTextual()) {
            return new Outcome.Unfilterable(unfilterableMessage());
        }
        try {
            object.put("requestState", new SealedRequestState(proxyId, consumer, request,
                    state == null ? null : state.textValue(), denied).seal(ring));
        } catch (IllegalArgumentException e) {
            return new Outcome.Unfilterable(unfilterableMessage());
        }
        return new Outcome.Rewritten(result);
    }

    @Override
    public String unfilterableMessage() {
        return "response could not be checked for input requests";
    }
}
