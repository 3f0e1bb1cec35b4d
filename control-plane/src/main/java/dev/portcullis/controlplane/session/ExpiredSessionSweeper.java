package dev.portcullis.controlplane.session;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes ended dashboard sessions, and sign-in attempts that left the throttle's window, every
 * {@value #PERIOD_MINUTES} minutes on its own daemon thread, so signing in never pays for a sweep. Ended sessions are
 * refused when presented anyway ({@link SessionService#resolve}) and old attempts no longer count; this only keeps
 * the tables small. The Quarkus scheduler is not in the local dependency set, hence a plain executor.
 */
@Singleton
public class ExpiredSessionSweeper {

    static final long PERIOD_MINUTES = 5;
    private static final Logger LOG = Logger.getLogger(ExpiredSessionSweeper.class);

    private final SessionService sessions;
    private final SignInThrottle throttle;
    private ScheduledExecutorService scheduler;

    ExpiredSessionSweeper(SessionService sessions, SignInThrottle throttle) {
        this.sessions = sessions;
        this.throttle = throttle;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "portcullis-session-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweep, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** One sweep; failures are logged and retried on the next period. */
    void sweep() {
        try {
            Instant now = Instant.now();
            long deleted = sessions.deleteExpired(now);
            int attempts = throttle.deleteExpired(now);
            if (deleted > 0 || attempts > 0) {
                LOG.debugf("deleted %d ended dashboard sessions and %d old sign-in attempts", deleted, attempts);
            }
        } catch (RuntimeException e) {
            LOG.warnf("sweeping ended dashboard sessions failed (%s); next try in %d minutes",
                    e.getClass().getSimpleName(), PERIOD_MINUTES);
        }
    }
}
