package dev.portcullis.model.policy;

import dev.portcullis.model.validation.Violations;

/** Name patterns per MCP primitive category; resources match URIs. Absent categories allow everything. */
public record McpAccessRights(AccessList tools, AccessList resources, AccessList prompts) {

    public static final McpAccessRights ANY = new McpAccessRights(null, null, null);

    public McpAccessRights {
        tools = AccessList.orAny(tools);
        resources = AccessList.orAny(resources);
        prompts = AccessList.orAny(prompts);
    }

    public void validate(Violations at) {
        tools.validate(at.at("tools"));
        resources.validate(at.at("resources"));
        prompts.validate(at.at("prompts"));
    }
}
