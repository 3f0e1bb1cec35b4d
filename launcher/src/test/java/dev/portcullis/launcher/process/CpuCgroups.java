package dev.portcullis.launcher.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the tests of {@link IdleCpuGroup} and of {@code up} read of this machine's cgroup v1 cpu hierarchy. */
public final class CpuCgroups {

    private static final Path MOUNT = Path.of("/sys/fs/cgroup/cpu");

    private CpuCgroups() {
    }

    /**
     * Whether this test may make an idle group beside itself in cgroup v1's cpu hierarchy: a cgroup made there (then
     * removed again) has {@code cpu.idle}. Not root, a read-only cgroup filesystem, a container whose cgroup path
     * is not where the hierarchy is mounted, or a kernel before 5.15 all say no.
     */
    public static boolean mayMakeIdleGroups() throws IOException {
        Path home = own();
        if (home == null || !Files.isDirectory(home)) {
            return false;
        }
        Path probe = home.resolve("portcullis-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
        } catch (IOException e) {
            return false;
        }
        try {
            return Files.isRegularFile(probe.resolve("cpu.idle"));
        } finally {
            Files.delete(probe);
        }
    }

    /** This process's cgroup in cgroup v1's cpu hierarchy, when mounted at /sys/fs/cgroup/cpu; else null. */
    public static Path own() throws IOException {
        if (!Files.isRegularFile(MOUNT.resolve("cpu.shares"))) {
            return null;
        }
        return MOUNT.resolve(of(ProcessHandle.current().pid()).substring(1));
    }

    /** The process's cgroup in the cpu controller's hierarchy (v1), else v2's; empty when it is gone. */
    public static String of(long pid) {
        try {
            String v2 = "";
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                String[] fields = line.split(":", 3);
                if (List.of(fields[1].split(",")).contains("cpu")) {
                    return fields[2];
                }
                if (fields[0].equals("0")) {
                    v2 = fields[2];
                }
            }
            return v2;
        } catch (IOException e) {
            return "";
        }
    }
}
