package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    private static final Path LOG = Path.of("logs/control-plane.log");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private int starts;

    @Test
    void aChildWhoseRestartsNeverComeUpIsGivenUpOnEvenWhenEachTakesLongerThanTheWindow() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Supervisor supervisor = new Supervisor(List.of(new NeverReady()), () -> false,
                new PrintStream(printed, true, StandardCharsets.UTF_8), clock);

        Supervisor.Outcome outcome = CompletableFuture.supplyAsync(supervisor::supervise).get(10, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new Supervisor.Outcome.GaveUp("control plane", LOG));
        assertThat(starts).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsSubsequence(
                "control plane exited (code 1); restarting (1/3 in the last minute); log: " + LOG,
                "control plane did not become healthy within 120 s; restarting (1/3 in the last minute)",
                "control plane did not become healthy within 120 s: 3 failures in a row, so everything stops."
                        + " Its log: " + LOG);
    }

    /** Died once; every start again takes two minutes and fails. */
    private final class NeverReady implements Supervised {

        @Override
        public String name() {
            return "control plane";
        }

        @Override
        public Optional<ManagedProcess> process() {
            return Optional.empty();
        }

        @Override
        public Path logFile() {
            return LOG;
        }

        @Override
        public Optional<CompletableFuture<?>> exit() {
            return Optional.of(CompletableFuture.completedFuture(null));
        }

        @Override
        public Optional<String> unexpectedExit() {
            return Optional.of("exited (code 1)");
        }

        @Override
        public void start() {
            starts++;
            clock.advance(Duration.ofMinutes(2));
            throw new ProcessFailureException("control plane did not become healthy within 120 s", LOG);
        }
    }
}
