package dev.portcullis.gateway.filter.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import java.util.Iterator;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Removes from an {@code input_required} result ({@code "resultType": "input_required"}) each
 * {@code inputRequests} entry whose {@code method} the caller's method rules deny, so the agent is never asked
 * for it; each removal is logged on one line (proxy, consumer, method cut to 128 characters). Every other
 * result, and the rest of this one ({@code requestState} included), passes unchanged. An entry without a string
 * {@code method} is not a request the agent could serve and is removed too.
 */
final class InputRequiredRewrite implements ResponseRewrite {

    private static final Logger LOG = Logger.getLogger(InputRequiredRewrite.class);
    private static final int MAX_LOGGED_METHOD = 128;

    private final CallerAccess access;
    private final String proxyId;
    private final String consumerId;

    InputRequiredRewrite(CallerAccess access, String proxyId, String consumerId) {
        this.access = access;
        this.proxyId = proxyId;
        this.consumerId = consumerId;
    }

    @Override
    public Outcome rewrite(JsonNode result) {
        if (result instanceof ObjectNode object && "input_required".equals(object.path("resultType").asText())
                && object.get("inputRequests") instanceof ObjectNode requests) {
            Iterator<Map.Entry<String, JsonNode>> entries = requests.fields();
            while (entries.hasNext()) {
                JsonNode method = entries.next().getValue().get("method");
                if (method == null || !method.isTextual() || !access.allowsMethod(method.textValue())) {
                    entries.remove();
                    LOG.infof("server request denied: proxy=%s consumer=%s method=%s", proxyId, consumerId,
                            method == null ? "-" : bounded(method.asText()));
                }
            }
        }
        return new Outcome.Rewritten(result);
    }

    @Override
    public String unfilterableMessage() {
        return "response could not be checked for input requests";
    }

    private static String bounded(String method) {
        String cut = method.length() <= MAX_LOGGED_METHOD ? method : method.substring(0, MAX_LOGGED_METHOD) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) || Character.isWhitespace(c) ? '?' : c);
        }
        return out.toString();
    }
}
