package dev.portcullis.gateway.runtime.access;

import dev.portcullis.model.policy.AccessList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A policy's {@link AccessList} compiled once per snapshot: {@code blocked} wins, a non-empty {@code allowed} is
 * an allowlist, every pattern must match the whole name. Blocked patterns also match case-insensitively (some
 * upstreams fold case, so {@code Delete_User} must not slip past a block on {@code delete_user}) and let
 * {@code .} match line terminators too (else {@code prompts/.*} would not block {@code "prompts/get\n"} nor a
 * resource URI with a {@code U+2028} in it); allowed patterns match exactly.
 *
 * <p>Matching is bounded: names longer than {@link #MAX_INPUT} characters and matches that read more than
 * {@link #STEP_BUDGET} characters are failures that deny (an allow pattern does not match, a block pattern
 * does). Such an overrun is logged once per pattern. Immutable and thread-safe.
 */
public final class PatternRules {

    static final int MAX_INPUT = 4096;
    static final long STEP_BUDGET = 100_000;

    private static final Logger LOG = Logger.getLogger(PatternRules.class);

    public static final PatternRules ANY = new PatternRules(List.of(), List.of());

    private final List<Bounded> allowed;
    private final List<Bounded> blocked;

    private PatternRules(List<Bounded> allowed, List<Bounded> blocked) {
        this.allowed = allowed;
        this.blocked = blocked;
    }

    /** @throws java.util.regex.PatternSyntaxException if a pattern does not compile (validation prevents it) */
    public static PatternRules compile(AccessList list) {
        if (list.isEmpty()) {
            return ANY;
        }
        return new PatternRules(compileAll(list.allowed(), 0), compileAll(list.blocked(),
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    public boolean isEmpty() {
        return allowed.isEmpty() && blocked.isEmpty();
    }

    public boolean allows(String name) {
        for (Bounded pattern : blocked) {
            if (pattern.matches(name, true)) {
                return false;
            }
        }
        if (allowed.isEmpty()) {
            return true;
        }
        for (Bounded pattern : allowed) {
            if (pattern.matches(name, false)) {
                return true;
            }
        }
        return false;
    }

    private static List<Bounded> compileAll(List<String> patterns, int flags) {
        List<Bounded> compiled = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            compiled.add(new Bounded(Pattern.compile(pattern, flags)));
        }
        return List.copyOf(compiled);
    }

    /** One pattern with its once-only overrun warning. */
    private static final class Bounded {
        private final Pattern pattern;
        private final AtomicBoolean warned = new AtomicBoolean();

        Bounded(Pattern pattern) {
            this.pattern = pattern;
        }

        /** @param onFailure the answer when the match cannot be completed within its bounds */
        boolean matches(String name, boolean onFailure) {
            if (name.length() > MAX_INPUT) {
                return onFailure;
            }
            try {
                return pattern.matcher(new BoundedChars(name, STEP_BUDGET)).matches();
            } catch (BoundedChars.BudgetExceeded | StackOverflowError e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warnf("policy pattern /%s/ exceeded its matching budget; the match is denied "
                            + "(logged once per pattern)", pattern.pattern());
                }
                return onFailure;
            }
        }
    }
}
