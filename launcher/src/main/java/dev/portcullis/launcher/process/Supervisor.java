package dev.portcullis.launcher.process;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Keeps children running: one that dies on its own is started again, with a line that says so and where its log
 * is; one that dies {@link RestartBudget#MAX_DEATHS} times within {@link RestartBudget#WINDOW}, or whose restarts
 * keep failing that many times in a row (a start may take longer than the window), ends supervision with
 * {@link Outcome.GaveUp}, and the caller stops everything. Nothing is restarted once {@code stopping} holds (a
 * shutdown stops children on purpose), nor a child whose exit was asked for ({@link ManagedProcess#stopRequested()}).
 *
 * <p>Runs on the caller's thread until it returns; restarts happen one at a time on that thread.
 */
public final class Supervisor {

    private static final int LOG_LINES = 15;

    private final List<Supervised> children;
    private final BooleanSupplier stopping;
    private final PrintStream out;
    private final RestartBudget budget;

    public Supervisor(List<Supervised> children, BooleanSupplier stopping, PrintStream out, Clock clock) {
        this.children = List.copyOf(children);
        this.stopping = stopping;
        this.out = out;
        this.budget = new RestartBudget(clock);
    }

    /** Why {@link #supervise()} returned. */
    public sealed interface Outcome {

        /** A shutdown is under way, the thread was interrupted, or nothing is left to watch. */
        record Stopped() implements Outcome {
        }

        /** {@code child} died too often; its last exit and log are in the message already printed. */
        record GaveUp(String child, Path logFile) implements Outcome {
        }
    }

    /** Watches until a shutdown begins or a child dies too often. */
    public Outcome supervise() {
        while (!stopping.getAsBoolean()) {
            List<CompletableFuture<?>> watched = children.stream()
                    .map(Supervised::exit)
                    .flatMap(Optional::stream)
                    .toList();
            if (watched.isEmpty()) {
                return new Outcome.Stopped();
            }
            try {
                CompletableFuture.anyOf(watched.toArray(CompletableFuture[]::new)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Stopped();
            } catch (ExecutionException e) {
                continue;
            }
            for (Supervised child : children) {
                Optional<String> exit = child.unexpectedExit();
                if (exit.isPresent() && !stopping.getAsBoolean()) {
                    Optional<Outcome> outcome = recover(child, exit.get());
                    if (outcome.isPresent()) {
                        return outcome.get();
                    }
                }
            }
        }
        return new Outcome.Stopped();
    }

    /** Starts {@code child} again until it stays up; empty when it does, else why supervision ends. */
    private Optional<Outcome> recover(Supervised child, String exit) {
        String how = exit;
        // A start that never comes up may take longer than the window; such failures count in a row as well.
        int failuresInARow = 0;
        while (true) {
            Path logFile = child.logFile();
            int deaths = budget.recordDeath(child.name());
            failuresInARow++;
            if (deaths >= RestartBudget.MAX_DEATHS || failuresInARow >= RestartBudget.MAX_DEATHS) {
                giveUp(child, how, logFile, deaths >= RestartBudget.MAX_DEATHS ? "within a minute" : "in a row");
                return Optional.of(new Outcome.GaveUp(child.name(), logFile));
            }
            out.println(child.name() + " " + how + "; restarting (" + deaths + "/" + RestartBudget.MAX_DEATHS
                    + " in the last minute); log: " + logFile);
            try {
                child.start();
                out.println(child.name() + " is running again");
                return Optional.empty();
            } catch (ProcessFailureException e) {
                if (stopping.getAsBoolean()) {
                    return Optional.of(new Outcome.Stopped());
                }
                how = e.reason().startsWith(child.name() + " ")
                        ? e.reason().substring(child.name().length() + 1) : e.reason();
            } catch (IllegalStateException e) {
                // closed by a shutdown that began meanwhile, or already running again
                return stopping.getAsBoolean() ? Optional.of(new Outcome.Stopped()) : Optional.empty();
            } catch (RuntimeException e) {
                if (stopping.getAsBoolean()) {
                    return Optional.of(new Outcome.Stopped());
                }
                how = "could not be started again: " + e.getMessage();
            }
        }
    }

    private void giveUp(Supervised child, String how, Path logFile, String when) {
        out.println();
        out.println(child.name() + " " + how + ": " + RestartBudget.MAX_DEATHS + " failures " + when + ", so"
                + " everything stops. Its log: " + logFile);
        if (logFile != null) {
            LogTail.read(logFile, LOG_LINES).forEach(line -> out.println("  | " + line));
        }
    }
}
