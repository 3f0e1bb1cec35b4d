package dev.portcullis.launcher.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cgroup of the cpu controller whose processes run at idle priority ({@code cpu.idle} 1: any other task that wakes
 * takes the CPU from them at once) or, when {@link #share} is called, with the CPU share of nice-10 autogroups. This is
 * what a scheduler's nice value cannot give a process of its own session: between the autogroups of sessions a
 * waking task waits for the running one's slice to end, however low that one's priority.
 *
 * <p>Made as a child of the launcher's own cgroup, in cgroup v1's cpu hierarchy or in v2's when its cpu controller
 * is enabled there; making it needs the right to write there (root, or a delegated subtree) and Linux 5.15 or later
 * ({@code cpu.idle}). {@link #create} says why it could not. {@link #close} moves what is left back to the
 * launcher's cgroup and removes the group; a launcher killed with SIGKILL leaves it, given its share by
 * {@link #shareWhenGone}'s watch, and the next one's {@link #create} removes it (its processes moved back) once no
 * process has that launcher's pid and start time. Not thread-safe.
 */
public final class IdleCpuGroup implements AutoCloseable {

    /** Where the kernel mounts the cgroup hierarchies, and the launcher's own cgroups. */
    public record Hierarchies(Path mounts, Path ownCgroups) {
        public static final Hierarchies SYSTEM = new Hierarchies(Path.of("/sys/fs/cgroup"),
                Path.of("/proc/self/cgroup"));
    }

    /** The outcome of {@link #create}: a group, or why there is none. */
    public sealed interface Created {
        record Made(IdleCpuGroup group) implements Created {
        }

        record Unavailable(String reason) implements Created {
        }
    }

    /** The prefix of the groups' names; the rest is {@link #owner}. */
    static final String NAME_PREFIX = "portcullis-up-";
    /** The kernel's weight of a nice-10 task or autogroup (its table: 110 against nice 0's 1024). */
    static final int NICE_10_WEIGHT = 110;
    /** In {@link #shareWhenGone}'s watch's arguments, to find it ({@code pgrep -f portcullis-up-cpu-watch}). */
    public static final String WATCH_NAME = "portcullis-up-cpu-watch";
    /** How long {@link #close} waits for the watch to end. */
    private static final Duration WATCH_STOP = Duration.ofSeconds(2);
    /**
     * Arguments: the launcher's pid (for whoever lists processes), then pairs of a file and the value to write to it
     * when the launcher is gone: when its standard input ends without the word {@code stop}.
     */
    private static final String WATCH_SCRIPT = """
            shift
            read -r said
            [ "$said" = stop ] && exit 0
            while [ $# -ge 2 ]; do printf %s "$2" > "$1"; shift 2; done
            """;

    /**
     * The group's directory; its parent is the launcher's cgroup, where what is left goes back at the end. Its files
     * say which cgroup version it is: v1's have {@code cpu.shares}.
     */
    private final Path directory;
    /** The process that gives the group its share when the launcher is gone ({@link #shareWhenGone}); or null. */
    private Process watch;

    private IdleCpuGroup(Path directory) {
        this.directory = directory;
    }

    /** Makes this launcher's group ({@code portcullis-up-<pid>-<start>}), at idle priority. */
    public static Created create(Hierarchies hierarchies) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hierarchies.ownCgroups(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return new Created.Unavailable("no cgroups here (" + hierarchies.ownCgroups() + " unreadable)");
        }
        Optional<Path> home = v1CpuHome(hierarchies.mounts(), lines);
        if (home.isEmpty()) {
            home = v2CpuHome(hierarchies.mounts(), lines);
        }
        if (home.isEmpty()) {
            return new Created.Unavailable("no cgroup cpu controller for this process (v1's cpu hierarchy, or v2 with"
                    + " +cpu in the cgroup.subtree_control of its cgroup, which v2 allows in the root cgroup only)");
        }
        removeLeftovers(home.get());
        Path directory = home.get().resolve(NAME_PREFIX + owner(ProcessHandle.current()));
        try {
            Files.createDirectory(directory);
        } catch (IOException e) {
            return new Created.Unavailable("cannot make " + directory + " (" + explain(e)
                    + "; root, or a delegated cgroup, is needed)");
        }
        IdleCpuGroup group = new IdleCpuGroup(directory);
        try {
            group.idle();
            return new Created.Made(group);
        } catch (UncheckedIOException e) {
            group.close();
            return new Created.Unavailable("cannot set cpu.idle in " + directory + " (Linux 5.15 or later has it)");
        }
    }

    /** The group's directory in the cgroup filesystem. */
    public Path directory() {
        return directory;
    }

    /** Moves {@code pid} (all its threads) into the group; false when it is gone or cannot be moved. */
    public boolean adopt(long pid) {
        return move(pid, directory).isEmpty();
    }

    /** Moves {@code pid} into the group; empty when it did, else why not (the kernel's refusal). */
    public Optional<String> adoptOrExplain(long pid) {
        return move(pid, directory);
    }

    /** The processes in the group. */
    public List<Long> processes() {
        return ids(directory.resolve("cgroup.procs"));
    }

    /** Idle priority: the group's processes get a CPU only when no other task wants it. */
    public void idle() {
        write(directory.resolve("cpu.idle"), "1");
    }

    /**
     * The share of the CPU that {@code sessions} autogroups at nice 10 have against the others (each process of
     * another session has one of nice 0): lower than theirs, but never starved. cgroup v1's {@code cpu.shares} is
     * that weight; v2's {@code cpu.weight} is on a scale where nice 0 is 100.
     */
    public void share(int sessions) {
        shareSettings(sessions).forEach(setting -> write(setting.file(), setting.value()));
    }

    /**
     * Starts a watch that gives the group {@link #share}'s share once this process, the launcher, is gone: a
     * launcher killed with SIGKILL leaves its children running, and unwatched they must not stay at idle priority,
     * where a machine kept busy would starve the ingest until the analytics stream reached its cap. The watch is a
     * shell of its own session ({@code setsid}: a Ctrl-C in the launcher's terminal does not reach it) reading a pipe
     * whose other end only this process holds; the kernel closes that end when the process ends, however it ends
     * (a zombie's or a reused pid does not matter), and the shell then writes the share and exits. {@link #close}
     * tells it to exit without writing.
     */
    public void shareWhenGone(int sessions) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(ManagedProcess.SETSID)) {
            command.add(ManagedProcess.SETSID.toString());
        }
        command.addAll(List.of("/bin/sh", "-c", WATCH_SCRIPT, WATCH_NAME,
                Long.toString(ProcessHandle.current().pid())));
        shareSettings(sessions).forEach(setting -> command.addAll(List.of(setting.file().toString(), setting.value())));
        watch = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Moves the processes left in the group back to the launcher's cgroup and removes the group. Best effort. */
    @Override
    public void close() {
        if (watch != null) {
            stopWatch();
        }
        empty(directory, directory.getParent());
    }

    /** Tells the watch to exit without writing, and waits for it a little. */
    private void stopWatch() {
        try (OutputStream said = watch.getOutputStream()) {
            said.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // It is gone already (killed by someone): nothing will be written.
        }
        try {
            if (!watch.waitFor(WATCH_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                watch.destroy();
            }
        } catch (InterruptedException e) {
            watch.destroy();
            Thread.currentThread().interrupt();
        }
    }

    /** A value for one of the group's files. */
    private record Setting(Path file, String value) {
    }

    /** {@link #share}'s settings, in order: out of idle priority first, then the weight. */
    private List<Setting> shareSettings(int sessions) {
        int weight = NICE_10_WEIGHT * sessions;
        Path v1Shares = directory.resolve("cpu.shares");
        long v2Weight = Math.max(1, Math.round(weight * 100 / 1024.0));
        Setting weightSetting = Files.exists(v1Shares) ? new Setting(v1Shares, Integer.toString(weight))
                : new Setting(directory.resolve("cpu.weight"), Long.toString(v2Weight));
        return List.of(new Setting(directory.resolve("cpu.idle"), "0"), weightSetting);
    }

    private static Optional<Path> v1CpuHome(Path mounts, List<String> lines) {
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && List.of(fields[1].split(",")).contains("cpu")) {
                for (String mount : List.of(fields[1], "cpu", "cpu,cpuacct")) {
                    Path root = mounts.resolve(mount);
                    if (Files.isRegularFile(root.resolve("cpu.shares"))) {
                        return Optional.of(root.resolve(relative(fields[2])));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> v2CpuHome(Path mounts, List<String> lines) {
        if (!Files.isRegularFile(mounts.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        for (String line : lines) {
            if (line.startsWith("0::")) {
                Path home = mounts.resolve(relative(line.substring(3)));
                try {
                    String enabled = Files.readString(home.resolve("cgroup.subtree_control"),
                            StandardCharsets.US_ASCII);
                    return List.of(enabled.strip().split(" ")).contains("cpu") ? Optional.of(home) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String relative(String cgroupPath) {
        String path = cgroupPath.strip();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * {@code <pid>-<start>}: the launcher's pid and when it started (ms since the epoch), so that a group outlives
     * neither its launcher nor a pid reused since.
     */
    static String owner(ProcessHandle launcher) {
        long started = launcher.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return launcher.pid() + "-" + started;
    }

    /**
     * Groups of launchers that are gone (killed with SIGKILL): their processes go home, the groups away. A group is
     * gone when no process has the pid and start time in its name.
     */
    private static void removeLeftovers(Path home) {
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(home, NAME_PREFIX + "*")) {
            for (Path group : groups) {
                String name = group.getFileName().toString().substring(NAME_PREFIX.length());
                String[] parts = name.split("-", 2);
                boolean alive = parts.length == 2 && parts[0].chars().allMatch(Character::isDigit)
                        && !parts[0].isEmpty() && ProcessHandle.of(Long.parseLong(parts[0]))
                                .map(process -> owner(process).equals(name)).orElse(false);
                if (Files.isDirectory(group) && !alive) {
                    empty(group, home);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not ours to insist on: the new group is made beside it.
        }
    }

    private static void empty(Path group, Path home) {
        for (int attempt = 0; attempt < 20 && Files.isDirectory(group); attempt++) {
            ids(group.resolve("cgroup.procs")).forEach(pid -> move(pid, home));
            try {
                Files.delete(group);
                return;
            } catch (IOException e) {
                // A process exiting or being forked while it was emptied: look again.
                pause();
            }
        }
    }

    private static Optional<String> move(long pid, Path group) {
        try {
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid), StandardCharsets.US_ASCII);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(explain(e));
        }
    }

    /** An I/O failure as one line: its kind and the system's message ({@code Operation not supported}, ...). */
    private static String explain(IOException e) {
        String message = e.getMessage();
        if (e instanceof FileSystemException system && system.getReason() != null) {
            message = system.getReason();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static List<Long> ids(Path file) {
        List<Long> ids = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            lines.map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> ids.add(Long.parseLong(line)));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return ids;
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
