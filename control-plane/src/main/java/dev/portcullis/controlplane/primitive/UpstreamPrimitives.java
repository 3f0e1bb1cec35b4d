package dev.portcullis.controlplane.primitive;

import java.util.List;

/**
 * What an upstream MCP server advertises: the answer of {@code GET /api/mcps/{id}/primitives}.
 *
 * @param endpoint the MCP endpoint that was asked (no credentials in it)
 */
public record UpstreamPrimitives(String endpoint, List<Named> tools, List<Named> prompts, List<Resource> resources) {

    public UpstreamPrimitives {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
    }

    /** A tool or prompt; {@code description} is null when the server gives none. */
    public record Named(String name, String description) {
    }

    /** A resource; {@code name} is null when the server gives none. */
    public record Resource(String uri, String name) {
    }
}
