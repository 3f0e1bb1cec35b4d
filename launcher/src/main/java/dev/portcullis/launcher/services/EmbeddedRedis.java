package dev.portcullis.launcher.services;

import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis 6.2 server run from the binary bundled in codemonstur's embedded-redis, bound to 127.0.0.1.
 *
 * <p>We start the binary ourselves (as a {@link ManagedProcess}) rather than through embedded-redis' own runner so it
 * gets the same supervision as the other children: its own session, a log file, SIGTERM on stop. A persistent server
 * keeps an append-only file ({@code appendonly.aof}, fsync every second) in its directory, so counters and the
 * analytics stream survive a restart; a temporary one keeps nothing on disk.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessSpec spec;
    private final RedisEndpoint endpoint;
    private final Path temporaryDirectory;
    /** The process started last; guarded by {@code this}, like {@link #closed}. */
    private ManagedProcess process;
    private boolean closed;

    private EmbeddedRedis(ProcessSpec spec, RedisEndpoint endpoint, Path temporaryDirectory) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.temporaryDirectory = temporaryDirectory;
    }

    /** Starts a server persisting to {@code dataDirectory}; {@code port} 0 picks a free one. */
    public static EmbeddedRedis startPersistent(Path dataDirectory, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDirectory);
        return start(dataDirectory.toAbsolutePath(), port, logFile, true, null);
    }

    /** Starts a server on a free port with no persistence; {@link #close()} stops it and deletes its files. */
    public static EmbeddedRedis startTemporary() throws IOException {
        Path directory = Files.createTempDirectory("portcullis-redis-");
        return start(directory, 0, directory.resolve("redis.log"), false, directory);
    }

    private static EmbeddedRedis start(Path directory, int requestedPort, Path logFile, boolean persistent,
                                       Path temporaryDirectory) throws IOException {
        int port = requestedPort == 0 ? FreePorts.pick() : requestedPort;
        List<String> command = new ArrayList<>(List.of(binary().getAbsolutePath(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", directory.toString(),
                "--save", ""));
        if (persistent) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        EmbeddedRedis redis = new EmbeddedRedis(new ProcessSpec("redis", command, Map.of(), directory, logFile),
                RedisEndpoint.local(port), temporaryDirectory);
        try {
            redis.start();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return redis;
    }

    /**
     * Starts the server (again: same port, same directory) and waits until it answers PING.
     *
     * @throws dev.portcullis.launcher.process.ProcessFailureException if it exits or does not answer in time
     * @throws IllegalStateException if it runs already, or once it is closed
     */
    public void start() {
        ManagedProcess started;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("redis is closed");
            }
            if (process != null && process.isAlive()) {
                throw new IllegalStateException("redis is already running");
            }
            try {
                started = ManagedProcess.start(spec);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start redis", e);
            }
            process = started;
        }
        try {
            started.awaitCondition(() -> RespClient.answersPing(endpoint, Duration.ofSeconds(1)), STARTUP_TIMEOUT,
                    "did not answer PING on port " + endpoint.port());
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
    }

    private static File binary() throws IOException {
        return ExecutableProvider.newJarResourceProvider().get();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return endpoint.url();
    }

    /** The process started last. */
    public synchronized ManagedProcess process() {
        return process;
    }

    /** SIGTERM: Redis flushes its append-only file and exits. For good: a {@link #start()} after this fails. */
    @Override
    public void close() {
        ManagedProcess last;
        synchronized (this) {
            closed = true;
            last = process;
        }
        last.stop();
        if (temporaryDirectory != null) {
            deleteRecursively(temporaryDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
