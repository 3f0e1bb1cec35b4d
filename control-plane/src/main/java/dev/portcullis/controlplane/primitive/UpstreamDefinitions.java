package dev.portcullis.controlplane.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What an upstream lists, item by item as its list answers hold them: tools, prompts and resource templates. */
public record UpstreamDefinitions(List<JsonNode> tools, List<JsonNode> prompts, List<JsonNode> resourceTemplates) {

    public UpstreamDefinitions {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resourceTemplates = List.copyOf(resourceTemplates);
    }
}
