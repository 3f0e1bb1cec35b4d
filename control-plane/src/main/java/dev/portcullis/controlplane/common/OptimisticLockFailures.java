package dev.portcullis.controlplane.common;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/**
 * Recognises an optimistic-lock failure however it arrives: directly from a flush, or wrapped at commit by the
 * transaction manager (a {@code RollbackException} whose cause chain holds Hibernate's stale-state exception).
 */
final class OptimisticLockFailures {

    private static final int MAX_DEPTH = 16;

    private OptimisticLockFailures() {
    }

    static boolean isCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }
}
