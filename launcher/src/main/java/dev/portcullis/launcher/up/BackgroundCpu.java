package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.IdleCpuGroup;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the control plane and the embedded PostgreSQL in an {@link IdleCpuGroup}: idle CPU priority while the
 * machine has CPU to spare for them, the share they have at nice 10 while they need it ({@link BackgroundCpuPolicy}).
 * Once a second it moves a restarted control plane or PostgreSQL into the group, reads the analytics stream's length
 * ({@code XLEN}: what the control plane ingested is trimmed from it), times the control plane's readiness check, and
 * sets the group's priority.
 *
 * <p>{@code PORTCULLIS_IDLE_CPU=off} ({@link UpSettings#idleCpu}) keeps them at nice 10 only, as where no group can
 * be made (not root, no cgroup cpu controller, Linux before 5.15). One daemon thread looks; {@link #stopWatching} and
 * {@link #close} are for the shutdown hook. The group is written under {@code this}, by either.
 */
final class BackgroundCpu implements AutoCloseable {

    /** What the launcher's children are, for {@link #start}. */
    record Children(Supplier<Optional<Long>> controlPlane, URI controlPlaneReady,
                    Optional<Supplier<Optional<Long>>> postgres) {
    }

    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final IdleCpuGroup group;
    private final Children children;
    private final RedisEndpoint redis;
    private final String stream;
    private final PrintStream out;
    /** "Control plane and PostgreSQL", or "Control plane" when PostgreSQL is not the launcher's. */
    private final String what;
    /** {@link #sessions(Children)}. */
    private final int sessions;
    private final BackgroundCpuPolicy policy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(READY_TIMEOUT).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "background-cpu");
        thread.setDaemon(true);
        return thread;
    });
    /** Set by {@link #stopWatching}: from then on only the shutdown hook writes the group. */
    private volatile boolean stopped;
    /** Used by the timer's thread only, like the fields below. */
    private long adoptedControlPlane;
    private long adoptedPostgres = -1;
    /** The mode the group was last set to: a write the kernel refused is tried again at the next look. */
    private BackgroundCpuPolicy.Mode applied = BackgroundCpuPolicy.Mode.IDLE;
    private boolean failureReported;
    private RespClient client;

    private BackgroundCpu(IdleCpuGroup group, Children children, RedisEndpoint redis, String stream, long streamCap,
            PrintStream out, long controlPlanePid) {
        this.group = group;
        this.children = children;
        this.redis = redis;
        this.stream = stream;
        this.out = out;
        this.what = what(children);
        this.sessions = sessions(children);
        this.policy = new BackgroundCpuPolicy(streamCap, System.nanoTime());
        this.adoptedControlPlane = controlPlanePid;
    }

    /**
     * Makes the group, moves the control plane and PostgreSQL (its backends too) into it and starts watching. Empty,
     * and one line on {@code out} saying why, when no group can be made, the control plane cannot be moved into it,
     * or the analytics backlog cannot be watched ({@code redis} null: a URL this client does not speak).
     */
    static Optional<BackgroundCpu> start(IdleCpuGroup.Hierarchies hierarchies, Children children,
            RedisEndpoint redis, String stream, long streamCap, PrintStream out) {
        String what = what(children);
        long controlPlane = children.controlPlane().get().orElse(-1L);
        String unavailable;
        BackgroundCpu watcher = null;
        if (redis == null) {
            unavailable = "the analytics backlog cannot be watched over this PORTCULLIS_REDIS_URL (redis:// only)";
        } else if (controlPlane < 0) {
            unavailable = "the control plane is not running";
        } else {
            IdleCpuGroup.Created created = IdleCpuGroup.create(hierarchies);
            unavailable = created instanceof IdleCpuGroup.Created.Unavailable no ? no.reason() : null;
            if (created instanceof IdleCpuGroup.Created.Made made) {
                // The watch first: from the first adoption on, a launcher killed leaves nothing idle unwatched.
                Optional<String> refused = watchForKill(made.group(), sessions(children))
                        .or(() -> made.group().adoptOrExplain(controlPlane).map(reason ->
                                "cannot move the control plane into " + made.group().directory() + ": " + reason));
                if (refused.isPresent()) {
                    made.group().close();
                    unavailable = refused.get();
                } else {
                    watcher = new BackgroundCpu(made.group(), children, redis, stream, streamCap, out, controlPlane);
                    watcher.adoptPostgres();
                }
            }
        }
        if (watcher == null) {
            out.println(what + " at nice 10 (no idle CPU priority: " + unavailable + ").");
            return Optional.empty();
        }
        out.println(what + " at idle CPU priority (" + watcher.group.directory() + "), with their nice-10 share"
                + " while the control plane is slow to answer or the analytics backlog nears its cap; "
                + UpSettings.IDLE_CPU_VARIABLE + "=off keeps nice 10.");
        watcher.timer.scheduleWithFixedDelay(watcher::tick, PERIOD.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        return Optional.of(watcher);
    }

    /**
     * Starts the group's watch for this launcher killed with SIGKILL ({@link IdleCpuGroup#shareWhenGone}); empty
     * when it runs, else why not. Without it the group is not used: nobody would give it its share.
     */
    private static Optional<String> watchForKill(IdleCpuGroup group, int sessions) {
        try {
            group.shareWhenGone(sessions);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot start the watch that gives them their share if this launcher is killed ("
                    + e.getMessage() + ")");
        }
    }

    /** The sessions, and so the nice-10 autogroups, whose share the group gets: 2 with PostgreSQL, else 1. */
    private static int sessions(Children children) {
        return children.postgres().isPresent() ? 2 : 1;
    }

    private static String what(Children children) {
        return children.postgres().isPresent() ? "Control plane and PostgreSQL" : "Control plane";
    }

    /**
     * Stops watching and gives the group its nice-10 share, so that the control plane and PostgreSQL stop (a
     * checkpoint) at the priority they started with. The first step of a shutdown; a look still running (a
     * readiness check that waits) writes nothing more.
     */
    void stopWatching() {
        stopped = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                group.share(sessions);
            } catch (RuntimeException e) {
                // Gone already, or refused: they stop at idle priority.
            }
        }
    }

    /**
     * After the children stopped: removes the group (what is left goes home) and closes the Redis connection, unless
     * a look still holds it (the JVM is about to halt).
     */
    @Override
    public void close() {
        synchronized (this) {
            group.close();
        }
        if (timer.isTerminated() && client != null) {
            client.close();
        }
    }

    private void tick() {
        try {
            adoptRestarted();
            policy.next(new BackgroundCpuPolicy.Sample(System.nanoTime(), backlog(), readyMillis()));
            apply();
        } catch (RuntimeException e) {
            if (!failureReported) {
                failureReported = true;
                out.println(what + ": the CPU priority watcher failed (" + e.getMessage() + "); it tries again"
                        + " every second and says nothing more of it.");
            }
        } catch (Error e) {
            // The timer stops looking after this: leave the group at its share, never idle with nobody watching.
            synchronized (this) {
                try {
                    group.share(sessions);
                } catch (RuntimeException refused) {
                    e.addSuppressed(refused); // the Error is what stops the timer and what is said
                }
            }
            out.println(what + " at their nice-10 share for good: the CPU priority watcher stopped (" + e + ").");
            throw e;
        }
    }

    /** Sets the group to the policy's mode when it is not there yet, and says so; nothing once stopped. */
    private synchronized void apply() {
        BackgroundCpuPolicy.Mode mode = policy.mode();
        if (mode == applied || stopped) {
            return;
        }
        if (mode == BackgroundCpuPolicy.Mode.SHARE) {
            group.share(sessions);
            out.println(what + " at their nice-10 share for " + policy.holdSeconds() + " s: " + policy.reason()
                    + ".");
        } else {
            group.idle();
            out.println(what + " at idle CPU priority again, " + policy.reason() + ".");
        }
        applied = mode;
    }

    /** Moves a control plane or PostgreSQL started since the last look into the group, at their share for a while. */
    private void adoptRestarted() {
        long controlPlane = children.controlPlane().get().orElse(-1L);
        if (controlPlane > 0 && controlPlane != adoptedControlPlane && group.adopt(controlPlane)) {
            adoptedControlPlane = controlPlane;
            policy.restarted(System.nanoTime(), "the control plane");
            apply();
        }
        long before = adoptedPostgres;
        if (adoptPostgres() && before > 0) {
            policy.restarted(System.nanoTime(), "PostgreSQL");
            apply();
        }
    }

    /** Moves a PostgreSQL not adopted yet (the postmaster, then its backends); true when it did. */
    private boolean adoptPostgres() {
        long postmaster = children.postgres().flatMap(Supplier::get).orElse(-1L);
        if (postmaster <= 0 || postmaster == adoptedPostgres || !group.adopt(postmaster)) {
            return false;
        }
        // Backends forked from now on are born in the group; those already running are moved.
        ProcessHandle.of(postmaster).ifPresent(server -> server.descendants()
                .forEach(backend -> group.adopt(backend.pid())));
        adoptedPostgres = postmaster;
        return true;
    }

    /** The analytics stream's length: the records not yet ingested; -1 when Redis cannot be read. */
    private long backlog() {
        try {
            if (client == null) {
                client = RespClient.connect(redis, REDIS_TIMEOUT);
            }
            return client.command("XLEN", stream) instanceof Long length ? length : -1;
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
                client = null;
            }
            return -1;
        }
    }

    /** How long the control plane's readiness check took, in ms; -1 when it failed or took over a second. */
    private long readyMillis() {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(children.controlPlaneReady()).timeout(READY_TIMEOUT).build();
        CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status == 200 ? (System.nanoTime() - start) / 1_000_000 : -1;
        } catch (ExecutionException | TimeoutException e) {
            answer.cancel(true);
            return -1;
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
