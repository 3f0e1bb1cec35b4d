package dev.portcullis.gateway.request;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled header transform: names to remove, then headers to set (replacing any value). {@link #toString()}
 * prints names only: an added value may be a credential.
 */
public record HeaderEdits(List<String> remove, Map<String, String> add) {

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

    public void applyTo(MultiMap headers) {
        for (String name : remove) {
            headers.remove(name);
        }
        add.forEach(headers::set);
    }
}
