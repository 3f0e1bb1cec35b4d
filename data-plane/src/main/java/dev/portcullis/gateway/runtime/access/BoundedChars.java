package dev.portcullis.gateway.runtime.access;

/**
 * The text a policy pattern is matched against, with a budget on how many characters the regex engine may read.
 * {@link java.util.regex.Pattern} reads its input only through {@link #charAt}, so counting those calls bounds
 * the work of any pattern, including catastrophically backtracking ones such as {@code (a+)+$}: past the budget
 * {@link BudgetExceeded} is thrown and the match counts as failed closed. Not thread-safe: one per match.
 */
final class BoundedChars implements CharSequence {

    /** Thrown when a match reads more characters than its budget; no stack trace (it is an expected outcome). */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regex step budget exceeded", null, false, false);
        }
    }

    private final String text;
    private final int start;
    private final int end;
    private final long[] steps;
    private final long budget;

    BoundedChars(String text, long budget) {
        this(text, 0, text.length(), new long[1], budget);
    }

    private BoundedChars(String text, int start, int end, long[] steps, long budget) {
        this.text = text;
        this.start = start;
        this.end = end;
        this.steps = steps;
        this.budget = budget;
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public char charAt(int index) {
        if (++steps[0] > budget) {
            throw new BudgetExceeded();
        }
        return text.charAt(start + index);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return new BoundedChars(text, start + from, start + to, steps, budget);
    }

    @Override
    public String toString() {
        return text.substring(start, end);
    }
}
