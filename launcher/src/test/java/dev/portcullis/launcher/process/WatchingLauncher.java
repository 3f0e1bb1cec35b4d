package dev.portcullis.launcher.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A launcher stand-in for {@link IdleCpuGroupIT}, run as a process of its own: makes a group in a folder laid out as
 * cgroup v1's hierarchy ({@code <folder>/cgroup}, {@code <folder>/cpu,cpuacct}), starts its watch, prints the
 * group's directory and waits to be killed.
 */
final class WatchingLauncher {

    private WatchingLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        IdleCpuGroup.Created created = IdleCpuGroup.create(new IdleCpuGroup.Hierarchies(folder,
                folder.resolve("cgroup")));
        IdleCpuGroup group = ((IdleCpuGroup.Created.Made) created).group();
        Files.writeString(group.directory().resolve("cpu.shares"), "1024"); // as in cgroup v1's hierarchy
        group.shareWhenGone(2);
        System.out.println(group.directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
