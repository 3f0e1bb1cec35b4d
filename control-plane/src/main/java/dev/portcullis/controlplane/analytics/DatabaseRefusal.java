package dev.portcullis.controlplane.analytics;

import java.sql.SQLException;

/**
 * Tells an error caused by the data of a batch from one of the database itself. PostgreSQL refuses data with
 * SQLSTATE class 22 (data exception: a NUL character, a time out of range, a number too large), 23 (integrity
 * constraint) or 54 (program limit exceeded: an index row larger than a page); anything else (a lost connection,
 * a deadlock, a full disk, a missing privilege) says nothing about the records and is retried. Stateless.
 */
final class DatabaseRefusal {

    private DatabaseRefusal() {
    }

    /** True when {@code e} may be caused by what was being stored, so storing less of it may succeed. */
    static boolean ofData(Exception e) {
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
        }
        return e instanceof RuntimeException;
    }

    /**
     * What a dead letter says about {@code e}: the SQLSTATE and the first line of the server's message (its detail
     * lines, which may quote the row, are left out), at most {@value DeadLetter#MAX_ERROR} characters (the first
     * line may quote a value, such as text that is not a time), or the exception's kind.
     */
    static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            String message = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
            String described = "SQLSTATE " + sql.getSQLState() + ": " + message;
            return described.length() <= DeadLetter.MAX_ERROR ? described
                    : described.substring(0, DeadLetter.MAX_ERROR);
        }
        return "could not be stored: " + e.getClass().getSimpleName();
    }
}
