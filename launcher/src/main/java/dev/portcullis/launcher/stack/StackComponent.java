package dev.portcullis.launcher.stack;

import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessSpec;
import dev.portcullis.launcher.process.Supervised;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One product of the stack (mock server, control plane, a gateway) that can be started, stopped, killed and
 * restarted individually. Its ports are fixed when the stack is built, so a restart comes back on the same address.
 * The process spec is computed at each start, so it sees files written since (the control plane's public key).
 * Thread-safe.
 */
public class StackComponent implements Supervised {

    private final String name;
    private final String host;
    private final int port;
    private final URI healthUrl;
    private final Duration startupTimeout;
    private final Supplier<ProcessSpec> spec;
    private ManagedProcess process;
    /** Set by {@link #close()}; guarded by {@code this}, like {@link #process}. */
    private boolean closed;

    StackComponent(String name, String host, int port, URI healthUrl, Duration startupTimeout,
                   Supplier<ProcessSpec> spec) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.healthUrl = healthUrl;
        this.startupTimeout = startupTimeout;
        this.spec = spec;
    }

    /**
     * Starts the process and waits until its health URL answers 200.
     *
     * @throws dev.portcullis.launcher.process.ProcessFailureException if it exits or is not healthy in time (the
     *                                                                  process is then killed)
     * @throws IllegalStateException if it is already running, or closed
     */
    @Override
    public void start() {
        ManagedProcess started;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(name + " is closed: the stack is shutting down");
            }
            if (process != null && process.isAlive()) {
                throw new IllegalStateException(name + " is already running");
            }
            try {
                started = ManagedProcess.start(spec.get());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name, e);
            }
            process = started;
        }
        // Waiting happens outside the lock so stop() or kill() from another thread (Ctrl-C) can end a slow start.
        try {
            started.awaitHealthy(healthUrl, startupTimeout);
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 10 s). No-op if not running. It may be started again. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /**
     * Stops it for good: a {@link #start()} that races this (a shutdown hook while the main thread is still
     * starting the stack) either spawned its process before, and that process is stopped here, or fails after.
     */
    public synchronized void close() {
        closed = true;
        stop();
    }

    /** Abrupt stop (SIGKILL), e.g. to prove the rest keeps working when this one crashes. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** Stops gracefully, then starts again on the same ports and data directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The current (or last) process, if started at least once. */
    @Override
    public synchronized Optional<ManagedProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public String name() {
        return name;
    }

    /** The main port: the control plane's HTTP port, the gateway's agent port, the mock's port. */
    public int port() {
        return port;
    }

    /** The interface it binds (127.0.0.1 unless the stack says otherwise). */
    public String host() {
        return host;
    }

    /** {@code http://host:port}, no trailing slash. */
    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public URI healthUrl() {
        return healthUrl;
    }

    public Path logFile() {
        return spec.get().logFile();
    }

    /** What the next {@link #start()} runs: command, environment, working directory and log file. */
    public ProcessSpec processSpec() {
        return spec.get();
    }

    @Override
    public String toString() {
        return name + " on " + baseUrl();
    }
}
