package dev.portcullis.model.proxy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.template.TemplateRules;
import dev.portcullis.model.validation.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One declarative change to a call's {@code params.arguments} before it goes upstream ({@code transformRequestBody}
 * on a tool, a prompt, or the {@code tools/call} / {@code prompts/get} operation). Paths are JSON Pointers
 * (RFC 6901) relative to {@code params.arguments} and address object members only.
 *
 * <ul>
 *   <li>{@code set}: {@code path} becomes {@code value}, replacing what the agent sent (missing objects on the way
 *       are created);</li>
 *   <li>{@code default}: {@code path} becomes {@code value} only when it is absent or null;</li>
 *   <li>{@code remove}: {@code path} is removed when present;</li>
 *   <li>{@code rename}: the member at {@code from} moves to {@code path} (replacing it) when present.</li>
 * </ul>
 * A string {@code value} is a template: context variables ({@code ${consumer.alias}}) are filled in per request.
 * Bounds: {@value #MAX_DEPTH} path segments, {@value #MAX_VALUE_BYTES} bytes of JSON per value.
 *
 * @param value JSON (any type) for {@code set} and {@code default}; Java null when absent, JSON null is a value.
 *              Shared and mutable by nature of {@link JsonNode}: treat as read-only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BodyEdit(String op, String path, String from, JsonNode value) {

    public static final int MAX_EDITS = 32;
    public static final int MAX_DEPTH = 8;
    public static final int MAX_SEGMENT = 256;
    public static final int MAX_VALUE_BYTES = 8192;
    public static final Set<String> OPS = Set.of("set", "default", "remove", "rename");

    public BodyEdit {
        value = value == null || value.isMissingNode() ? null : value.deepCopy();
    }

    /** The member names {@code pointer} walks through; throws {@link IllegalArgumentException} when malformed. */
    public static List<String> segments(String pointer) {
        if (pointer == null || !pointer.startsWith("/")) {
            throw new IllegalArgumentException("must be a JSON Pointer starting with '/' (relative to"
                    + " params.arguments)");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("must not have an empty segment");
            }
            if (raw.length() > MAX_SEGMENT) {
                throw new IllegalArgumentException("segments must be at most " + MAX_SEGMENT + " characters");
            }
            StringBuilder segment = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '~') {
                    segment.append(c);
                } else if (i + 1 < raw.length() && (raw.charAt(i + 1) == '0' || raw.charAt(i + 1) == '1')) {
                    segment.append(raw.charAt(++i) == '0' ? '~' : '/');
                } else {
                    throw new IllegalArgumentException("'~' must be written ~0 ('/' is ~1)");
                }
            }
            segments.add(segment.toString());
            if (segments.size() > MAX_DEPTH) {
                throw new IllegalArgumentException("must have at most " + MAX_DEPTH + " segments");
            }
        }
        return segments;
    }

    @JsonIgnore
    public boolean takesValue() {
        return "set".equals(op) || "default".equals(op);
    }

    public void validate(Violations at) {
        if (op == null || !OPS.contains(op)) {
            at.add("op", "must be one of set, default, remove, rename");
            return;
        }
        List<String> target = pointer(at.at("path"), path);
        if (takesValue()) {
            validateValue(at.at("value"));
        } else if (value != null) {
            at.add("value", "is not used by " + op);
        }
        if ("rename".equals(op)) {
            List<String> source = pointer(at.at("from"), from);
            if (source != null && target != null && (startsWith(source, target) || startsWith(target, source))) {
                at.add("from", "must not be path, nor inside it, nor contain it");
            }
        } else if (from != null) {
            at.add("from", "is only used by rename");
        }
    }

    private void validateValue(Violations at) {
        if (value == null) {
            at.add("is required for " + op);
            return;
        }
        if (Json.write(value).length > MAX_VALUE_BYTES) {
            at.add("must be at most " + MAX_VALUE_BYTES + " bytes of JSON");
            return;
        }
        if (value.isTextual()) {
            TemplateRules.check(at, value.textValue(), false);
        }
    }

    private static List<String> pointer(Violations at, String pointer) {
        if (pointer == null) {
            at.add("is required");
            return null;
        }
        try {
            return segments(pointer);
        } catch (IllegalArgumentException e) {
            at.add(e.getMessage());
            return null;
        }
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
