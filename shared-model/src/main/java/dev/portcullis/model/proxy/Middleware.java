package dev.portcullis.model.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * Middleware attached to one tool, prompt, resource (prefix) or JSON-RPC method. Absent settings are null
 * ({@code rateLimit}, {@code circuitBreaker}, {@code timeoutMs}, {@code requestSizeLimit}, {@code mockResponse}:
 * inherit or off) or false/empty; the header transforms are never null.
 *
 * @param timeoutMs        overrides {@code upstream.timeoutMs} for this primitive; null = inherit
 * @param requestSizeLimit overrides {@code global.requestSizeLimit} (bytes); null = inherit
 * @param mockResponse     the JSON-RPC {@code result} returned without calling upstream; null = call upstream.
 *                         Shared and mutable by nature of {@link JsonNode}: treat as read-only.
 * @param transformRequestBody changes to {@code params.arguments} before the call goes upstream, in order; only on
 *                         tools, prompts and the {@code tools/call} and {@code prompts/get} operations. Never null.
 * @param plugins          operator plugins on this primitive or operation (docs/plugins.md); never null
 */
public record Middleware(
        boolean allow,
        boolean block,
        RateLimit rateLimit,
        CircuitBreaker circuitBreaker,
        Integer timeoutMs,
        Long requestSizeLimit,
        boolean ignoreAuthentication,
        HeaderTransform transformRequestHeaders,
        HeaderTransform transformResponseHeaders,
        boolean track,
        boolean doNotTrack,
        List<String> requiredScopes,
        JsonNode mockResponse,
        List<BodyEdit> transformRequestBody,
        List<PluginEntry> plugins) {

    public Middleware {
        plugins = Immutable.list(plugins);
        transformRequestHeaders = HeaderTransform.orNone(transformRequestHeaders);
        transformResponseHeaders = HeaderTransform.orNone(transformResponseHeaders);
        requiredScopes = Immutable.list(requiredScopes);
        mockResponse = mockResponse == null || mockResponse.isNull() || mockResponse.isMissingNode()
                ? null : mockResponse.deepCopy();
        transformRequestBody = Immutable.list(transformRequestBody);
    }

    /** Middleware that does nothing: what an entry written as {@code null} or {@code {}} means. */
    public static Middleware none() {
        return new Middleware(false, false, null, null, null, null, false, null, null, false, false, null, null, null, null);
    }

    public void validate(Violations at) {
        if (rateLimit != null) {
            rateLimit.validate(at.at("rateLimit"));
        }
        if (circuitBreaker != null) {
            circuitBreaker.validate(at.at("circuitBreaker"));
        }
        FieldRules.positive(at.at("timeoutMs"), timeoutMs);
        FieldRules.positive(at.at("requestSizeLimit"), requestSizeLimit);
        transformRequestHeaders.validate(at.at("transformRequestHeaders"), true);
        transformResponseHeaders.validate(at.at("transformResponseHeaders"), false);
        if (track && doNotTrack) {
            at.add("doNotTrack", "cannot be combined with track");
        }
        FieldRules.scopes(at.at("requiredScopes"), requiredScopes);
        validateBodyEdits(at.at("transformRequestBody"));
        PluginEntry.validate(at.at("plugins"), plugins);
    }

    private void validateBodyEdits(Violations at) {
        if (transformRequestBody.size() > BodyEdit.MAX_EDITS) {
            at.add("must have at most " + BodyEdit.MAX_EDITS + " edits");
            return;
        }
        for (int i = 0; i < transformRequestBody.size(); i++) {
            BodyEdit edit = transformRequestBody.get(i);
            if (edit == null) {
                at.index(i).add("must not be null");
            } else {
                edit.validate(at.index(i));
            }
        }
    }
}
