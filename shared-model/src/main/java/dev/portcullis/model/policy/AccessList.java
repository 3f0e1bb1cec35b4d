package dev.portcullis.model.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * Regular expressions matched against a whole name. {@code blocked} wins; a non-empty {@code allowed} makes the
 * list an allowlist. Both empty (or {@code {}}) allows everything. Patterns are compiled by whoever enforces
 * them, once per snapshot; validation proves they compile, are at most {@value #MAX_PATTERN_LENGTH} characters,
 * and pass {@link BacktrackingCheck} (no nested quantifiers, overlapping alternations under a quantifier or
 * backreferences), so a policy cannot make the gateway spend exponential time on one name.
 */
public record AccessList(List<String> allowed, List<String> blocked) {

    public static final AccessList ANY = new AccessList(List.of(), List.of());
    public static final int MAX_PATTERN_LENGTH = 512;

    public AccessList {
        allowed = Immutable.list(allowed);
        blocked = Immutable.list(blocked);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return allowed.isEmpty() && blocked.isEmpty();
    }

    public void validate(Violations at) {
        patterns(at.at("allowed"), allowed);
        patterns(at.at("blocked"), blocked);
    }

    private static void patterns(Violations at, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            Violations entry = at.index(i);
            if (pattern != null && pattern.length() > MAX_PATTERN_LENGTH) {
                entry.add("must be at most " + MAX_PATTERN_LENGTH + " characters");
            } else if (FieldRules.regex(entry, pattern)) {
                BacktrackingCheck.problem(pattern).ifPresent(entry::add);
            }
        }
    }

    static AccessList orAny(AccessList list) {
        return list == null ? ANY : list;
    }
}
