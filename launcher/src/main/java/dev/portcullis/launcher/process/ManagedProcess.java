package dev.portcullis.launcher.process;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One supervised child process whose output goes to a log file.
 *
 * <p>On Linux the child runs in its own session ({@code setsid}), so a Ctrl-C in the launcher's terminal reaches
 * only the launcher, which then stops the children in a deliberate order. While it runs, a {@link PidFile} beside
 * its log names it, so a launcher killed with SIGKILL can be followed by one that stops the leftovers. A spec with a
 * {@link ProcessSpec#niceness()} runs at a lower CPU priority ({@link CpuPriority}). Methods are thread-safe.
 */
public final class ManagedProcess {

    /** How long {@link #stop()} waits after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final ProcessSpec spec;
    private final Process process;
    private volatile boolean stopRequested;

    private ManagedProcess(ProcessSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the child; returns once it is spawned (not yet healthy). */
    public static ManagedProcess start(ProcessSpec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        Files.writeString(spec.logFile(), "---- " + spec.name() + " starting at " + Instant.now() + " ----\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>();
        boolean ownSession = Files.isExecutable(SETSID);
        if (ownSession) {
            command.add(SETSID.toString());
        }
        command.addAll(CpuPriority.prefix(spec.niceness()));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = spec.environmentOver(Map.copyOf(builder.environment()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        PidFile pidFile = PidFile.besideLog(spec.logFile());
        try {
            pidFile.write(process.pid(), spec.workingDirectory(), spec.command());
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        process.onExit().thenRun(() -> pidFile.deleteIfItNames(process.pid()));
        if (ownSession && spec.niceness() > 0) {
            CpuPriority.lowerSessionGroup(process.pid(), spec.niceness());
        }
        return new ManagedProcess(spec, process);
    }

    public String name() {
        return spec.name();
    }

    public Path logFile() {
        return spec.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True once {@link #stop()} or {@link #kill()} was called: an exit after that is expected. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Completes when the process exits, for whatever reason. */
    public CompletableFuture<ManagedProcess> onExit() {
        return process.onExit().thenApply(ignored -> this);
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * Polls {@code healthUrl} until it answers 200. Fails at once if the process exits, and after {@code timeout}
     * otherwise; both failures name the process and its log.
     */
    public void awaitHealthy(URI healthUrl, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).GET().build();
        awaitCondition(() -> answers200(request), timeout, "did not become healthy at " + healthUrl);
    }

    /** Waits until {@code condition} holds, failing like {@link #awaitHealthy} if the process dies or time runs out. */
    public void awaitCondition(BooleanSupplier condition, Duration timeout, String failureMessage) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new ProcessFailureException(spec.name() + " exited with code " + process.exitValue()
                        + " while starting", spec.logFile());
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ProcessFailureException(spec.name() + " " + failureMessage + " within "
                        + timeout.toSeconds() + " s", spec.logFile());
            }
            waitForExit(POLL_INTERVAL);
        }
    }

    /** SIGTERM, then SIGKILL if still running after {@link #STOP_GRACE}. Returns when the process is gone. */
    public void stop() {
        stopRequested = true;
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_GRACE)) {
            process.destroyForcibly();
            waitForExit(STOP_GRACE);
        }
    }

    /** SIGKILL (like {@code kill -9}): no shutdown hooks run. Returns when the process is gone. */
    public void kill() {
        stopRequested = true;
        process.destroyForcibly();
        waitForExit(STOP_GRACE);
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public List<String> logTail(int lines) {
        return LogTail.read(spec.logFile(), lines);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static boolean answers200(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.uri(), e);
        }
    }

    @Override
    public String toString() {
        return spec.name() + " (pid " + process.pid() + ")";
    }
}
