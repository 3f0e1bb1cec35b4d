package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group on this machine's kernel where the test may make one (root, cgroup v1's cpu controller, Linux 5.15 or
 * later: CI's machines), and the reasons given where it may not (a cgroup filesystem laid out in a folder).
 */
class IdleCpuGroupIT {

    @TempDir
    Path folder;

    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void movesAProcessInAndOutAndSetsItsPriorityOnThisKernel() throws Exception {
        IdleCpuGroup.Created created = IdleCpuGroup.create(IdleCpuGroup.Hierarchies.SYSTEM);
        if (created instanceof IdleCpuGroup.Created.Unavailable unavailable) {
            assertThat(unavailable.reason()).as("where the group cannot be made, the reason says so")
                    .containsAnyOf("root", "no cgroup", "Linux 5.15");
            assertThat(CpuCgroups.mayMakeIdleGroups()).as("where this test may make an idle cgroup, the group is made")
                    .isFalse();
            return;
        }
        IdleCpuGroup group = ((IdleCpuGroup.Created.Made) created).group();
        Path directory = group.directory();
        String own = CpuCgroups.of(ProcessHandle.current().pid());
        try {
            assertThat(directory.getFileName().toString())
                    .isEqualTo("portcullis-up-" + IdleCpuGroup.owner(ProcessHandle.current()));
            assertThat(directory.getFileName().toString()).matches("portcullis-up-\\d+-\\d{13}");
            assertThat(read(directory.resolve("cpu.idle"))).isEqualTo("1");
            child = new ProcessBuilder("sleep", "60").start();

            assertThat(group.adopt(child.pid())).isTrue();

            assertThat(CpuCgroups.of(child.pid())).endsWith("/" + directory.getFileName());
            assertThat(group.processes()).containsExactly(child.pid());
            assertThat(CpuCgroups.of(ProcessHandle.current().pid())).isEqualTo(own);

            group.share(2);
            assertThat(read(directory.resolve("cpu.idle"))).isEqualTo("0");
            if (Files.exists(directory.resolve("cpu.shares"))) {
                assertThat(read(directory.resolve("cpu.shares"))).isEqualTo("220");
            } else {
                assertThat(read(directory.resolve("cpu.weight"))).isEqualTo("21");
            }
            group.idle();
            assertThat(read(directory.resolve("cpu.idle"))).isEqualTo("1");
        } finally {
            group.close();
        }
        assertThat(directory).doesNotExist();
        assertThat(CpuCgroups.of(child.pid())).as("back in the launcher's cgroup").isEqualTo(own);
        assertThat(group.adopt(child.pid())).as("the group is gone").isFalse();
    }

    @Test
    void aGroupLeftByALauncherThatIsGoneIsRemovedWithItsProcessesMovedHome() throws Exception {
        if (!CpuCgroups.mayMakeIdleGroups()) {
            assertThat(IdleCpuGroup.create(IdleCpuGroup.Hierarchies.SYSTEM))
                    .isInstanceOf(IdleCpuGroup.Created.Unavailable.class);
            return;
        }
        String own = CpuCgroups.of(ProcessHandle.current().pid());
        Path home = CpuCgroups.own();
        // This pid with another start time: the launcher that made it is gone, and its pid was given again since.
        Path left = home.resolve("portcullis-up-" + ProcessHandle.current().pid() + "-1000000000000");
        Path older = home.resolve("portcullis-up-" + ProcessHandle.current().pid()); // an earlier release's name
        Process living = new ProcessBuilder("sleep", "60").start(); // another launcher, still running
        Path kept = home.resolve("portcullis-up-" + IdleCpuGroup.owner(living.toHandle()));
        Files.createDirectory(left);
        Files.createDirectory(older);
        Files.createDirectory(kept);
        child = new ProcessBuilder("sleep", "60").start();
        Files.writeString(left.resolve("cgroup.procs"), Long.toString(child.pid()), StandardCharsets.US_ASCII);
        assertThat(CpuCgroups.of(child.pid())).endsWith("/" + left.getFileName());

        IdleCpuGroup.Created created = IdleCpuGroup.create(IdleCpuGroup.Hierarchies.SYSTEM);
        try {
            assertThat(created).isInstanceOf(IdleCpuGroup.Created.Made.class);
            assertThat(left).doesNotExist();
            assertThat(older).doesNotExist();
            assertThat(kept).as("the group of a launcher still running").isDirectory();
            assertThat(CpuCgroups.of(child.pid())).isEqualTo(own);
        } finally {
            if (created instanceof IdleCpuGroup.Created.Made made) {
                made.group().close();
            }
            child.destroyForcibly();
            living.destroyForcibly();
            for (Path group : List.of(left, older, kept)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try {
                        Files.deleteIfExists(group);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        }
    }

    @Test
    void noCgroupFileMeansNoGroupAndSaysSo() {
        IdleCpuGroup.Created created = IdleCpuGroup.create(new IdleCpuGroup.Hierarchies(folder,
                folder.resolve("missing")));

        assertThat(created).isEqualTo(new IdleCpuGroup.Created.Unavailable("no cgroups here ("
                + folder.resolve("missing") + " unreadable)"));
    }

    @Test
    void aProcessOutsideEveryCpuControllerHasNoGroup() throws IOException {
        Path own = Files.writeString(folder.resolve("cgroup"), "5:memory:/\n0::/user.slice\n");
        Files.createDirectories(folder.resolve("user.slice"));
        Files.writeString(folder.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(folder.resolve("user.slice/cgroup.subtree_control"), "memory\n");

        IdleCpuGroup.Created created = IdleCpuGroup.create(new IdleCpuGroup.Hierarchies(folder, own));

        assertThat(created).isInstanceOfSatisfying(IdleCpuGroup.Created.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).startsWith("no cgroup cpu controller for this process"));
        assertThat(folder.resolve("user.slice/portcullis-up-" + ProcessHandle.current().pid())).doesNotExist();
    }

    @Test
    void aCgroupThatCannotBeWrittenSaysRootOrADelegatedCgroupIsNeeded() throws IOException {
        Path own = Files.writeString(folder.resolve("cgroup"), "4:cpu,cpuacct:/\n");
        Path hierarchy = Files.createDirectories(folder.resolve("cpu,cpuacct"));
        Files.writeString(hierarchy.resolve("cpu.shares"), "1024\n");
        Path inTheWay = hierarchy.resolve("portcullis-up-" + IdleCpuGroup.owner(ProcessHandle.current()));
        Files.writeString(inTheWay, "in the way");

        IdleCpuGroup.Created created = IdleCpuGroup.create(new IdleCpuGroup.Hierarchies(folder, own));

        assertThat(created).isEqualTo(new IdleCpuGroup.Created.Unavailable("cannot make " + inTheWay
                + " (FileAlreadyExistsException: " + inTheWay + "; root, or a delegated cgroup, is needed)"));
    }

    @Test
    void theWatchGivesTheGroupItsShareWhenTheLauncherIsKilledAndEnds() throws Exception {
        layOutAHierarchy();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WatchingLauncher.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Path directory;
        try (BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            directory = Path.of(said.readLine());
        }
        long launcher = child.pid();
        assertThat(watchesOf(launcher)).hasSize(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> read(directory.resolve("cpu.idle")).equals("1"));

        child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing closed but by the kernel

        await().atMost(Duration.ofSeconds(10)).until(() -> read(directory.resolve("cpu.idle")).equals("0")
                && read(directory.resolve("cpu.shares")).equals("220") && watchesOf(launcher).isEmpty());
    }

    @Test
    void closeTellsTheWatchToEndWithoutWriting() throws Exception {
        layOutAHierarchy();
        IdleCpuGroup.Created created = IdleCpuGroup.create(new IdleCpuGroup.Hierarchies(folder,
                folder.resolve("cgroup")));
        IdleCpuGroup group = ((IdleCpuGroup.Created.Made) created).group();
        Path directory = group.directory();
        group.shareWhenGone(1);
        assertThat(watchesOf(ProcessHandle.current().pid())).hasSize(1);

        group.close(); // the group cannot be removed here (its files are plain files in a folder)

        assertThat(watchesOf(ProcessHandle.current().pid())).isEmpty();
        assertThat(read(directory.resolve("cpu.idle"))).isEqualTo("1");
        assertThat(directory.resolve("cpu.weight")).doesNotExist();
    }

    /** A cgroup v1 hierarchy laid out in the folder: a group made there has plain files. */
    private void layOutAHierarchy() throws IOException {
        Files.writeString(folder.resolve("cgroup"), "4:cpu,cpuacct:/\n");
        Path hierarchy = Files.createDirectories(folder.resolve("cpu,cpuacct"));
        Files.writeString(hierarchy.resolve("cpu.shares"), "1024\n");
    }

    /** The running watches of the process with this pid. */
    private static List<ProcessHandle> watchesOf(long pid) {
        return ProcessHandle.allProcesses().filter(process -> process.info().arguments()
                .map(arguments -> List.of(arguments).containsAll(List.of(IdleCpuGroup.WATCH_NAME,
                        Long.toString(pid))))
                .orElse(false)).toList();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
