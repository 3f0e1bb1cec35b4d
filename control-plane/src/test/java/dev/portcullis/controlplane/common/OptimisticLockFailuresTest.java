package dev.portcullis.controlplane.common;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OptimisticLockFailuresTest {

    @Test
    void findsAStaleStateExceptionWrappedAtCommit() {
        Throwable atCommit = new IllegalStateException("rollback", new PersistenceException(
                new StaleObjectStateException("ApiKey", "k1")));

        assertThat(OptimisticLockFailures.isCause(atCommit)).isTrue();
        assertThat(OptimisticLockFailures.isCause(new OptimisticLockException())).isTrue();
    }

    @Test
    void otherFailuresAreNotConcurrentUpdates() {
        assertThat(OptimisticLockFailures.isCause(new IllegalStateException(new PersistenceException("down"))))
                .isFalse();
    }
}
