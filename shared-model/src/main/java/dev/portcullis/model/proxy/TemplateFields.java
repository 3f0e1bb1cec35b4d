package dev.portcullis.model.proxy;

import dev.portcullis.model.template.ContextVariable;
import dev.portcullis.model.template.Template;
import dev.portcullis.model.template.TemplateException;
import dev.portcullis.model.validation.Violations;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Every field of a proxy definition that holds a template, with its dotted path: header values added by the
 * {@code global} and per-entry header transforms, and the string values of body edits.
 */
public final class TemplateFields {

    private TemplateFields() {
    }

    /** Calls {@code field} with each template field's path and source text. */
    public static void forEach(ProxyDefinition definition, BiConsumer<String, String> field) {
        GlobalMiddleware global = definition.global();
        headers("global.transformRequestHeaders", global.transformRequestHeaders(), field);
        headers("global.transformResponseHeaders", global.transformResponseHeaders(), field);
        entries("operations", definition.operations(), field);
        entries("tools", definition.tools(), field);
        entries("resources", definition.resources(), field);
        entries("prompts", definition.prompts(), field);
    }

    /**
     * Refuses {@code ${request.header.<name>}} of the header that carries the proxy's keys: the gateway strips the
     * agent's credential so that it never reaches the upstream, and a template must not put it back.
     */
    static void refuseCredentialHeader(Violations at, ProxyDefinition definition) {
        AuthToken token = definition.authentication().authToken();
        if (token == null || token.header() == null) {
            return;
        }
        String credential = token.header().toLowerCase(Locale.ROOT);
        forEach(definition, (path, source) -> {
            try {
                for (ContextVariable variable : Template.parse(source).variables()) {
                    if (variable.source() == ContextVariable.Source.REQUEST_HEADER
                            && variable.argument().equals(credential)) {
                        at.at(path).add(variable.expression() + " would copy the agent's key");
                    }
                }
            } catch (TemplateException e) {
                // reported by the field's own validation
            }
        });
    }

    private static void entries(String category, Map<String, Middleware> entries, BiConsumer<String, String> field) {
        entries.forEach((key, middleware) -> {
            String prefix = category + "." + key;
            headers(prefix + ".transformRequestHeaders", middleware.transformRequestHeaders(), field);
            headers(prefix + ".transformResponseHeaders", middleware.transformResponseHeaders(), field);
            for (int i = 0; i < middleware.transformRequestBody().size(); i++) {
                BodyEdit edit = middleware.transformRequestBody().get(i);
                if (edit != null && edit.value() != null && edit.value().isTextual()) {
                    field.accept(prefix + ".transformRequestBody[" + i + "].value", edit.value().textValue());
                }
            }
        });
    }

    private static void headers(String prefix, HeaderTransform transform, BiConsumer<String, String> field) {
        transform.add().forEach((name, value) -> {
            if (value != null) {
                field.accept(prefix + ".add." + name, value);
            }
        });
    }
}
