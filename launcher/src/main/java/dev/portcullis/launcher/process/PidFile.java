package dev.portcullis.launcher.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code <name>.pid} next to a child's log: its pid, its working directory, then its command (program and
 * arguments), one per line. Written when the child starts and deleted when it exits, so a file that is still there
 * names a child whose launcher died without stopping it (SIGKILL). Before such a process is stopped it is checked to
 * be the recorded one: same executable and same working directory (read from {@code /proc}; where that cannot be
 * read, the arguments must match exactly). Arguments alone are not enough: Redis rewrites its process title. A pid
 * the system has since given to an unrelated process is therefore never signalled.
 */
public record PidFile(Path file) {

    /** The pid file of the child that logs to {@code logFile}: {@code logs/control-plane.log} -> {@code .pid}. */
    public static PidFile besideLog(Path logFile) {
        String name = logFile.getFileName().toString();
        String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        return new PidFile(logFile.resolveSibling(base + ".pid"));
    }

    /** Every pid file in {@code directory}; empty when it does not exist. */
    public static List<PidFile> in(Path directory) {
        List<PidFile> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(directory, "*.pid")) {
            pids.forEach(path -> files.add(new PidFile(path)));
        } catch (IOException e) {
            return files;
        }
        return files;
    }

    void write(long pid, Path workingDirectory, List<String> command) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Long.toString(pid));
        lines.add(workingDirectory.toAbsolutePath().toString());
        lines.addAll(command);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file is checked against the process arguments before it is acted on
        }
    }

    /** Deletes the file unless it names another process by now: the restarted child wrote it again. */
    void deleteIfItNames(long pid) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).trim().equals(Long.toString(pid))) {
                delete();
            }
        } catch (IOException ignored) {
            // gone already
        }
    }

    /**
     * The recorded process, when it still runs as recorded. The file is deleted when it names no such process.
     */
    public Optional<ProcessHandle> liveProcess() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = Optional.empty();
        if (lines.size() >= 3) {
            try {
                process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(handle -> isRecorded(handle, Path.of(lines.get(1)), lines.subList(2, lines.size())));
            } catch (NumberFormatException e) {
                process = Optional.empty();
            }
        }
        if (process.isEmpty()) {
            delete();
        }
        return process;
    }

    private static boolean isRecorded(ProcessHandle handle, Path workingDirectory, List<String> command) {
        String executable = handle.info().command().orElse("");
        if (!executable.equals(realPath(Path.of(command.get(0))))) {
            return false;
        }
        Path cwd = Path.of("/proc", Long.toString(handle.pid()), "cwd");
        if (Files.exists(cwd)) {
            return realPath(cwd).equals(realPath(workingDirectory));
        }
        return handle.info().arguments().map(List::of).orElse(List.of())
                .equals(command.subList(1, command.size()));
    }

    private static String realPath(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            return path.toAbsolutePath().toString();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns when the process is gone. */
    public static void stop(ProcessHandle process, Duration grace) {
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, grace);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
