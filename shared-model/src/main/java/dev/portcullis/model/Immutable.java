package dev.portcullis.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for record components. Unlike {@link List#copyOf} these keep insertion order of maps and
 * tolerate null elements: a definition parsed from JSON may contain them, and validation reports them with their
 * field path instead of a constructor failing with a bare NullPointerException.
 */
public final class Immutable {

    private Immutable() {
    }

    public static <T> List<T> list(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    public static <K, V> Map<K, V> map(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
