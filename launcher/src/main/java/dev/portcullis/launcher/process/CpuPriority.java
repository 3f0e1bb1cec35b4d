package dev.portcullis.launcher.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child at a lower CPU priority than the launcher's (a higher nice value), so that on a shared machine it
 * gets the CPU only when the others do not want it.
 *
 * <p>Two steps, because of Linux's autogroup scheduling (on by default on most kernels): with it the CPU is first
 * shared between groups, one per session, and a nice value only ranks a process against the others of its own
 * session. A child started with {@code setsid} has a session, and so a group, of its own: its nice value alone
 * would change nothing, so its group's is set too ({@code /proc/<pid>/autogroup}). Without autogroup scheduling
 * (or without {@code setsid}) the nice value the child was started with does the work. Both are best effort: a
 * system without {@code nice} or {@code /proc} runs the child at the launcher's priority.
 */
public final class CpuPriority {

    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path OWN_GROUP = Path.of("/proc/self/autogroup");
    /** How long to wait for the child's {@code setsid}: until then it is still in the launcher's group. */
    private static final long GROUP_WAIT_NANOS = 2_000_000_000L;

    private CpuPriority() {
    }

    /** The command prefix that starts a program with {@code niceness}; empty when 0 or without {@code nice}. */
    static List<String> prefix(int niceness) {
        if (niceness <= 0 || !Files.isExecutable(NICE)) {
            return List.of();
        }
        return List.of(NICE.toString(), "-n", Integer.toString(niceness));
    }

    /**
     * Gives the autogroup of {@code pid}, a child that calls {@code setsid} before it runs its program, the nice
     * value {@code niceness}, once the child is in a group of its own: never the launcher's group. Returns whether
     * it was set.
     */
    static boolean lowerSessionGroup(long pid, int niceness) {
        return lowerGroup(pid, niceness, GROUP_WAIT_NANOS);
    }

    /**
     * Gives the autogroup of {@code pid}, a running process with a session of its own (a server that detached
     * itself, such as PostgreSQL's postmaster), the nice value {@code niceness}: every process of that session
     * runs at the lower priority, those it starts later too. Nothing when {@code pid} shares the launcher's group.
     * Returns whether it was set.
     */
    public static boolean lowerGroupOf(long pid, int niceness) {
        return lowerGroup(pid, niceness, 0);
    }

    private static boolean lowerGroup(long pid, int niceness, long waitNanos) {
        Path group = Path.of("/proc", Long.toString(pid), "autogroup");
        String own = groupName(OWN_GROUP);
        if (niceness <= 0 || own == null) {
            return false; // no autogroup scheduling here
        }
        long deadline = System.nanoTime() + waitNanos;
        while (true) {
            String child = groupName(group);
            if (child == null) {
                return false; // gone, or not readable
            }
            if (!child.equals(own)) {
                return write(group, niceness);
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static boolean write(Path group, int niceness) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(group, Integer.toString(niceness), StandardCharsets.US_ASCII);
                return true;
            } catch (IOException e) {
                // The kernel accepts one such change per 100 ms from an unprivileged process (EAGAIN otherwise).
                try {
                    Thread.sleep(110);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** The group's name ({@code /autogroup-42}) from a line like {@code /autogroup-42 nice 0}; null when unreadable. */
    private static String groupName(Path file) {
        try {
            String line = Files.readString(file, StandardCharsets.US_ASCII).strip();
            int space = line.indexOf(' ');
            return space < 0 ? line : line.substring(0, space);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
