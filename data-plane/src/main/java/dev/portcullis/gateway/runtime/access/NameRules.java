package dev.portcullis.gateway.runtime.access;

import dev.portcullis.model.proxy.Middleware;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code allow}/{@code block} entries of one proxy category keyed by exact name ({@code tools},
 * {@code prompts}, {@code operations}). Block wins and matches case-insensitively; allow matches exactly; once
 * any entry allows, the category is an allowlist.
 */
record NameRules(Set<String> allowed, Set<String> blockedLowerCase) {

    static final NameRules NONE = new NameRules(Set.of(), Set.of());

    NameRules {
        allowed = Set.copyOf(allowed);
        blockedLowerCase = Set.copyOf(blockedLowerCase);
    }

    static NameRules of(Map<String, Middleware> entries) {
        Set<String> allowed = new HashSet<>();
        Set<String> blocked = new HashSet<>();
        entries.forEach((name, middleware) -> {
            if (middleware.block()) {
                blocked.add(name.toLowerCase(Locale.ROOT));
            } else if (middleware.allow()) {
                allowed.add(name);
            }
        });
        return allowed.isEmpty() && blocked.isEmpty() ? NONE : new NameRules(allowed, blocked);
    }

    Verdict verdict(String name) {
        if (!blockedLowerCase.isEmpty() && blockedLowerCase.contains(name.toLowerCase(Locale.ROOT))) {
            return Verdict.BLOCKED;
        }
        if (allowed.isEmpty()) {
            return Verdict.UNLISTED;
        }
        return allowed.contains(name) ? Verdict.ALLOWED : Verdict.NOT_ALLOWED;
    }

    boolean isEmpty() {
        return allowed.isEmpty() && blockedLowerCase.isEmpty();
    }
}
