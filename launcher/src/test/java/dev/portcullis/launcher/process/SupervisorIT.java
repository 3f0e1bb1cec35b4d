package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sleep, sh) under the supervision code {@code ./portcullis up} uses. */
class SupervisorIT {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        stopping.set(true);
        children.forEach(child -> child.current().ifPresent(ManagedProcess::kill));
    }

    @Test
    void aChildKilledWithSigkillIsStartedAgainWithALineNamingItsLog() throws Exception {
        Child sleeper = child("sleeper", "sleep", "300");
        ManagedProcess first = sleeper.current().orElseThrow();
        CompletableFuture<Supervisor.Outcome> outcome = supervise();

        kill9(first);

        await().atMost(Duration.ofSeconds(20)).until(() -> sleeper.current().orElseThrow() != first
                && sleeper.current().orElseThrow().isAlive());
        assertThat(printed()).contains("sleeper exited (code 137); restarting (1/3 in the last minute); log: "
                + directory.resolve("logs/sleeper.log"));
        assertThat(outcome).isNotDone();
    }

    @Test
    void aChildThatDiesThreeTimesWithinAMinuteEndsSupervisionNamingItAndItsLog() throws Exception {
        child("crasher", "sh", "-c", "echo about to fail; exit 3");

        Supervisor.Outcome outcome = supervise().get(60, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new Supervisor.Outcome.GaveUp("crasher", directory.resolve("logs/crasher.log")));
        assertThat(printed()).containsSubsequence(
                "crasher exited (code 3); restarting (1/3 in the last minute); log: "
                        + directory.resolve("logs/crasher.log"),
                "crasher exited (code 3); restarting (2/3 in the last minute)",
                "crasher exited (code 3): 3 failures within a minute, so everything stops. Its log: "
                        + directory.resolve("logs/crasher.log"),
                "  | about to fail");
        assertThat(children.get(0).starts).isEqualTo(3);
    }

    @Test
    void theOtherChildrenKeepRunningWhileOneIsRestarted() throws Exception {
        Child steady = child("steady", "sleep", "300");
        Child flaky = child("flaky", "sleep", "300");
        ManagedProcess steadyProcess = steady.current().orElseThrow();
        ManagedProcess flakyProcess = flaky.current().orElseThrow();
        supervise();

        kill9(flakyProcess);

        await().atMost(Duration.ofSeconds(20)).until(() -> flaky.starts == 2 && flaky.current().orElseThrow().isAlive());
        assertThat(steady.current()).containsSame(steadyProcess);
        assertThat(steadyProcess.isAlive()).isTrue();
    }

    @Test
    void nothingIsRestartedOnceAShutdownHasBegun() throws Exception {
        Child sleeper = child("sleeper", "sleep", "300");
        ManagedProcess first = sleeper.current().orElseThrow();
        CompletableFuture<Supervisor.Outcome> outcome = supervise();

        stopping.set(true);
        kill9(first);

        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new Supervisor.Outcome.Stopped());
        assertThat(sleeper.starts).isEqualTo(1);
        assertThat(printed()).doesNotContain("restarting");
    }

    @Test
    void aChildStoppedOnPurposeIsNotRestarted() throws Exception {
        Child sleeper = child("sleeper", "sleep", "300");
        CompletableFuture<Supervisor.Outcome> outcome = supervise();

        sleeper.current().orElseThrow().stop();

        assertThat(outcome.get(20, TimeUnit.SECONDS)).isEqualTo(new Supervisor.Outcome.Stopped());
        assertThat(sleeper.starts).isEqualTo(1);
    }

    private CompletableFuture<Supervisor.Outcome> supervise() {
        Supervisor supervisor = new Supervisor(List.copyOf(children), stopping::get, out, Clock.systemUTC());
        return CompletableFuture.supplyAsync(supervisor::supervise);
    }

    /** SIGKILL from outside, as {@code kill -9} would: the supervisor did not ask for it. */
    private static void kill9(ManagedProcess process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
        process.onExit().join();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Child child(String name, String... command) {
        Child child = new Child(new ProcessSpec(name, List.of(command), Map.of(), directory,
                directory.resolve("logs").resolve(name + ".log")));
        child.start();
        children.add(child);
        return child;
    }

    /** A plain process as a {@link Supervised}: started again with the same spec; ready as soon as spawned. */
    private static final class Child implements Supervised {

        private final ProcessSpec spec;
        private volatile ManagedProcess process;
        private volatile int starts;

        Child(ProcessSpec spec) {
            this.spec = spec;
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public java.util.Optional<ManagedProcess> process() {
            return current();
        }

        java.util.Optional<ManagedProcess> current() {
            return java.util.Optional.ofNullable(process);
        }

        @Override
        public void start() {
            try {
                process = ManagedProcess.start(spec);
                starts++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
