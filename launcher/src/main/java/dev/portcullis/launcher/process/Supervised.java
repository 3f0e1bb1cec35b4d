package dev.portcullis.launcher.process;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A child that a {@link Supervisor} keeps running: watched while it runs, started again when it dies on its own.
 * Implementations are thread-safe: the supervisor may start one again while a shutdown is closing it.
 */
public interface Supervised {

    /** Shown in messages: "gateway gateway-1", "redis". */
    String name();

    /**
     * The process started last (running or not); empty before the first start, and for a service that is not run
     * as a {@link ManagedProcess} (such a service overrides the methods below).
     */
    Optional<ManagedProcess> process();

    /** Where its output goes. */
    default Path logFile() {
        return process().map(ManagedProcess::logFile).orElse(null);
    }

    /** Completes when what runs now exits; empty when there is nothing to watch (never started, stopped on purpose). */
    default Optional<CompletableFuture<?>> exit() {
        return process().filter(process -> process.isAlive() || !process.stopRequested())
                .map(ManagedProcess::onExit);
    }

    /** How it ended when it is down without having been asked to stop ("exited (code 137)"); else empty. */
    default Optional<String> unexpectedExit() {
        return process().filter(process -> !process.isAlive() && !process.stopRequested())
                .map(process -> "exited (code " + process.exitCode() + ")");
    }

    /**
     * Starts it again the way it was started before (same ports, same data) and returns once it is ready.
     *
     * @throws ProcessFailureException if it exits or is not ready in time (it is then no longer running)
     * @throws IllegalStateException   once it is closed for good (a shutdown is under way), or if it already runs
     */
    void start();

    /** A {@link Supervised} from its parts, for a child whose class has its own idea of {@code process()}. */
    static Supervised of(String name, Supplier<ManagedProcess> process, Runnable start) {
        return new Supervised() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<ManagedProcess> process() {
                return Optional.ofNullable(process.get());
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
