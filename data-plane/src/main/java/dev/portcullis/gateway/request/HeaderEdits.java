package dev.portcullis.gateway.request;

import dev.portcullis.model.template.ContextVariable;
import dev.portcullis.model.template.Template;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A compiled header transform: names to remove, then headers to set (replacing any value), each value a template
 * whose secrets are resolved already. A value whose variable has no value for the request removes the header
 * instead, so an agent can never supply a header the gateway would have set. A value with variables that renders
 * to characters outside visible ASCII is sent in MCP's {@code =?base64?...?=} form. {@link #toString()} prints
 * names only: an added value may be a credential.
 */
public record HeaderEdits(List<String> remove, Map<String, Template> add) {

    public static final HeaderEdits NONE = new HeaderEdits(List.of(), Map.of());

    public HeaderEdits {
        remove = List.copyOf(remove);
        add = Map.copyOf(add);
    }

    public boolean isEmpty() {
        return remove.isEmpty() && add.isEmpty();
    }

    @Override
    public String toString() {
        return "HeaderEdits[remove=" + remove + ", add=" + add.keySet() + "]";
    }

    /** @param values the request's variables, already sanitised (null: no value) */
    public void applyTo(MultiMap headers, Function<ContextVariable, String> values) {
        for (String name : remove) {
            headers.remove(name);
        }
        add.forEach((name, template) -> {
            String value = template.render(values);
            if (value == null) {
                headers.remove(name);
            } else {
                headers.set(name, template.isConstant() ? value : HeaderValue.encode(value));
            }
        });
    }
}
