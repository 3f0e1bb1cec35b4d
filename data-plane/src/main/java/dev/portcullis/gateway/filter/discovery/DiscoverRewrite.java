package dev.portcullis.gateway.filter.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters a {@code server/discover} result (MCP 2026-07-28) like an {@code initialize} result, and more: the
 * capabilities whose methods are all denied to the caller are removed ({@link CapabilityRewrite}), and any
 * primitive list the result carries ({@code tools}, {@code prompts}, {@code resources},
 * {@code resourceTemplates}) is filtered like the answer of its list method ({@link ListRewrite}). Fail closed: a
 * result that is not an object, or whose capabilities or lists have an unexpected shape, is unfilterable.
 */
record DiscoverRewrite(CallerAccess access, KnownPrimitives known, String proxyId) implements ResponseRewrite {

    static final String UNFILTERABLE = "server/discover response could not be filtered";

    @Override
    public String unfilterableMessage() {
        return UNFILTERABLE;
    }

    @Override
    public Outcome rewrite(JsonNode result) {
        if (!(result instanceof ObjectNode object)
                || new CapabilityRewrite(access).rewrite(object) instanceof Outcome.Unfilterable) {
            return new Outcome.Unfilterable(UNFILTERABLE);
        }
        for (ListKind kind : ListKind.values()) {
            if (object.has(kind.arrayField)
                    && new ListRewrite(kind, access, known, proxyId).rewrite(object) instanceof Outcome.Unfilterable) {
                return new Outcome.Unfilterable(UNFILTERABLE);
            }
        }
        learnVersions(object.get("supportedVersions"));
        return new Outcome.Rewritten(object);
    }

    private void learnVersions(JsonNode announced) {
        if (announced != null && announced.isArray()) {
            List<String> versions = new ArrayList<>();
            announced.forEach(version -> {
                if (version.isTextual()) {
                    versions.add(version.asText());
                }
            });
            known.learnVersions(proxyId, versions);
        }
    }
}
