package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path logs;
    private Process sleeper;

    @BeforeEach
    void startAProcess() throws Exception {
        sleeper = new ProcessBuilder("sleep", "300").start();
    }

    @AfterEach
    void stopIt() {
        sleeper.destroyForcibly();
    }

    @Test
    void namesTheProcessWhenItStillRunsWithTheRecordedArguments() throws Exception {
        PidFile pidFile = PidFile.besideLog(logs.resolve("mock-mcp-server.log"));
        pidFile.write(sleeper.pid(), Path.of("").toAbsolutePath(), List.of(sleep(), "300"));

        assertThat(PidFile.in(logs)).containsExactly(pidFile);
        assertThat(pidFile.file().getFileName().toString()).isEqualTo("mock-mcp-server.pid");
        assertThat(pidFile.liveProcess()).map(ProcessHandle::pid).contains(sleeper.pid());
    }

    @Test
    void aProcessInAnotherDirectoryIsNotTheRecordedOne() throws Exception {
        PidFile pidFile = PidFile.besideLog(logs.resolve("redis.log"));
        pidFile.write(sleeper.pid(), logs, List.of(sleep(), "300"));

        assertThat(pidFile.liveProcess()).isEmpty();
        assertThat(sleeper.isAlive()).isTrue();
    }

    @Test
    void aReusedPidRunningAnotherProgramIsNeverNamedAndTheStaleFileGoes() throws Exception {
        PidFile pidFile = PidFile.besideLog(logs.resolve("control-plane.log"));
        pidFile.write(sleeper.pid(), logs, List.of(javaBinary(), "-jar", "/somewhere/quarkus-run.jar"));

        assertThat(pidFile.liveProcess()).isEmpty();
        assertThat(sleeper.isAlive()).isTrue();
        assertThat(Files.exists(pidFile.file())).isFalse();
    }

    private String sleep() {
        return sleeper.info().command().orElseThrow();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
