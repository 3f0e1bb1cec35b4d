package dev.portcullis.model.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A structural check that refuses regular expressions prone to catastrophic backtracking, run on patterns that
 * already compile. It is deliberately conservative and simple; the gateway also bounds matching time.
 *
 * <p>Refused:
 * <ul>
 *   <li>a group repeated by a quantifier whose maximum is above 1 ({@code *}, {@code +}, {@code {2}},
 *       {@code {1,}}) and which contains any quantifier, at any depth: {@code (a+)+}, {@code (a*)*},
 *       {@code (.*)*}, {@code (\w+\s?)*}, {@code ((ab?))*} (nested quantifier);</li>
 *   <li>such a repeated group containing an alternation whose branches are not all plain literals of which none is
 *       a prefix of another: {@code (a|a)*}, {@code (a|ab)+}, {@code (\w|\d)*} (overlapping alternation);
 *       {@code (get|list)+} passes;</li>
 *   <li>backreferences ({@code \1}, {@code \k<name>}), which make matching exponential in general;</li>
 *   <li>the comments flag {@code (?x)}, whose whitespace would hide a quantifier from this check.</li>
 * </ul>
 * Possessive quantifiers ({@code a++}, {@code (a+)*+}) and atomic groups ({@code (?>a+)}) never backtrack and are
 * ignored by the first two rules. Stateless and thread-safe.
 */
final class BacktrackingCheck {

    private static final String PREFIX = "pattern may backtrack catastrophically ";

    private BacktrackingCheck() {
    }

    /** Why {@code pattern} is refused, or empty when it is acceptable. {@code pattern} must compile. */
    static Optional<String> problem(String pattern) {
        try {
            new Scan(pattern).run();
            return Optional.empty();
        } catch (Refused refused) {
            return Optional.of(refused.getMessage());
        }
    }

    /** One open group: what it contains so far. */
    private static final class Group {
        final boolean atomic;
        boolean quantified;
        boolean unsafeAlternation;
        boolean hasBar;
        final List<String> branches = new ArrayList<>();
        StringBuilder branch = new StringBuilder();
        boolean branchLiteral = true;

        Group(boolean atomic) {
            this.atomic = atomic;
        }

        void nonLiteral() {
            branchLiteral = false;
        }

        void endBranch() {
            branches.add(branchLiteral ? branch.toString() : null);
            branch = new StringBuilder();
            branchLiteral = true;
        }

        /** After the last branch ended: an alternation is safe only as distinct, prefix-free literals. */
        void close() {
            endBranch();
            if (!hasBar) {
                return;
            }
            for (int i = 0; i < branches.size(); i++) {
                String a = branches.get(i);
                if (a == null || a.isEmpty()) {
                    unsafeAlternation = true;
                    return;
                }
                for (int j = 0; j < branches.size(); j++) {
                    String b = branches.get(j);
                    if (i != j && b != null && b.startsWith(a)) {
                        unsafeAlternation = true;
                        return;
                    }
                }
            }
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Scan {
        private final String p;
        private int i;
        private final Deque<Group> open = new ArrayDeque<>();
        /** The group that just closed, so a quantifier right after it applies to it. */
        private Group lastGroup;

        Scan(String pattern) {
            this.p = pattern;
            open.push(new Group(false));
        }

        void run() {
            while (i < p.length()) {
                char c = p.charAt(i);
                Group current = open.peek();
                switch (c) {
                    case '\\' -> escape(current);
                    case '[' -> characterClass(current);
                    case '(' -> openGroup(current);
                    case ')' -> closeGroup();
                    case '|' -> {
                        current.hasBar = true;
                        current.endBranch();
                        lastGroup = null;
                        i++;
                    }
                    case '*', '+', '?', '{' -> quantifier(current);
                    case '.', '^', '$' -> {
                        current.nonLiteral();
                        lastGroup = null;
                        i++;
                    }
                    default -> {
                        current.branch.append(c);
                        lastGroup = null;
                        i++;
                    }
                }
            }
        }

        private void escape(Group current) {
            lastGroup = null;
            char next = i + 1 < p.length() ? p.charAt(i + 1) : '\\';
            if (next >= '1' && next <= '9' || next == 'k') {
                throw new Refused("backreferences are not supported");
            }
            if (next == 'Q') {
                int end = p.indexOf("\\E", i + 2);
                int stop = end < 0 ? p.length() : end;
                current.branch.append(p, i + 2, stop);
                i = end < 0 ? p.length() : end + 2;
                return;
            }
            i += 2;
            if (Character.isLetterOrDigit(next)) {
                current.nonLiteral();
                if ("pPxN".indexOf(next) >= 0 && i < p.length() && p.charAt(i) == '{') {
                    i = p.indexOf('}', i) + 1;
                }
            } else {
                current.branch.append(next);
            }
        }

        private void characterClass(Group current) {
            lastGroup = null;
            current.nonLiteral();
            int depth = 0;
            do {
                char c = p.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                    i++;
                    if (i < p.length() && p.charAt(i) == '^') {
                        i++;
                    }
                    if (i < p.length() && p.charAt(i) == ']') {
                        i++; // a ']' first in a class is a literal
                    }
                    continue;
                }
                if (c == ']') {
                    depth--;
                }
                i++;
            } while (depth > 0 && i < p.length());
        }

        private void openGroup(Group current) {
            lastGroup = null;
            current.nonLiteral();
            i++;
            boolean atomic = false;
            if (i < p.length() && p.charAt(i) == '?') {
                i++;
                char kind = i < p.length() ? p.charAt(i) : ')';
                if (kind == ':' || kind == '=' || kind == '!' || kind == '>') {
                    atomic = kind == '>';
                    i++;
                } else if (kind == '<') {
                    char after = i + 1 < p.length() ? p.charAt(i + 1) : '>';
                    i = after == '=' || after == '!' ? i + 2 : p.indexOf('>', i) + 1;
                } else {
                    int end = i;
                    while (end < p.length() && p.charAt(end) != ')' && p.charAt(end) != ':') {
                        end++;
                    }
                    String flags = p.substring(i, end);
                    int minus = flags.indexOf('-');
                    if ((minus < 0 ? flags : flags.substring(0, minus)).indexOf('x') >= 0) {
                        throw new Refused("the comments flag (?x) is not supported");
                    }
                    i = end + 1;
                    if (end < p.length() && p.charAt(end) == ')') {
                        return; // flags only, no group
                    }
                }
            }
            open.push(new Group(atomic));
        }

        private void closeGroup() {
            i++;
            Group closed = open.pop();
            closed.close();
            Group parent = open.peek();
            if (!closed.atomic) {
                parent.quantified |= closed.quantified;
                parent.unsafeAlternation |= closed.unsafeAlternation;
            }
            lastGroup = closed;
        }

        private void quantifier(Group current) {
            long max;
            char c = p.charAt(i);
            if (c == '{') {
                int end = p.indexOf('}', i);
                String body = p.substring(i + 1, end);
                int comma = body.indexOf(',');
                max = bound(comma < 0 ? body : body.substring(comma + 1));
                i = end + 1;
            } else {
                max = c == '?' ? 1 : Long.MAX_VALUE;
                i++;
            }
            boolean possessive = false;
            if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
                possessive = p.charAt(i) == '+';
                i++;
            }
            current.nonLiteral();
            if (lastGroup != null && max > 1 && !possessive && !lastGroup.atomic) {
                if (lastGroup.quantified) {
                    throw new Refused(PREFIX + "(nested quantifier)");
                }
                if (lastGroup.unsafeAlternation) {
                    throw new Refused(PREFIX + "(overlapping alternation under a quantifier)");
                }
            }
            if (!possessive) {
                current.quantified = true;
            }
            lastGroup = null;
        }

        /** The upper bound of {@code {n,m}}; blank (open-ended) or beyond a long counts as unbounded. */
        private static long bound(String text) {
            try {
                return text.isBlank() ? Long.MAX_VALUE : Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
    }
}
