package dev.portcullis.gateway.filter.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import java.util.List;

/**
 * Prunes the server capabilities of an {@code initialize} result: a capability is dropped when every method that
 * uses it is denied to the caller by method rules ({@code tools} when both {@code tools/list} and
 * {@code tools/call} are, and so on). A result that is not an object, or whose {@code capabilities} is not one, is
 * unfilterable; a result without capabilities is left alone.
 */
final class CapabilityRewrite implements ResponseRewrite {

    static final String UNFILTERABLE = "initialize response could not be filtered";

    private record Capability(String name, List<String> methods) {
    }

    private static final List<Capability> CAPABILITIES = List.of(
            new Capability("tools", List.of("tools/list", "tools/call")),
            new Capability("prompts", List.of("prompts/list", "prompts/get")),
            new Capability("resources", List.of("resources/list", "resources/read")),
            new Capability("completions", List.of("completion/complete")),
            new Capability("logging", List.of("logging/setLevel")));

    private final CallerAccess access;

    CapabilityRewrite(CallerAccess access) {
        this.access = access;
    }

    @Override
    public String unfilterableMessage() {
        return UNFILTERABLE;
    }

    @Override
    public Outcome rewrite(JsonNode result) {
        if (!(result instanceof ObjectNode object)) {
            return new Outcome.Unfilterable(UNFILTERABLE);
        }
        JsonNode capabilities = object.get("capabilities");
        if (capabilities == null) {
            return new Outcome.Rewritten(object);
        }
        if (!(capabilities instanceof ObjectNode declared)) {
            return new Outcome.Unfilterable(UNFILTERABLE);
        }
        for (Capability capability : CAPABILITIES) {
            if (declared.has(capability.name()) && capability.methods().stream().noneMatch(access::allowsMethod)) {
                declared.remove(capability.name());
            }
        }
        return new Outcome.Rewritten(object);
    }
}
