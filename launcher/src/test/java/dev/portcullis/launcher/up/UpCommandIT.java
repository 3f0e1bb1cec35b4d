package dev.portcullis.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.launcher.process.CpuCgroups;
import dev.portcullis.launcher.process.FixtureJar;
import dev.portcullis.launcher.process.FixtureServer;
import dev.portcullis.launcher.process.IdleCpuGroup;
import dev.portcullis.launcher.services.FreePorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code Main up} as a real process against a fake repository whose product jars are stand-ins, with the real
 * embedded PostgreSQL and Redis, and stops it the way a user does (SIGINT, as Ctrl-C sends).
 */
class UpCommandIT {

    @TempDir
    Path root;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Map<String, String> environment = new HashMap<>();
    private Process launcher;

    @BeforeEach
    void fakeRepository() throws IOException {
        for (String artifact : List.of("control-plane/target/quarkus-app/quarkus-run.jar",
                "data-plane/target/quarkus-app/quarkus-run.jar", "mock-mcp-server/target/mock-mcp-server.jar")) {
            Path jar = FixtureJar.create(root.resolve("fixtures"), artifact.substring(0, artifact.indexOf('/')));
            Files.createDirectories(root.resolve(artifact).getParent());
            Files.copy(jar, root.resolve(artifact), StandardCopyOption.REPLACE_EXISTING);
        }
        environment.put("PORTCULLIS_CP_PORT", Integer.toString(FreePorts.pick()));
        environment.put("PORTCULLIS_GATEWAY_PORT", Integer.toString(FreePorts.pick()));
        environment.put("PORTCULLIS_GATEWAY_MANAGEMENT_PORT", Integer.toString(FreePorts.pick()));
        environment.put("MOCK_MCP_PORT", Integer.toString(FreePorts.pick()));
    }

    /** SIGTERM, so the launcher stops its children too (after SIGKILL they would outlive it). */
    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        }
    }

    @Test
    void firstStartSeedsAndPrintsTheBannerAndCtrlCStopsEverythingInOrderWithExitZero() throws Exception {
        Path output = root.resolve("first.out");
        launcher = startUp(output);
        awaitBanner(launcher, output);

        String banner = Files.readString(output);
        Path credentials = root.resolve(".portcullis-data/credentials.properties");
        String stored = Files.readString(credentials);
        assertThat(banner).contains("First start: creating the Mock MCP Server proxy");
        assertThat(banner).contains("Demo key        " + FixtureServer.DEMO_KEY);
        assertThat(banner).contains("http://127.0.0.1:" + environment.get("PORTCULLIS_GATEWAY_PORT") + "/mock-mcp/mcp");
        assertThat(banner).contains("npx @modelcontextprotocol/inspector --cli").contains("--method tools/list");
        assertThat(banner).doesNotContain("does not serve the mock-mcp proxy yet");
        assertThat(stored).contains("demo.key=" + FixtureServer.DEMO_KEY).contains("seeded=true");
        String adminToken = stored.lines().filter(line -> line.startsWith("admin.token=")).findFirst().orElseThrow()
                .substring("admin.token=".length());
        assertThat(adminToken).startsWith("pca_").hasSize(4 + 43);
        assertThat(banner).contains("Admin token     " + adminToken);
        String adminPassword = stored.lines().filter(line -> line.startsWith("admin.password=")).findFirst()
                .orElseThrow().substring("admin.password=".length());
        assertThat(adminPassword).hasSize(24);
        assertThat(banner).contains("Sign in as      admin / " + adminPassword);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(root.resolve(".portcullis-data/postgres/PG_VERSION")).exists();
        assertThat(root.resolve(".portcullis-data/logs/control-plane.log")).exists();

        interrupt(launcher);

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
        String shutdown = Files.readString(output);
        assertThat(shutdown).containsSubsequence("stopping gateway gateway-1", "stopping control plane",
                "stopping mock MCP server", "stopping Redis", "stopping PostgreSQL", "Stopped.");
        assertThat(shutdown).doesNotContain("stopped unexpectedly").doesNotContain("restarting");
        for (String port : environment.values()) {
            assertThat(FreePorts.isFree("127.0.0.1", Integer.parseInt(port))).as("port %s released", port).isTrue();
        }

        Path second = root.resolve("second.out");
        launcher = startUp(second);
        awaitBanner(launcher, second);
        assertThat(Files.readString(second)).doesNotContain("First start")
                .contains("Admin token     " + adminToken)
                .contains("Sign in as      admin / " + adminPassword)
                .contains("Demo key        " + FixtureServer.DEMO_KEY);
        interrupt(launcher);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
    }

    @Test
    void aNewMockPortIsWrittenIntoTheSeededProxyOnTheNextStart() throws Exception {
        runUntilBannerAndStop("first.out");
        String newPort = Integer.toString(FreePorts.pick());
        environment.put("MOCK_MCP_PORT", newPort);

        runUntilBannerAndStop("second.out");

        assertThat(Files.readString(root.resolve(".portcullis-data/control-plane/mock-mcp.json")))
                .contains("\"url\":\"http://127.0.0.1:" + newPort + "\"");
    }

    @Test
    void aDeletedCredentialsFileWithAKeptDatabaseSaysHowToRecover() throws Exception {
        runUntilBannerAndStop("first.out");
        Files.delete(root.resolve(".portcullis-data/credentials.properties"));

        Path output = root.resolve("second.out");
        launcher = startUp(output);

        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        assertThat(Files.readString(output))
                .contains("does not accept the admin token in the credentials file")
                .contains("Restore the credentials.properties")
                .contains("delete " + root.resolve(".portcullis-data/postgres"))
                .doesNotContain("\tat ");
    }

    @Test
    void childrenLeftByAKilledLauncherAreStoppedOnTheNextStart() throws Exception {
        Path first = root.resolve("first.out");
        launcher = startUp(first);
        awaitBanner(launcher, first);
        long firstPid = launcher.pid();
        Optional<Path> idleCpu = idleCpuGroupIn(Files.readString(first), "/portcullis-up-" + firstPid + "-");
        List<ProcessHandle> children = launcher.toHandle().descendants().filter(ProcessHandle::isAlive)
                .filter(process -> !isCpuWatch(process) && process.parent().map(parent -> !isCpuWatch(parent))
                        .orElse(true))
                .toList();
        assertThat(cpuWatchesOf(firstPid)).hasSize(idleCpu.isPresent() ? 1 : 0);
        if (idleCpu.isPresent()) { // idle when the launcher is killed: the share after it is the watch's doing
            // (on a busy machine a slow readiness check gives the group its share for 30 s or more first)
            await().atMost(Duration.ofMinutes(2)).until(() ->
                    Files.readString(idleCpu.get().resolve("cpu.idle")).strip().equals("1"));
        }
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        Files.writeString(root.resolve(".portcullis-data/logs/unrelated.pid"), unrelated.pid() + "\n" + root
                + "/.portcullis-data\n" + Path.of(System.getProperty("java.home"), "bin", "java") + "\n-jar\nother.jar\n");
        try {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(children).isNotEmpty().allMatch(ProcessHandle::isAlive);
            if (idleCpu.isPresent()) {
                // Nobody watches the analytics backlog now: the group's watch gives it its nice-10 share and ends.
                await().atMost(Duration.ofSeconds(10)).until(() -> cpuWatchesOf(firstPid).isEmpty()
                        && Files.readString(idleCpu.get().resolve("cpu.idle")).strip().equals("0"));
                assertThat(Files.readString(idleCpu.get().resolve("cpu.shares")).strip()).isEqualTo("220");
            }

            Path second = root.resolve("second.out");
            launcher = startUp(second);
            awaitBanner(launcher, second);

            assertThat(Files.readString(second)).contains("left running by an earlier ./portcullis up that was killed")
                    .doesNotContain("already in use");
            Path cpuHome = CpuCgroups.own();
            if (cpuHome != null && Files.isDirectory(cpuHome)) { // the killed launcher's idle CPU group is gone too
                try (Stream<Path> groups = Files.list(cpuHome)) {
                    assertThat(groups.map(path -> path.getFileName().toString()))
                            .noneMatch(name -> name.startsWith("portcullis-up-" + firstPid + "-"));
                }
            }
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            if (!launcher.isAlive()) {
                stopPostgresOf(root.resolve(".portcullis-data/postgres"));
            }
        }
    }

    /** A failed run of the test above can leave the first launcher's PostgreSQL behind. */
    private static void stopPostgresOf(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
                    .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                    .ifPresent(ProcessHandle::destroy);
        }
    }

    private void runUntilBannerAndStop(String outputName) throws Exception {
        Path output = root.resolve(outputName);
        launcher = startUp(output);
        awaitBanner(launcher, output);
        interrupt(launcher);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
    }

    @Test
    void aGatewayKilledWithSigkillIsRestartedAndServesAgain() throws Exception {
        Path output = root.resolve("up.out");
        launcher = startUp(output);
        awaitBanner(launcher, output);
        long first = gatewayPid();

        kill9(first);

        Path log = root.resolve(".portcullis-data/logs/gateway-gateway-1.log");
        await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(output)
                .contains("gateway gateway-1 exited (code 137); restarting (1/3 in the last minute); log: " + log));
        await().atMost(Duration.ofMinutes(1)).until(() -> gatewayServesTheDemoKey() && gatewayPid() != first);
        assertThat(launcher.isAlive()).isTrue();

        interrupt(launcher);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
        assertThat(Files.readString(output)).doesNotContain("restarting (2/3");
    }

    @Test
    void aGatewayThatDiesThreeTimesWithinAMinuteStopsTheWholeStackWithExitOne() throws Exception {
        Path output = root.resolve("up.out");
        launcher = startUp(output);
        awaitBanner(launcher, output);
        List<ProcessHandle> children = new ArrayList<>(launcher.toHandle().descendants().toList());

        for (int death = 1; death <= 3; death++) {
            long pid = gatewayPid();
            kill9(pid);
            if (death < 3) {
                int restarts = death;
                await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(output)
                        .split("gateway gateway-1 is running again", -1).length == restarts + 1);
                children.addAll(launcher.toHandle().descendants().toList());
            }
        }

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        Path log = root.resolve(".portcullis-data/logs/gateway-gateway-1.log");
        assertThat(Files.readString(output)).containsSubsequence(
                "gateway gateway-1 exited (code 137); restarting (1/3 in the last minute); log: " + log,
                "gateway gateway-1 exited (code 137); restarting (2/3 in the last minute); log: " + log,
                "gateway gateway-1 exited (code 137): 3 failures within a minute, so everything stops."
                        + " Its log: " + log,
                "stopping control plane", "stopping mock MCP server", "stopping Redis", "stopping PostgreSQL",
                "Stopped.");
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        for (String port : environment.values()) {
            assertThat(FreePorts.isFree("127.0.0.1", Integer.parseInt(port))).as("port %s released", port).isTrue();
        }
    }

    @Test
    void theEmbeddedPostgresqlAndRedisAreStartedAgainWhenKilled() throws Exception {
        Path output = root.resolve("up.out");
        launcher = startUp(output);
        awaitBanner(launcher, output);
        Path postmasterPid = root.resolve(".portcullis-data/postgres/postmaster.pid");
        long postgres = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
        long redis = Long.parseLong(Files.readAllLines(root.resolve(".portcullis-data/logs/redis.pid")).get(0).trim());
        long controlPlane = Long.parseLong(Files.readAllLines(root.resolve(".portcullis-data/logs/control-plane.pid"))
                .get(0).trim());
        long gateway = Long.parseLong(Files.readAllLines(root.resolve(".portcullis-data/logs/gateway-gateway-1.pid"))
                .get(0).trim());
        if (Files.exists(Path.of("/proc/self/autogroup"))) { // a kernel with autogroup scheduling
            // The control plane and PostgreSQL give way to the gateway and Redis (docs/performance.md).
            assertThat(Files.readString(Path.of("/proc/" + controlPlane + "/autogroup"))).contains(" nice 10");
            assertThat(Files.readString(Path.of("/proc/" + postgres + "/autogroup"))).contains(" nice 10");
            assertThat(Files.readString(Path.of("/proc/" + gateway + "/autogroup"))).contains(" nice 0");
            assertThat(Files.readString(Path.of("/proc/" + redis + "/autogroup"))).contains(" nice 0");
        }
        String group = "/portcullis-up-" + launcher.pid() + "-";
        Optional<Path> idleCpu = idleCpuGroupIn(Files.readString(output), group);
        if (idleCpu.isPresent()) { // root, and a cgroup cpu controller (launcher/README.md)
            assertThat(CpuCgroups.of(controlPlane)).contains(group);
            assertThat(CpuCgroups.of(postgres)).contains(group);
            ProcessHandle.of(postgres).orElseThrow().children()
                    .forEach(backend -> assertThat(CpuCgroups.of(backend.pid())).contains(group));
            assertThat(CpuCgroups.of(gateway)).doesNotContain(group);
            assertThat(CpuCgroups.of(redis)).doesNotContain(group);
            assertThat(Files.readString(idleCpu.get().resolve("cpu.idle")).strip()).isEqualTo("1");
            // The launcher reads the analytics backlog (else it gives the share after five looks)
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                    .until(() -> !Files.readString(output).contains("the analytics backlog could not be read"));
        }
        Path controlPlaneEnvironment = Path.of("/proc/" + controlPlane + "/environ");
        if (Files.isReadable(controlPlaneEnvironment)) {
            // One analytics ingest thread beside the gateway: about one core at most (docs/quickstart.md).
            assertThat(Files.readString(controlPlaneEnvironment).split("\0"))
                    .contains(UpSettings.INGEST_THREADS_VARIABLE + "=1");
        }

        kill9(postgres);
        kill9(redis);

        Path logs = root.resolve(".portcullis-data/logs");
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(output).contains("PostgreSQL is running again")
                && Files.readString(output).contains("redis is running again"));
        assertThat(Files.readString(output))
                .contains("PostgreSQL exited; restarting (1/3 in the last minute); log: " + logs.resolve("postgres.log"))
                .contains("redis exited (code 137); restarting (1/3 in the last minute); log: "
                        + logs.resolve("redis.log"));
        long restarted = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
        assertThat(restarted).isNotEqualTo(postgres);
        assertThat(ProcessHandle.of(restarted)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
        if (Files.exists(Path.of("/proc/self/autogroup"))) {
            assertThat(Files.readString(Path.of("/proc/" + restarted + "/autogroup"))).contains(" nice 10");
        }
        if (idleCpu.isPresent()) {
            // The restarted PostgreSQL joins the group at the next look, and the group has its nice-10 share (for the
            // restart, or already for the readiness checks and backlog reads that failed while PostgreSQL and Redis
            // were away)
            await().atMost(Duration.ofSeconds(10)).until(() -> CpuCgroups.of(restarted).contains(group)
                    && Files.readString(idleCpu.get().resolve("cpu.idle")).strip().equals("0"));
            assertThat(Files.readString(idleCpu.get().resolve("cpu.shares")).strip()).isEqualTo("220");
            assertThat(Files.readString(output)).contains("Control plane and PostgreSQL at their nice-10 share for ");
        }

        interrupt(launcher);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
        assertThat(Files.readString(output)).contains("stopping PostgreSQL").doesNotContain("could not stop");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
        idleCpu.ifPresent(directory -> assertThat(directory).as("the group is removed").doesNotExist());
        assertThat(cpuWatchesOf(launcher.pid())).as("the watch ended with the group").isEmpty();
    }

    /** The shell of {@link IdleCpuGroup#shareWhenGone} for the launcher with this pid, while it runs. */
    private static List<ProcessHandle> cpuWatchesOf(long launcherPid) {
        return ProcessHandle.allProcesses()
                .filter(process -> isCpuWatch(process) && process.info().arguments()
                        .map(arguments -> List.of(arguments).contains(Long.toString(launcherPid))).orElse(false))
                .toList();
    }

    private static boolean isCpuWatch(ProcessHandle process) {
        return process.info().arguments().map(arguments -> List.of(arguments).contains(IdleCpuGroup.WATCH_NAME))
                .orElse(false);
    }

    /**
     * The launcher's idle CPU group, when it made one; where it could not, it said why, and where this test may make
     * one itself (CI's machines) that must not have happened.
     */
    private static Optional<Path> idleCpuGroupIn(String printed, String group) throws IOException {
        Matcher made = Pattern.compile("Control plane and PostgreSQL at idle CPU priority \\((/\\S+)\\)")
                .matcher(printed);
        if (made.find()) {
            assertThat(made.group(1)).contains(group);
            return Optional.of(Path.of(made.group(1)));
        }
        assertThat(printed).contains("Control plane and PostgreSQL at nice 10 (no idle CPU priority: ");
        assertThat(CpuCgroups.mayMakeIdleGroups()).as("a machine where idle cgroups can be made").isFalse();
        return Optional.empty();
    }

    /** The gateway's pid, from the pid file the launcher keeps beside its log (0 while there is none). */
    private long gatewayPid() throws IOException {
        Path pidFile = root.resolve(".portcullis-data/logs/gateway-gateway-1.pid");
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (java.nio.file.NoSuchFileException | IndexOutOfBoundsException | NumberFormatException e) {
            return 0;
        }
    }

    private boolean gatewayServesTheDemoKey() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + environment.get("PORTCULLIS_GATEWAY_PORT") + "/mock-mcp/mcp"))
                .header("Authorization", "Bearer " + FixtureServer.DEMO_KEY)
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        assertThat(pid).isPositive();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());
    }

    @Test
    void aTakenPortIsReportedByNameAndVariableWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(Integer.parseInt(environment.get("PORTCULLIS_CP_PORT")), 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Path output = root.resolve("taken.out");
            launcher = startUp(output);

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(Files.readString(output))
                    .contains("port " + taken.getLocalPort() + " (control plane) is already in use")
                    .contains("PORTCULLIS_CP_PORT=<other port> ./portcullis up")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    /**
     * Waits for the banner; a launcher that exits first, or a banner that does not come, fails the test with what
     * the launcher printed and the tails of the component logs, so a failure on CI explains itself.
     */
    private void awaitBanner(Process process, Path output) throws IOException {
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive() || banner(output));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no banner within 2 minutes\n" + diagnostics(output), e);
        }
        if (!banner(output)) {
            throw new AssertionError("the launcher exited with " + process.exitValue() + " before its banner\n"
                    + diagnostics(output));
        }
    }

    private static boolean banner(Path output) throws IOException {
        return Files.readString(output).contains("Press Ctrl-C to stop.");
    }

    private String diagnostics(Path output) throws IOException {
        StringBuilder text = new StringBuilder("--- launcher output:\n").append(Files.readString(output));
        Path logs = root.resolve(".portcullis-data/logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log);
                    text.append("\n--- ").append(log.getFileName()).append(" (last 40 lines):\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
                }
            }
        }
        return text.toString();
    }

    private Process startUp(Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dportcullis.root=" + root, "-cp", classpath(), "dev.portcullis.launcher.Main", "up"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PORTCULLIS_") || name.startsWith("MOCK_MCP"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The shaded launcher.jar when packaged, else this test's own class path. */
    private static String classpath() {
        Path shaded = Path.of("target", "launcher.jar").toAbsolutePath();
        return Files.isRegularFile(shaded) ? shaded.toString() : System.getProperty("java.class.path");
    }

    /**
     * Ctrl-C. When this JVM was started with SIGINT ignored (a background job of a non-interactive shell, as some CI
     * runners start builds), the launcher inherits that and POSIX lets no process restore it; it then gets SIGTERM,
     * which it handles the same way.
     */
    private static void interrupt(Process process) throws IOException, InterruptedException {
        String signal = sigintIgnored() ? "-TERM" : "-INT";
        new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }
}
