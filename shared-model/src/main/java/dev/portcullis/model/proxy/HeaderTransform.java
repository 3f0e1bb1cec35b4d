package dev.portcullis.model.proxy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;
import java.util.Map;

/** Headers to set ({@code add}, replacing any present) and to drop ({@code remove}). {@code {}} is a no-op. */
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

    public void validate(Violations at) {
        FieldRules.headers(at.at("add"), add);
        Violations removed = at.at("remove");
        for (int i = 0; i < remove.size(); i++) {
            FieldRules.headerName(removed.index(i), remove.get(i));
        }
    }

    static HeaderTransform orNone(HeaderTransform transform) {
        return transform == null ? NONE : transform;
    }
}
