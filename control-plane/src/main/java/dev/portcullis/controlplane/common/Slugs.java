package dev.portcullis.controlplane.common;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Ids derived from names when a resource is created without one: {@code "Gold agents"} -> {@code gold-agents}.
 * Lowercase ASCII letters and digits joined by {@code -}, at most {@value #MAX_BASE} characters before a uniqueness
 * suffix, so the result always satisfies shared-model's id rule.
 */
public final class Slugs {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("^-+|-+$");
    private static final int MAX_BASE = 56;

    private Slugs() {
    }

    /** A slug of {@code name} ({@code fallback} when nothing is left) that {@code taken} rejects no longer. */
    public static String unique(String name, String fallback, Predicate<String> taken) {
        String base = of(name, fallback);
        String candidate = base;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    public static String of(String name, String fallback) {
        String ascii = MARKS.matcher(Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD))
                .replaceAll("").toLowerCase(Locale.ROOT);
        String slug = EDGE_DASHES.matcher(NOT_SLUG.matcher(ascii).replaceAll("-")).replaceAll("");
        if (slug.length() > MAX_BASE) {
            slug = EDGE_DASHES.matcher(slug.substring(0, MAX_BASE)).replaceAll("");
        }
        return slug.isEmpty() ? fallback : slug;
    }
}
