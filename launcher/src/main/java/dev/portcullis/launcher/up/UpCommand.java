package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.LogTail;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessFailureException;
import dev.portcullis.launcher.services.EmbeddedPostgres;
import dev.portcullis.launcher.services.EmbeddedRedis;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.stack.Artifacts;
import dev.portcullis.launcher.stack.DatabaseConnection;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.GatewaySettings;
import dev.portcullis.launcher.stack.PortcullisStack;
import dev.portcullis.launcher.stack.StackComponent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./portcullis up}: PostgreSQL and Redis (embedded unless configured), the mock MCP server, the control plane
 * and one gateway, all on 127.0.0.1; the first-start seed; a banner; then supervision until Ctrl-C.
 *
 * <p>Shutdown runs in a JVM shutdown hook (SIGINT, SIGTERM, or a failed start) and is {@link RunningStack}'s job.
 * Children run in their own session, so the terminal's Ctrl-C reaches only us and the order holds. Leftovers of a
 * launcher killed with SIGKILL are stopped first ({@link Leftovers}).
 */
public final class UpCommand {

    private static final String DATABASE = "portcullis";

    private final UpSettings settings;
    private final PrintStream out;
    private final RunningStack running;

    public UpCommand(UpSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.running = new RunningStack(out);
    }

    /** Starts everything and supervises; returns only when start-up failed (the caller then exits non-zero). */
    public int run() {
        Runtime.getRuntime().addShutdownHook(new Thread(running::shutdown, "portcullis-up-shutdown"));
        try {
            start();
        } catch (UpFailure e) {
            return fail(e.getMessage(), null);
        } catch (ProcessFailureException e) {
            return fail(e.getMessage(), e.logFile());
        }
        running.supervise();
        return running.exitCode();
    }

    private int fail(String message, Path logFile) {
        if (!running.failed()) {
            return 0;
        }
        out.println();
        out.println("portcullis up failed: " + message);
        if (logFile != null) {
            List<String> tail = LogTail.read(logFile, 25);
            if (!tail.isEmpty()) {
                out.println("Last lines of " + logFile + ":");
                tail.forEach(line -> out.println("  | " + line));
            }
        }
        return 1;
    }

    private void start() {
        Artifacts artifacts = Artifacts.inRepository(settings.repositoryRoot());
        if (!artifacts.missing().isEmpty()) {
            throw new UpFailure("not built yet: " + artifacts.missing()
                    + ". Run ./portcullis up (it builds), or ./mvnw -B package -DskipTests");
        }
        new Leftovers(settings.logDirectory(), settings.dataDirectory().resolve("postgres"), out).stop();
        checkPortsFree();
        createDirectories();
        Credentials credentials = Credentials.loadOrCreate(settings.credentialsFile());

        String jdbcUrl = startPostgres();
        String redisUrl = startRedis();

        PortcullisStack.Builder builder = PortcullisStack.builder()
                .dataDirectory(settings.dataDirectory())
                .artifacts(artifacts)
                .host(UpSettings.HOST)
                .mockPort(settings.mockPort())
                .controlPlanePort(settings.controlPlanePort())
                .redisUrl(redisUrl)
                .adminToken(credentials.adminToken())
                .adminPassword(credentials.adminPassword())
                .gatewayToken(credentials.gatewayToken())
                .controlPlaneNiceness(PortcullisStack.CONTROL_PLANE_NICENESS)
                .gateway(GatewaySettings.of(UpSettings.GATEWAY_ID)
                        .withPorts(settings.gatewayPort(), settings.gatewayManagementPort()));
        builder.database(jdbcUrl, settings.databaseUser(), settings.databasePassword());
        builder.controlPlaneEnv("PORTCULLIS_DASHBOARD_GATEWAY_URL",
                "http://" + UpSettings.HOST + ":" + settings.gatewayPort());
        // Everything on one machine: one ingest thread takes about one core at most (it and PostgreSQL take turns),
        // so a gateway answering agents finds the other free (docs/performance.md, "Sixth performance round").
        // A value the user set is passed on as it is (a child inherits none of the launcher's PORTCULLIS_* settings).
        String ingestThreads = System.getenv(UpSettings.INGEST_THREADS_VARIABLE);
        builder.controlPlaneEnv(UpSettings.INGEST_THREADS_VARIABLE,
                ingestThreads == null ? Integer.toString(UpSettings.INGEST_THREADS) : ingestThreads);
        // Operator plugins (docs/plugins.md): the control plane and the gateway read the same folder.
        builder.env("PORTCULLIS_PLUGINS_DIR", settings.repositoryRoot().resolve("plugins").toAbsolutePath().toString());
        PortcullisStack stack = builder.build();
        if (!running.adopt(stack)) {
            throw new UpFailure("stopping");
        }
        startComponent(stack.mock(), "mock MCP server");
        startComponent(stack.controlPlane(), "control plane");
        if (!Files.isRegularFile(stack.feedPublicKeyFile())) {
            throw new UpFailure("the control plane is up but did not write its public key to "
                    + stack.feedPublicKeyFile() + "; the gateway cannot verify snapshots without it");
        }
        GatewayComponent gateway = stack.gateway(UpSettings.GATEWAY_ID);
        startComponent(gateway, "gateway " + UpSettings.GATEWAY_ID);

        DemoSeed seed = new DemoSeed(stack.controlPlane().baseUrl(), credentials.adminToken(), recovery());
        if (!credentials.seeded()) {
            out.println("First start: creating the Mock MCP Server proxy and the demo-agent key...");
            credentials.recordSeed(seed.run(stack.mock().baseUrl()));
        } else {
            seed.alignUpstream(stack.mock().baseUrl());
        }
        String mcpUrl = gateway.mcpUrl(DemoSeed.LISTEN_PATH);
        GatewayCatchUp catchUp = new GatewayCatchUp(stack.controlPlane().baseUrl(), credentials.adminToken());
        boolean served = credentials.demoKey().map(key -> awaitServed(gateway, catchUp, mcpUrl, key)).orElse(false);
        // Started now, not earlier: the control plane's start and the first snapshot are the launcher's to wait for.
        running.lowerBackground(settings, redisUrl);
        new Banner(stack.controlPlane().baseUrl(), credentials.adminToken(), credentials.adminPassword(), mcpUrl,
                credentials.demoKey().orElse(null), settings.logDirectory(), settings.credentialsFile(), served)
                .print(out);
    }

    private String recovery() {
        String restore = "Restore the credentials.properties that belongs to it into " + settings.credentialsFile();
        if (settings.databaseUrl() != null) {
            return restore + ", or point PORTCULLIS_DB_URL at an empty database.";
        }
        return restore + ", or start from an empty database: stop, delete "
                + settings.dataDirectory().resolve("postgres") + " (all proxies and keys are lost) and run"
                + " ./portcullis up again.";
    }

    private void checkPortsFree() {
        List<String> taken = new ArrayList<>();
        for (UpSettings.NamedPort port : settings.ports()) {
            if (!FreePorts.isFree(UpSettings.HOST, port.port())) {
                taken.add("  port " + port.port() + " (" + port.what() + ") is already in use; free it or run "
                        + port.variable() + "=<other port> ./portcullis up");
            }
        }
        Set<Integer> distinct = new HashSet<>();
        for (UpSettings.NamedPort port : settings.ports()) {
            if (!distinct.add(port.port())) {
                taken.add("  port " + port.port() + " is configured twice (" + port.variable() + ")");
            }
        }
        if (!taken.isEmpty()) {
            throw new UpFailure("cannot start:\n" + String.join("\n", taken)
                    + "\n  (is another ./portcullis up already running?)");
        }
    }

    private void createDirectories() {
        try {
            for (String directory : List.of("logs", "control-plane", "gateway")) {
                Files.createDirectories(settings.dataDirectory().resolve(directory));
            }
        } catch (IOException e) {
            throw new UpFailure("cannot create " + settings.dataDirectory() + ": " + e.getMessage(), e);
        }
    }

    private String startPostgres() {
        if (settings.databaseUrl() != null) {
            out.println("Using PostgreSQL at " + DatabaseConnection.displayable(settings.databaseUrl())
                    + " (PORTCULLIS_DB_URL)");
            return settings.databaseUrl();
        }
        out.println("Starting PostgreSQL (embedded, data in " + settings.dataDirectory().resolve("postgres") + ")...");
        if (running.stopping()) {
            throw new UpFailure("stopping");
        }
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.startPersistent(settings.dataDirectory().resolve("postgres"), servicePort(),
                    settings.logDirectory().resolve("postgres.log"));
        } catch (IOException | RuntimeException e) {
            throw new UpFailure("embedded PostgreSQL did not start: " + e.getMessage()
                    + " (log: " + settings.logDirectory().resolve("postgres.log")
                    + "; is another ./portcullis up using " + settings.dataDirectory() + "?)", e);
        }
        if (!running.adopt(postgres, settings.dataDirectory().resolve("postgres"),
                settings.logDirectory().resolve("postgres.log"))) {
            closeQuietly(postgres);
            throw new UpFailure("stopping");
        }
        try {
            postgres.server().createDatabaseIfMissing(DATABASE);
        } catch (SQLException | RuntimeException e) {
            throw new UpFailure("cannot create the database " + DATABASE + " in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
        return postgres.server().jdbcUrl(DATABASE);
    }

    private String startRedis() {
        if (settings.redisUrl() != null) {
            out.println("Using Redis from PORTCULLIS_REDIS_URL");
            return settings.redisUrl();
        }
        out.println("Starting Redis (embedded, append-only file in " + settings.dataDirectory().resolve("redis") + ")...");
        if (running.stopping()) {
            throw new UpFailure("stopping");
        }
        EmbeddedRedis redis;
        try {
            redis = EmbeddedRedis.startPersistent(settings.dataDirectory().resolve("redis"), servicePort(),
                    settings.logDirectory().resolve("redis.log"));
        } catch (IOException | RuntimeException e) {
            throw new UpFailure("embedded Redis did not start: " + e.getMessage(), e);
        }
        if (!running.adopt(redis)) {
            redis.close();
            throw new UpFailure("stopping");
        }
        return redis.url();
    }

    /**
     * A free port for an embedded service that is none of the configured ones: those are free until their
     * components bind them, so the OS may well offer one of them to whoever asks for any free port first.
     */
    private int servicePort() {
        Set<Integer> configured = new HashSet<>();
        settings.ports().forEach(port -> configured.add(port.port()));
        int port = FreePorts.pick();
        while (configured.contains(port)) {
            port = FreePorts.pick();
        }
        return port;
    }

    /** A start racing the shutdown hook fails (the component is closed) rather than leaving a process behind. */
    private void startComponent(StackComponent component, String what) {
        if (running.stopping()) {
            throw new UpFailure("stopping");
        }
        out.println("Starting " + what + " on " + component.baseUrl() + "...");
        try {
            component.start();
        } catch (IllegalStateException closedByShutdown) {
            throw new UpFailure("stopping");
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // shutting down anyway; the leftover check of the next start stops it
        }
    }

    /**
     * The seed reaches the gateway through the config feed: wait until the gateway reports the current version, then
     * until a request with the demo key gets 200 (asking earlier would show up in Monitoring as an unknown key).
     */
    private boolean awaitServed(GatewayComponent gateway, GatewayCatchUp catchUp, String mcpUrl, String key) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(mcpUrl))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Banner.INITIALIZE))
                .build();
        ManagedProcess process = gateway.process().orElseThrow();
        try {
            process.awaitCondition(() -> catchUp.caughtUp(gateway.id()), Duration.ofSeconds(20),
                    "did not apply the current configuration");
            process.awaitCondition(() -> {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, Duration.ofSeconds(20), "did not serve " + mcpUrl);
            return true;
        } catch (ProcessFailureException e) {
            return false;
        }
    }
}
