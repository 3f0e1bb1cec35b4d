package dev.portcullis.controlplane.distribution;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hears configuration changes committed through any replica: {@code LISTEN} on {@value #CHANNEL}, to which
 * {@link ConfigVersions#bump()} sends the new version, and hands each to {@link SnapshotStreams}, so gateways of
 * every replica get a change within a second. No polling: the thread waits in
 * {@link PGConnection#getNotifications(int)} and only probes the connection with {@code select 1} after
 * {@link #PROBE_AFTER} of silence, so a connection that died quietly is noticed.
 *
 * <p>Lifecycle and threading: one dedicated JDBC connection (not from the pool, which would take it back), owned by
 * one daemon thread started at startup and interrupted at shutdown. When the connection breaks it reconnects with
 * backoff and, once listening again, re-offers the current snapshot to every stream: changes notified while it was
 * away are not lost. The gateways' periodic resync stays the safety net behind this. The gauge
 * {@code portcullis_config_listener_connected} is 1 while it listens, 0 otherwise.
 */
@ApplicationScoped
public class ChangeListener {

    public static final String CHANNEL = "portcullis_config";
    private static final String GAUGE = "portcullis.config.listener.connected";
    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    private static final Duration PROBE_AFTER = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final SnapshotStreams streams;
    private final String url;
    private final Properties credentials = new Properties();
    private volatile Thread thread;
    private volatile Connection connection;
    private final AtomicInteger listening = new AtomicInteger();

    ChangeListener(SnapshotStreams streams, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                   @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                   @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                   MeterRegistry registry) {
        this.streams = streams;
        // A registry outliving an earlier instance (tests restart the application in one JVM) would otherwise keep
        // the first gauge, bound to that instance's state.
        Gauge stale = registry.find(GAUGE).gauge();
        if (stale != null) {
            registry.remove(stale);
        }
        Gauge.builder(GAUGE, listening, AtomicInteger::get)
                .description("1 while this replica listens for configuration changes of the other replicas")
                .register(registry);
        this.url = url;
        user.ifPresent(value -> credentials.setProperty("user", value));
        password.filter(value -> !value.isEmpty()).ifPresent(value -> credentials.setProperty("password", value));
        credentials.setProperty("ApplicationName", "portcullis-change-listener");
    }

    void onStart(@Observes StartupEvent event) {
        Thread listener = new Thread(this::run, "config-change-listener");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread listener = thread;
        thread = null;
        if (listener != null) {
            listener.interrupt();
        }
        Connection open = connection;
        if (open != null) {
            try {
                open.close(); // wakes the thread blocked in getNotifications
            } catch (SQLException e) {
                LOG.debugf("closing the change listener's connection: %s", e.getSQLState());
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_RETRY;
        boolean firstConnection = true;
        while (thread == Thread.currentThread()) {
            try (Connection opened = DriverManager.getConnection(url, credentials)) {
                connection = opened;
                try (Statement listen = opened.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                if (!firstConnection) {
                    LOG.info("listening for configuration changes of other replicas again");
                    streams.changed(0);
                }
                firstConnection = false;
                backoff = FIRST_RETRY;
                listening.set(1);
                listen(opened);
            } catch (SQLException | RuntimeException e) {
                // Not only SQLException: anything else that escaped would end this thread for good, unnoticed.
                listening.set(0);
                if (thread != Thread.currentThread()) {
                    return;
                }
                LOG.warnf("lost the connection that hears other replicas' configuration changes (%s); reconnecting"
                        + " in %d ms, then this replica's gateways get what changed meanwhile", reason(e),
                        backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            }
        }
        listening.set(0);
    }

    /** The SQL state or the exception's type: never its message, which may quote the connection settings. */
    private static String reason(Exception e) {
        return e instanceof SQLException sql && sql.getSQLState() != null ? "SQL state " + sql.getSQLState()
                : e.getClass().getSimpleName();
    }

    /** Returns when the thread is told to stop; throws when the connection fails. */
    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (thread == Thread.currentThread()) {
            PGNotification[] notifications = pg.getNotifications((int) PROBE_AFTER.toMillis());
            if (notifications != null && notifications.length > 0) {
                streams.changed(newest(notifications));
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= PROBE_AFTER.toNanos()) {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("select 1");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private static long newest(PGNotification[] notifications) {
        long newest = 0;
        for (PGNotification notification : notifications) {
            try {
                newest = Math.max(newest, Long.parseLong(notification.getParameter()));
            } catch (NumberFormatException e) {
                LOG.warnf("ignoring a notification on %s that is not a version", CHANNEL);
            }
        }
        return newest;
    }
}
