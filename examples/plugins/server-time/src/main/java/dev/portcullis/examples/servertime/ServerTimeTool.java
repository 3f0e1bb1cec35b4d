package dev.portcullis.examples.servertime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.PluginRequest;
import dev.portcullis.plugin.RequestOutcome;
import dev.portcullis.plugin.ResponseMessage;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Answers {@code tools/call} of its tool with the time of its clock, and appends the tool to the first page of
 * {@code tools/list} answers (unless the upstream has a tool of that name). Stateless: safe on every event loop.
 */
final class ServerTimeTool implements PluginFilter {

    private final String tool;
    private final Clock clock;
    /** Built once: every list answer gets a copy. */
    private final ObjectNode definition;

    ServerTimeTool(String tool, Clock clock) {
        this.tool = tool;
        this.clock = clock;
        this.definition = JsonNodeFactory.instance.objectNode();
        definition.put("name", tool);
        definition.put("title", "Server time");
        definition.put("description", "The current date and time at the gateway, in " + clock.getZone() + ".");
        ObjectNode input = definition.putObject("inputSchema");
        input.put("type", "object");
        input.putObject("properties");
        ObjectNode output = definition.putObject("outputSchema");
        output.put("type", "object");
        ObjectNode properties = output.putObject("properties");
        properties.putObject("time").put("type", "string");
        properties.putObject("zone").put("type", "string");
        output.putArray("required").add("time").add("zone");
    }

    @Override
    public RequestOutcome onRequest(PluginRequest request) {
        if (!"tools/call".equals(request.method()) || !tool.equals(request.primitiveName())) {
            return RequestOutcome.proceed();
        }
        String time = ZonedDateTime.now(clock).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", time);
        result.putObject("structuredContent").put("time", time).put("zone", clock.getZone().getId());
        result.put("isError", false);
        return RequestOutcome.answer(result);
    }

    @Override
    public boolean readsResponses(PluginRequest request) {
        if (!"tools/list".equals(request.method())) {
            return false;
        }
        JsonNode params = request.params();
        return params == null || !params.hasNonNull("cursor");
    }

    @Override
    public void onResponseMessage(PluginRequest request, ResponseMessage message) {
        if (!message.answersRequest() || message.json() == null
                || !(message.json().path("result").get("tools") instanceof ArrayNode listed)) {
            return;
        }
        for (JsonNode listedTool : listed) {
            if (tool.equals(listedTool.path("name").asText(null))) {
                return;
            }
        }
        ((ArrayNode) message.edit().path("result").get("tools")).add(definition.deepCopy());
    }
}
