package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.CpuPriority;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessFailureException;
import dev.portcullis.launcher.process.Supervised;
import dev.portcullis.launcher.services.EmbeddedPostgres;
import dev.portcullis.launcher.stack.PortcullisStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded PostgreSQL as a {@link Supervised} child. Zonky starts it with {@code pg_ctl}, so the postmaster is
 * not a child process of ours: it is watched through the pid in its {@code postmaster.pid}, and started again on the
 * same port and data directory. Thread-safe; {@link #close()} is for good.
 */
final class RestartablePostgres implements Supervised {

    static final String NAME = "PostgreSQL";

    private final Path dataDirectory;
    private final int port;
    private final Path logFile;
    /** Guarded by {@code this}, like the fields below. */
    private EmbeddedPostgres current;
    /** Written under {@code this}; volatile for {@link #pid()}, which must not wait for a start in progress. */
    private volatile ProcessHandle postmaster;
    private boolean closed;

    RestartablePostgres(EmbeddedPostgres started, Path dataDirectory, Path logFile) {
        this.dataDirectory = dataDirectory;
        this.port = started.server().port();
        this.logFile = logFile;
        this.current = started;
        this.postmaster = postmaster(dataDirectory).orElse(null);
        lowerPriority(postmaster);
    }

    /**
     * PostgreSQL works for the control plane alone (its share of the analytics ingest is the larger one), so it runs
     * at the control plane's lower CPU priority: a gateway answering agents goes first.
     */
    private static void lowerPriority(ProcessHandle server) {
        if (server != null) {
            CpuPriority.lowerGroupOf(server.pid(), PortcullisStack.CONTROL_PLANE_NICENESS);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<ManagedProcess> process() {
        return Optional.empty();
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    /** The postmaster's pid while it runs; does not wait for a start in progress (that takes up to a minute). */
    Optional<Long> pid() {
        ProcessHandle running = postmaster;
        return running != null && running.isAlive() ? Optional.of(running.pid()) : Optional.empty();
    }

    @Override
    public synchronized Optional<CompletableFuture<?>> exit() {
        if (closed || postmaster == null) {
            return Optional.empty();
        }
        return Optional.of(postmaster.onExit());
    }

    @Override
    public synchronized Optional<String> unexpectedExit() {
        if (closed || postmaster == null || postmaster.isAlive()) {
            return Optional.empty();
        }
        return Optional.of("exited");
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(NAME + " is closed");
        }
        if (postmaster != null && postmaster.isAlive()) {
            throw new IllegalStateException(NAME + " is already running");
        }
        try {
            // Releases the data directory lock the dead server's instance holds (its pg_ctl stop fails quietly).
            current.close();
            current = EmbeddedPostgres.startPersistent(dataDirectory, port, logFile);
        } catch (IOException | RuntimeException e) {
            postmaster = null;
            throw new ProcessFailureException(NAME + " did not start: " + e.getMessage(), logFile);
        }
        postmaster = postmaster(dataDirectory).orElse(null);
        lowerPriority(postmaster);
    }

    /** Fast shutdown of the running server; a {@link #start()} after this fails. */
    void close() throws IOException {
        EmbeddedPostgres last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        last.close();
    }

    private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
