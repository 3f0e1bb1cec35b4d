package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.LogTail;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.services.EmbeddedPostgres;
import dev.portcullis.launcher.services.EmbeddedRedis;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.PortcullisStack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What {@code up} has started so far, and the two things done with it: supervise (report children that die on
 * their own) and shut down in order (gateways, control plane, mock, Redis, PostgreSQL).
 *
 * <p>Threading: the main thread adopts pieces as it starts them; the shutdown hook may run at any moment. Adopting
 * and {@link #shutdown} share one lock, so a piece is either adopted before the shutdown (and stopped by it) or
 * refused after it ({@link #adopt} returns false and the caller stops it).
 */
final class RunningStack {

    private final PrintStream out;
    private final Path logDirectory;
    private final Object lock = new Object();
    private boolean stopping;
    private int exitCode;
    private EmbeddedPostgres postgres;
    private EmbeddedRedis redis;
    private PortcullisStack stack;

    RunningStack(PrintStream out, Path logDirectory) {
        this.out = out;
        this.logDirectory = logDirectory;
    }

    boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Records a started PostgreSQL; false (and nothing recorded) once shutdown has begun. */
    boolean adopt(EmbeddedPostgres started) {
        synchronized (lock) {
            postgres = stopping ? postgres : started;
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

    /** Reports children that die on their own; the rest keep running (a gateway serves without its control plane). */
    void supervise() {
        Set<ManagedProcess> reported = new HashSet<>();
        while (true) {
            List<ManagedProcess> watched = watchedProcesses();
            List<CompletableFuture<ManagedProcess>> alive = watched.stream()
                    .filter(process -> !reported.contains(process))
                    .map(ManagedProcess::onExit)
                    .toList();
            if (alive.isEmpty()) {
                synchronized (lock) {
                    if (!stopping) {
                        out.println("Nothing is left running; stopping. Logs: " + logDirectory);
                        exitCode = 1;
                    }
                }
                return;
            }
            try {
                CompletableFuture.anyOf(alive.toArray(CompletableFuture[]::new)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                continue;
            }
            for (ManagedProcess process : watched) {
                if (!process.isAlive() && reported.add(process) && !process.stopRequested() && !stopping()) {
                    out.println();
                    out.println("The " + process.name() + " stopped unexpectedly (exit code " + process.exitCode()
                            + "). Its log: " + process.logFile());
                    LogTail.read(process.logFile(), 15).forEach(line -> out.println("  | " + line));
                    out.println("Everything else keeps running; press Ctrl-C to stop.");
                }
            }
        }
    }

    /** Stops everything started, in order, then halts the JVM with the exit code. Runs in the shutdown hook. */
    void shutdown() {
        synchronized (lock) {
            stopping = true;
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
        out.println("Stopped.");
        out.flush();
        Runtime.getRuntime().halt(exitCode());
    }

    private List<ManagedProcess> watchedProcesses() {
        List<ManagedProcess> processes = new ArrayList<>();
        if (redis != null) {
            processes.add(redis.process());
        }
        stack.mock().process().ifPresent(processes::add);
        stack.controlPlane().process().ifPresent(processes::add);
        stack.gateways().forEach(gateway -> gateway.process().ifPresent(processes::add));
        return processes;
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
