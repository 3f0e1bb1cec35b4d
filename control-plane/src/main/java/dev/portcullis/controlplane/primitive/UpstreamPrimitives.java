package dev.portcullis.controlplane.primitive;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What an upstream MCP server advertises: the answer of {@code GET /api/mcps/{id}/primitives}. For a virtual server,
 * what its members advertise, under the names the virtual server presents ({@link VirtualPrimitives}).
 *
 * @param endpoint the MCP endpoint that was asked (no credentials in it); null for a virtual server
 * @param members  for a virtual server, each member proxy and whether it could be asked; empty for a proxy
 */
public record UpstreamPrimitives(String endpoint, List<Named> tools, List<Named> prompts, List<Resource> resources,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MemberListing> members) {

    public UpstreamPrimitives {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** What a proxy's upstream advertises. */
    public UpstreamPrimitives(String endpoint, List<Named> tools, List<Named> prompts, List<Resource> resources) {
        this(endpoint, tools, prompts, resources, List.of());
    }

    /**
     * A tool or prompt; {@code description} is null when the server gives none. On a virtual server, {@code name} is
     * the name it presents and {@code member} the member proxy that serves it (absent for a proxy).
     */
    public record Named(String name, String description,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String member) {

        public Named(String name, String description) {
            this(name, description, null);
        }
    }

    /** A resource; {@code name} is null when the server gives none; {@code member} as for {@link Named}. */
    public record Resource(String uri, String name, @JsonInclude(JsonInclude.Include.NON_NULL) String member) {

        public Resource(String uri, String name) {
            this(uri, name, null);
        }
    }

    /** One member of a virtual server: {@code listed} is false when it could not be asked (left out). */
    public record MemberListing(String proxy, boolean listed) {
    }
}
