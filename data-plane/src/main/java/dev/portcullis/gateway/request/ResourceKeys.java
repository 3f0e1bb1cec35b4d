package dev.portcullis.gateway.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values keyed by resource URI, where a key ending in {@code *} is a prefix: lookup tries the exact URI, then the
 * longest matching prefix. Built once per snapshot.
 */
public final class ResourceKeys<T> {

    private record Prefix<T>(String prefix, T value) {
    }

    private final Map<String, T> exact;
    private final List<Prefix<T>> prefixes;

    public ResourceKeys(Map<String, T> entries) {
        Map<String, T> exactEntries = new HashMap<>();
        List<Prefix<T>> prefixEntries = new ArrayList<>();
        entries.forEach((key, value) -> {
            if (key.endsWith("*")) {
                prefixEntries.add(new Prefix<>(key.substring(0, key.length() - 1), value));
            } else {
                exactEntries.put(key, value);
            }
        });
        prefixEntries.sort(Comparator.comparingInt((Prefix<T> p) -> p.prefix().length()).reversed());
        this.exact = Map.copyOf(exactEntries);
        this.prefixes = List.copyOf(prefixEntries);
    }

    /** The value for {@code uri}, or null. */
    public T find(String uri) {
        T value = exact.get(uri);
        if (value != null) {
            return value;
        }
        for (Prefix<T> prefix : prefixes) {
            if (uri.startsWith(prefix.prefix())) {
                return prefix.value();
            }
        }
        return null;
    }
}
