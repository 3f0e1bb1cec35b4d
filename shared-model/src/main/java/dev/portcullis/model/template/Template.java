package dev.portcullis.model.template;

import dev.portcullis.model.secret.SecretReferences;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A configured value with {@code ${...}} expressions: context variables ({@link ContextVariable}), filled in per
 * request, and {@code ${secret:name}} references, resolved once when a gateway applies its snapshot. {@code $${}
 * writes a literal {@code ${}. Parsed once (save time and snapshot time), never per request. Immutable.
 *
 * <p>Bounds: at most {@value #MAX_LENGTH} characters and {@value #MAX_VARIABLES} expressions.
 */
public record Template(List<Part> parts) {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_VARIABLES = 16;
    private static final String OPEN = "${";
    private static final String ESCAPED_OPEN = "$${";
    private static final String SECRET = "secret:";

    /** One piece of a template, in order. */
    public sealed interface Part {
        record Text(String text) implements Part {
        }

        record Secret(String name) implements Part {
        }

        record Variable(ContextVariable variable) implements Part {
        }
    }

    public Template {
        parts = List.copyOf(parts);
    }

    /** @throws TemplateException saying what is wrong and where */
    public static Template parse(String source) {
        if (source.length() > MAX_LENGTH) {
            throw new TemplateException("must be at most " + MAX_LENGTH + " characters");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int expressions = 0;
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith(ESCAPED_OPEN, i)) {
                text.append(OPEN);
                i += ESCAPED_OPEN.length();
            } else if (source.startsWith(OPEN, i)) {
                int close = source.indexOf('}', i + OPEN.length());
                if (close < 0) {
                    throw new TemplateException("'${' at index " + i + " is not closed by '}' (write $${ for a"
                            + " literal ${)");
                }
                if (++expressions > MAX_VARIABLES) {
                    throw new TemplateException("must use at most " + MAX_VARIABLES + " ${...} expressions");
                }
                flush(text, parts);
                parts.add(expression(source.substring(i + OPEN.length(), close)));
                i = close + 1;
            } else {
                text.append(source.charAt(i));
                i++;
            }
        }
        flush(text, parts);
        return new Template(parts);
    }

    /** The source text that parses to {@code literal} as plain text: every {@code ${} written {@code $${}. */
    public static String escape(String literal) {
        return literal.replace(OPEN, ESCAPED_OPEN);
    }

    /** True when no part depends on the request. */
    public boolean isConstant() {
        return parts.stream().noneMatch(part -> part instanceof Part.Variable);
    }

    public Set<String> secretNames() {
        Set<String> names = new LinkedHashSet<>();
        parts.forEach(part -> {
            if (part instanceof Part.Secret secret) {
                names.add(secret.name());
            }
        });
        return names;
    }

    public List<ContextVariable> variables() {
        return parts.stream().filter(Part.Variable.class::isInstance)
                .map(part -> ((Part.Variable) part).variable()).toList();
    }

    /** This template with each secret replaced by {@code lookup}'s value (which is never parsed as a template). */
    public Template resolveSecrets(UnaryOperator<String> lookup) {
        if (secretNames().isEmpty()) {
            return this;
        }
        List<Part> resolved = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Text literal) {
                text.append(literal.text());
            } else if (part instanceof Part.Secret secret) {
                text.append(lookup.apply(secret.name()));
            } else {
                flush(text, resolved);
                resolved.add(part);
            }
        }
        flush(text, resolved);
        return new Template(resolved);
    }

    /**
     * The value for one request, or null when a variable has no value ({@code values} returned null).
     *
     * @throws IllegalStateException when a secret was left unresolved
     */
    public String render(Function<ContextVariable, String> values) {
        if (parts.size() == 1 && parts.get(0) instanceof Part.Text only) {
            return only.text();
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Text literal) {
                out.append(literal.text());
            } else if (part instanceof Part.Variable variable) {
                String value = values.apply(variable.variable());
                if (value == null) {
                    return null;
                }
                out.append(value);
            } else {
                throw new IllegalStateException("secret '" + ((Part.Secret) part).name() + "' was not resolved");
            }
        }
        return out.toString();
    }

    private static Part expression(String expression) {
        if (expression.startsWith(SECRET)) {
            String name = expression.substring(SECRET.length());
            if (!SecretReferences.isValidName(name)) {
                throw new TemplateException("invalid secret name '" + name + "'");
            }
            return new Part.Secret(name);
        }
        return new Part.Variable(ContextVariable.parse(expression));
    }

    private static void flush(StringBuilder text, List<Part> parts) {
        if (!text.isEmpty()) {
            parts.add(new Part.Text(text.toString()));
            text.setLength(0);
        }
    }
}
