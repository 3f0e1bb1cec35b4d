package dev.portcullis.model.template;

import dev.portcullis.model.validation.Violations;

/** Validation of template fields: each check adds at most one error naming the problem. */
public final class TemplateRules {

    private TemplateRules() {
    }

    /**
     * True when {@code value} parses as a template; {@code ${secret:...}} only where {@code secrets} allows it
     * (values that go upstream in a header: a secret must never reach an agent nor sit in a tool's arguments).
     */
    public static boolean check(Violations at, String value, boolean secrets) {
        if (value == null) {
            return true;
        }
        Template template;
        try {
            template = Template.parse(value);
        } catch (TemplateException e) {
            at.add(e.getMessage());
            return false;
        }
        if (!secrets && !template.secretNames().isEmpty()) {
            at.add("${secret:...} is only allowed in transformRequestHeaders");
            return false;
        }
        return true;
    }
}
