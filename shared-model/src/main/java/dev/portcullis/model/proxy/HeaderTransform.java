package dev.portcullis.model.proxy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.template.TemplateRules;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;
import java.util.Map;

/**
 * Headers to set ({@code add}, replacing any present) and to drop ({@code remove}). {@code {}} is a no-op. Values
 * added are templates ({@link dev.portcullis.model.template.Template}): context variables such as
 * {@code ${consumer.alias}} and, in request transforms, {@code ${secret:name}}.
 */
public record HeaderTransform(Map<String, String> add, List<String> remove) {

    public static final HeaderTransform NONE = new HeaderTransform(Map.of(), List.of());

    public HeaderTransform {
        add = Immutable.map(add);
        remove = Immutable.list(remove);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty();
    }

    /** @param secrets whether {@code ${secret:...}} may appear (request transforms: the value goes upstream) */
    public void validate(Violations at, boolean secrets) {
        FieldRules.headers(at.at("add"), add);
        add.forEach((name, value) -> TemplateRules.check(at.at("add").at(name), value, secrets));
        Violations removed = at.at("remove");
        for (int i = 0; i < remove.size(); i++) {
            FieldRules.headerName(removed.index(i), remove.get(i));
        }
    }

    static HeaderTransform orNone(HeaderTransform transform) {
        return transform == null ? NONE : transform;
    }
}
