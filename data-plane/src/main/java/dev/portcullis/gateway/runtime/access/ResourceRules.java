package dev.portcullis.gateway.runtime.access;

import dev.portcullis.model.proxy.Middleware;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A proxy's {@code resources} allow/block entries, keyed by exact URI or by a prefix ending in {@code *}. The
 * most specific entry decides (exact key, then the longest prefix), block winning within an entry. Blocks also
 * match case-insensitively: a block is overridden only by a case-sensitive allow entry that is strictly more
 * specific (allowing {@code internal://status} under a blocked {@code internal://*} works; {@code INTERNAL://x}
 * does not escape a block on {@code internal://*}). Entries with neither {@code allow} nor {@code block} (only a
 * rate limit, say) do not take part.
 */
final class ResourceRules {

    static final ResourceRules NONE = new ResourceRules(List.of(), false);

    /** @param specificity exact entries rank above every prefix; longer prefixes above shorter ones */
    private record Entry(String key, boolean prefix, boolean block, int specificity) {
        boolean matches(String uri) {
            return prefix ? uri.startsWith(key) : uri.equals(key);
        }

        boolean matchesIgnoringCase(String lowerUri) {
            String lowerKey = key.toLowerCase(Locale.ROOT);
            return prefix ? lowerUri.startsWith(lowerKey) : lowerUri.equals(lowerKey);
        }
    }

    private final List<Entry> entries;
    private final boolean allowlist;

    private ResourceRules(List<Entry> entries, boolean allowlist) {
        this.entries = entries;
        this.allowlist = allowlist;
    }

    static ResourceRules of(Map<String, Middleware> resources) {
        List<Entry> entries = new ArrayList<>();
        boolean allowlist = false;
        for (var e : resources.entrySet()) {
            Middleware middleware = e.getValue();
            if (!middleware.allow() && !middleware.block()) {
                continue;
            }
            allowlist |= middleware.allow();
            String key = e.getKey();
            boolean prefix = key.endsWith("*");
            String match = prefix ? key.substring(0, key.length() - 1) : key;
            entries.add(new Entry(match, prefix, middleware.block(), prefix ? match.length() : Integer.MAX_VALUE));
        }
        if (entries.isEmpty()) {
            return NONE;
        }
        entries.sort(Comparator.comparingInt(Entry::specificity).reversed());
        return new ResourceRules(List.copyOf(entries), allowlist);
    }

    Verdict verdict(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        Entry decisive = null;
        Entry block = null;
        for (Entry entry : entries) {
            if (decisive == null && entry.matches(uri)) {
                decisive = entry;
            }
            if (block == null && entry.block() && entry.matchesIgnoringCase(lower)) {
                block = entry;
            }
        }
        if (block != null && (decisive == null || decisive.block()
                || decisive.specificity() <= block.specificity())) {
            return Verdict.BLOCKED;
        }
        if (decisive != null) {
            return Verdict.ALLOWED;
        }
        return allowlist ? Verdict.NOT_ALLOWED : Verdict.UNLISTED;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
