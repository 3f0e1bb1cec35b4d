package dev.portcullis.examples.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.PluginRequest;
import dev.portcullis.plugin.ResponseMessage;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every match of its pattern in the string values of an answer's {@code result}, at any depth (text
 * content, structured content, resource contents, prompt messages). Member names are left alone. A result with no
 * match is not touched, so its bytes pass unchanged. Stateless: safe on every event loop.
 */
final class Redaction implements PluginFilter {

    private static final Set<String> METHODS = Set.of("tools/call", "resources/read", "prompts/get");

    private final Pattern pattern;
    private final String replacement;

    Redaction(Pattern pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = Matcher.quoteReplacement(replacement);
    }

    @Override
    public boolean readsResponses(PluginRequest request) {
        return METHODS.contains(request.method());
    }

    @Override
    public void onResponseMessage(PluginRequest request, ResponseMessage message) {
        JsonNode json = message.json();
        if (!message.answersRequest() || json == null || !json.has("result") || !matches(json.get("result"))) {
            return;
        }
        JsonNode result = message.edit().get("result");
        if (result.isTextual()) {
            message.edit().put("result", redact(result.textValue()));
        } else {
            redactIn(result);
        }
    }

    private boolean matches(JsonNode node) {
        if (node.isTextual()) {
            return pattern.matcher(node.textValue()).find();
        }
        for (JsonNode child : node) {
            if (matches(child)) {
                return true;
            }
        }
        return false;
    }

    private void redactIn(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(redact(field.getValue().textValue())));
                } else {
                    redactIn(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(redact(array.get(i).textValue())));
                } else {
                    redactIn(array.get(i));
                }
            }
        }
    }

    private String redact(String text) {
        return pattern.matcher(text).replaceAll(replacement);
    }
}
