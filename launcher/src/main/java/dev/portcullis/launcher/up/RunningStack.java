package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.IdleCpuGroup;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.Supervised;
import dev.portcullis.launcher.process.Supervisor;
import dev.portcullis.launcher.services.EmbeddedPostgres;
import dev.portcullis.launcher.services.EmbeddedRedis;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.PortcullisStack;
import dev.portcullis.launcher.stack.StackComponent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code up} has started so far, and the two things done with it: supervise (restart children that die on
 * their own, give up on one that keeps dying) and shut down in order (gateways, control plane, mock, Redis,
 * PostgreSQL).
 *
 * <p>Threading: the main thread adopts pieces as it starts them; the shutdown hook may run at any moment. Adopting
 * and {@link #shutdown} share one lock, so a piece is either adopted before the shutdown (and stopped by it) or
 * refused after it ({@link #adopt} returns false and the caller stops it).
 */
final class RunningStack {

    private final PrintStream out;
    private final Object lock = new Object();
    private boolean stopping;
    private int exitCode;
    private RestartablePostgres postgres;
    private EmbeddedRedis redis;
    private PortcullisStack stack;
    private BackgroundCpu background;

    RunningStack(PrintStream out) {
        this.out = out;
    }

    boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Records a started PostgreSQL; false (and nothing recorded) once shutdown has begun. */
    boolean adopt(EmbeddedPostgres started, Path dataDirectory, Path logFile) {
        synchronized (lock) {
            postgres = stopping ? postgres : new RestartablePostgres(started, dataDirectory, logFile);
            return !stopping;
        }
    }

    boolean adopt(EmbeddedRedis started) {
        synchronized (lock) {
            redis = stopping ? redis : started;
            return !stopping;
        }
    }

    boolean adopt(PortcullisStack built) {
        synchronized (lock) {
            stack = stopping ? stack : built;
            return !stopping;
        }
    }

    /**
     * Puts the control plane and the embedded PostgreSQL at idle CPU priority where the machine allows it
     * ({@link BackgroundCpu}); at nice 10 they stay otherwise.
     */
    void lowerBackground(UpSettings settings, String redisUrl) {
        if (!settings.idleCpu()) {
            return;
        }
        RedisEndpoint endpoint;
        try {
            endpoint = RedisEndpoint.parse(redisUrl);
        } catch (IllegalArgumentException e) {
            endpoint = null; // rediss:// and the like: BackgroundCpu says it cannot watch the backlog
        }
        synchronized (lock) {
            if (stopping || stack == null || background != null) {
                return;
            }
            StackComponent controlPlane = stack.controlPlane();
            RestartablePostgres server = postgres;
            BackgroundCpu.Children children = new BackgroundCpu.Children(
                    () -> controlPlane.process().filter(ManagedProcess::isAlive).map(ManagedProcess::pid),
                    controlPlane.healthUrl(), server == null ? Optional.empty() : Optional.of(server::pid));
            background = BackgroundCpu.start(IdleCpuGroup.Hierarchies.SYSTEM, children, endpoint,
                    UpSettings.ANALYTICS_STREAM, UpSettings.ANALYTICS_STREAM_CAP, out).orElse(null);
        }
    }

    /** Marks a failed start: the exit code becomes 1 unless a shutdown is already under way (then it stays 0). */
    boolean failed() {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            exitCode = 1;
            return true;
        }
    }

    int exitCode() {
        synchronized (lock) {
            return exitCode;
        }
    }

    /**
     * Restarts children that die on their own (see {@link Supervisor}); returns when a shutdown begins, or else when
     * one died too often (the supervisor said which): the exit code is then 1 and the caller exits, which runs
     * {@link #shutdown}.
     */
    void supervise() {
        Supervisor.Outcome outcome = new Supervisor(supervised(), this::stopping, out, Clock.systemUTC()).supervise();
        synchronized (lock) {
            if (!stopping) {
                if (outcome instanceof Supervisor.Outcome.Stopped) {
                    out.println("Nothing is left running; stopping.");
                }
                exitCode = 1;
            }
        }
    }

    /** Stops everything started, in order, then halts the JVM with the exit code. Runs in the shutdown hook. */
    void shutdown() {
        synchronized (lock) {
            stopping = true;
        }
        if (background != null) {
            background.stopWatching();
        }
        out.println();
        out.println("Stopping Portcullis...");
        if (stack != null) {
            for (GatewayComponent gateway : stack.gateways()) {
                stopQuietly(gateway.name(), gateway::close, gateway.isAlive());
            }
            stopQuietly("control plane", stack.controlPlane()::close, stack.controlPlane().isAlive());
            stopQuietly("mock MCP server", stack.mock()::close, stack.mock().isAlive());
        }
        if (redis != null) {
            stopQuietly("Redis", redis::close, redis.process().isAlive());
        }
        if (postgres != null) {
            stopQuietly("PostgreSQL", () -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, true);
        }
        if (background != null) {
            background.close();
        }
        out.println("Stopped.");
        out.flush();
        Runtime.getRuntime().halt(exitCode());
    }

    /** In start order, so after a Redis restart the planes that depend on it are looked at after it. */
    private List<Supervised> supervised() {
        List<Supervised> children = new ArrayList<>();
        if (postgres != null) {
            children.add(postgres);
        }
        if (redis != null) {
            EmbeddedRedis embedded = redis;
            children.add(Supervised.of("redis", embedded::process, embedded::start));
        }
        children.add(stack.mock());
        children.add(stack.controlPlane());
        children.addAll(stack.gateways());
        return children;
    }

    /** Runs {@code stop} even when not running: closing a component also stops a start racing this shutdown. */
    private void stopQuietly(String what, Runnable stop, boolean running) {
        if (running) {
            out.println("  stopping " + what);
        }
        try {
            stop.run();
        } catch (RuntimeException e) {
            out.println("  could not stop " + what + " cleanly: " + e.getMessage());
        }
    }
}
