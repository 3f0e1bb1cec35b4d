package dev.portcullis.controlplane.proxy.upgrade;

import dev.portcullis.model.template.Template;
import dev.portcullis.model.template.TemplateException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One header {@code add} value written before header values were templates, and what it becomes. Back then a value
 * was literal text except for {@code ${secret:name}} references, which the gateway replaced by the secret wherever
 * they stood (request and response headers alike). Rewritten, the literal text is escaped ({@link Template#escape})
 * and each reference kept, so the value means what it meant: {@code ${foo}} becomes {@code $${foo}}, a literal
 * {@code $${} becomes {@code $$${}. A value that cannot mean the same as a template is {@link Outcome.Dropped}:
 * longer than {@value Template#MAX_LENGTH} characters or with too many references, a reference in a response
 * header (a template there cannot carry a secret: the agent would read it), an invalid secret name, or a
 * literal {@code $} right before a reference (the template would read {@code $${} as the escape). Pure function.
 */
public final class LegacyHeaderValue {

    /** How the old gateways found references: anywhere, nothing escaped. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");
    /** Stands for a secret's value when comparing old and new meanings; cannot occur in a stored header value. */
    private static final char MARK = '\0';

    /** What becomes of one value. */
    public sealed interface Outcome {
        /** Means the same as a template, as it is. */
        record Unchanged() implements Outcome {
        }

        /** {@code source} is the template with the old meaning. */
        record Rewritten(String source) implements Outcome {
        }

        /** No template means the same; {@code reason} says why, never quoting the value (it may be a credential). */
        record Dropped(String reason) implements Outcome {
        }
    }

    private LegacyHeaderValue() {
    }

    /** @param secrets whether the field may hold references now ({@code transformRequestHeaders}) */
    public static Outcome upgrade(String value, boolean secrets) {
        StringBuilder source = new StringBuilder(value.length() + 8);
        Matcher reference = REFERENCE.matcher(value);
        int last = 0;
        boolean references = false;
        while (reference.find()) {
            source.append(Template.escape(value.substring(last, reference.start()))).append(reference.group());
            last = reference.end();
            references = true;
        }
        source.append(Template.escape(value.substring(last)));
        if (references && !secrets) {
            return new Outcome.Dropped("a ${secret:...} reference in a response header would show the secret to"
                    + " the agent");
        }
        Template template;
        try {
            template = Template.parse(source.toString());
        } catch (TemplateException e) {
            return new Outcome.Dropped("as a template it " + e.getMessage());
        }
        if (!meaning(template).equals(oldMeaning(value))) {
            return new Outcome.Dropped("a literal '$' right before a ${secret:...} reference cannot be written in a"
                    + " template");
        }
        return source.toString().equals(value) ? new Outcome.Unchanged() : new Outcome.Rewritten(source.toString());
    }

    private static String oldMeaning(String value) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (reference.find()) {
            reference.appendReplacement(out, Matcher.quoteReplacement(mark(reference.group(1))));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static String meaning(Template template) {
        String rendered = template.resolveSecrets(LegacyHeaderValue::mark).render(variable -> null);
        return rendered == null ? String.valueOf(MARK) : rendered; // a variable: never the old meaning
    }

    private static String mark(String name) {
        return MARK + name + MARK;
    }
}
