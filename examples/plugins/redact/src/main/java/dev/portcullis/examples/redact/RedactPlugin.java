package dev.portcullis.examples.redact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Edits answers: every match of a pattern in the string values of a {@code tools/call}, {@code resources/read} or
 * {@code prompts/get} result is replaced before the agent sees it (e-mail addresses by default). Config:
 *
 * <pre>{"pattern": "[0-9]{4}-[0-9]{4}", "replacement": "[card]"}</pre>
 *
 * <p>{@code pattern} (a Java regular expression, at most 1000 characters) defaults to e-mail addresses;
 * {@code replacement} (literal text, at most 200 characters) to {@code [redacted]}. The pattern is compiled once,
 * when the configuration is applied. No other member is accepted.
 */
public final class RedactPlugin implements GatewayPlugin {

    static final String EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
    static final String DEFAULT_REPLACEMENT = "[redacted]";

    @Override
    public String name() {
        return "redact";
    }

    @Override
    public List<String> validate(JsonNode config) {
        List<String> problems = new ArrayList<>();
        config.fieldNames().forEachRemaining(field -> {
            if (!field.equals("pattern") && !field.equals("replacement")) {
                problems.add("unknown member " + field + " (expected pattern, replacement)");
            }
        });
        JsonNode pattern = config.get("pattern");
        if (pattern != null) {
            if (!pattern.isTextual() || pattern.textValue().isEmpty() || pattern.textValue().length() > 1000) {
                problems.add("pattern must be a regular expression of 1 to 1000 characters");
            } else {
                try {
                    Pattern.compile(pattern.textValue());
                } catch (PatternSyntaxException e) {
                    problems.add("pattern is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        JsonNode replacement = config.get("replacement");
        if (replacement != null && !(replacement.isTextual() && replacement.textValue().length() <= 200)) {
            problems.add("replacement must be text of at most 200 characters");
        }
        return problems;
    }

    @Override
    public PluginFilter create(JsonNode config) {
        return new Redaction(Pattern.compile(config.path("pattern").asText(EMAIL)),
                config.path("replacement").asText(DEFAULT_REPLACEMENT));
    }
}
