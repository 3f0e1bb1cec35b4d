package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * The MCP server behind a proxy. The part of the agent's path after the listen path is appended to {@code url}.
 *
 * @param targets         extra upstream URLs to balance across (with {@code url}); empty = just {@code url}
 * @param sessionAffinity keep an MCP session on the target that created it (default true)
 * @param timeoutMs       per request, default {@value #DEFAULT_TIMEOUT_MS}
 */
public record Upstream(String url, List<String> targets, Boolean sessionAffinity,
                       UpstreamAuthentication authentication, Integer timeoutMs) {

    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    public Upstream {
        targets = Immutable.list(targets);
        sessionAffinity = sessionAffinity == null ? Boolean.TRUE : sessionAffinity;
        authentication = authentication == null ? UpstreamAuthentication.NONE : authentication;
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    public void validate(Violations at) {
        FieldRules.httpUrl(at.at("url"), url);
        FieldRules.httpUrls(at.at("targets"), targets);
        authentication.validate(at.at("authentication"));
        FieldRules.positive(at.at("timeoutMs"), timeoutMs);
    }
}
