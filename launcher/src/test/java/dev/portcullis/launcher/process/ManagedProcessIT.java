package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.launcher.services.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessIT {

    @TempDir
    Path directory;

    private Path jar;
    private ManagedProcess process;

    @BeforeEach
    void packFixture() throws IOException {
        jar = FixtureJar.create(directory, "mock-mcp-server");
    }

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.kill();
        }
    }

    @Test
    void awaitsUntilTheHealthUrlAnswers200AndLogsTheOutput() throws IOException {
        int port = FreePorts.pick();
        process = start(Map.of("MOCK_MCP_PORT", Integer.toString(port)));

        process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));

        assertThat(process.isAlive()).isTrue();
        assertThat(Files.readString(process.logFile())).contains("listening on " + port);
    }

    @Test
    void failsFastNamingTheProcessAndItsLogWhenTheChildExits() throws IOException {
        process = start(Map.of("FIXTURE_EXIT", "3"));

        assertThatThrownBy(() -> process.awaitHealthy(URI.create("http://127.0.0.1:1/health"), Duration.ofMinutes(5)))
                .isInstanceOf(ProcessFailureException.class)
                .hasMessageContaining("fixture exited with code 3")
                .hasMessageContaining(process.logFile().toString());
    }

    @Test
    void stopSendsSigtermSoTheChildShutsDownGracefully() throws IOException {
        int port = FreePorts.pick();
        process = start(Map.of("MOCK_MCP_PORT", Integer.toString(port)));
        process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));

        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.stopRequested()).isTrue();
        assertThat(Files.readString(process.logFile())).contains("graceful-stop");
    }

    @Test
    void killEndsTheChildWithoutLettingItCleanUp() throws IOException {
        int port = FreePorts.pick();
        process = start(Map.of("MOCK_MCP_PORT", Integer.toString(port)));
        process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).isEqualTo(137);
        assertThat(Files.readString(process.logFile())).doesNotContain("graceful-stop");
    }

    @Test
    void runsTheChildInItsOwnSessionSoATerminalCtrlCReachesOnlyTheLauncher() throws Exception {
        int port = FreePorts.pick();
        process = start(Map.of("MOCK_MCP_PORT", Integer.toString(port)));
        process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));

        String childSession = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split(" ")[5];
        String ownSession = Files.readString(Path.of("/proc/self/stat")).split(" ")[5];
        assertThat(childSession).isEqualTo(Long.toString(process.pid())).isNotEqualTo(ownSession);
    }

    @Test
    void aNicedChildRunsAtLowerPriorityAndSoDoesItsSessionGroupButNotTheLaunchers() throws Exception {
        String ownGroup = readIfPresent(Path.of("/proc/self/autogroup"));
        int port = FreePorts.pick();
        process = start(Map.of("MOCK_MCP_PORT", Integer.toString(port)), 10);
        process.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));

        // /proc/<pid>/stat after the command's closing parenthesis: field 19 (nice) is the 17th
        String[] stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
        assertThat(stat[16]).isEqualTo("10");
        if (ownGroup != null) { // a kernel with autogroup scheduling
            assertThat(readIfPresent(Path.of("/proc/" + process.pid() + "/autogroup"))).endsWith(" nice 10");
            assertThat(readIfPresent(Path.of("/proc/self/autogroup"))).isEqualTo(ownGroup);
        }
    }

    private static String readIfPresent(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private ManagedProcess start(Map<String, String> environment) throws IOException {
        return start(environment, 0);
    }

    private ManagedProcess start(Map<String, String> environment, int niceness) throws IOException {
        return ManagedProcess.start(new ProcessSpec("fixture", ProcessSpec.javaJar(jar, List.of("-Xshare:auto")),
                environment, directory, directory.resolve("logs/fixture.log"), niceness));
    }
}
