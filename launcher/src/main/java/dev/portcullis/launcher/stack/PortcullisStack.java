package dev.portcullis.launcher.stack;

import dev.portcullis.launcher.process.ProcessSpec;
import dev.portcullis.launcher.services.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The packaged products run as processes: the mock MCP server, the control plane and any number of gateways, wired
 * together through the ADR 0001 environment variables. Used by {@code ./portcullis up} and by the e2e tests.
 *
 * <p>PostgreSQL and Redis are not started here: the caller passes where they are (a {@code TestDatabase}, an
 * embedded server, a real one). Ports are chosen when the stack is built (0 means a free port), so restarting a
 * component brings it back on the same address. Nothing starts until asked; {@link #close()} stops the gateways,
 * then the control plane, then the mock.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.create(); TestRedisEndpoint redis = TestRedis.create();
 *      PortcullisStack stack = PortcullisStack.builder()
 *              .dataDirectory(tempDir).database(db.jdbcUrl(), db.user(), db.password()).redisUrl(redis.url())
 *              .gateway(GatewaySettings.of("gw-1")).build()) {
 *     stack.startAll();
 *     stack.controlPlane().kill();   // the gateway keeps serving its last good snapshot
 * }
 * }</pre>
 */
public final class PortcullisStack implements AutoCloseable {

    /**
     * The control plane's nice value under {@code ./portcullis up} (and its PostgreSQL's): on one machine, its work
     * (analytics ingest above all, which can take as much CPU as the gateway's traffic) waits while a gateway answers
     * agents, instead of the two sharing the cores evenly and every agent request waiting behind ingest batches
     * (docs/performance.md, "Latency at one connection"). The ingest catches up when the traffic lets it; records
     * wait in the Redis stream meanwhile. Test stacks keep the launcher's priority unless they ask.
     */
    public static final int CONTROL_PLANE_NICENESS = 10;

    private final Builder settings;
    private final StackComponent mock;
    private final StackComponent controlPlane;
    private final int controlPlaneManagementPort;
    private final Map<String, GatewayComponent> gateways = new LinkedHashMap<>();

    private PortcullisStack(Builder settings) {
        this.settings = settings;
        int mockPort = settings.mockPort == 0 ? FreePorts.pick() : settings.mockPort;
        int controlPlanePort = settings.controlPlanePort == 0 ? FreePorts.pick() : settings.controlPlanePort;
        this.controlPlaneManagementPort = FreePorts.pick();
        this.mock = new StackComponent("mock MCP server", settings.host, mockPort,
                URI.create("http://" + settings.host + ":" + mockPort + "/health"), settings.startupTimeout,
                () -> spec("mock MCP server", settings.artifacts.mockJar(), "mock-mcp-server", mockEnvironment(mockPort)));
        this.controlPlane = new StackComponent("control plane", settings.host, controlPlanePort,
                URI.create("http://" + settings.host + ":" + controlPlanePort + "/q/health/ready"),
                settings.startupTimeout,
                () -> spec("control plane", settings.artifacts.controlPlaneJar(), "control-plane",
                        controlPlaneEnvironment(controlPlanePort)).withNiceness(settings.controlPlaneNiceness));
        settings.gateways.forEach(this::addGateway);
    }

    public static Builder builder() {
        return new Builder();
    }

    public StackComponent mock() {
        return mock;
    }

    public StackComponent controlPlane() {
        return controlPlane;
    }

    /** The control plane's management interface ({@code /q/metrics}): {@code http://host:port}. */
    public String controlPlaneManagementUrl() {
        return "http://" + settings.host + ":" + controlPlaneManagementPort;
    }

    /** @throws NoSuchElementException if no gateway has this id */
    public synchronized GatewayComponent gateway(String id) {
        GatewayComponent gateway = gateways.get(id);
        if (gateway == null) {
            throw new NoSuchElementException("no gateway " + id + " in this stack (have " + gateways.keySet() + ")");
        }
        return gateway;
    }

    public synchronized Collection<GatewayComponent> gateways() {
        return List.copyOf(gateways.values());
    }

    /** Adds a gateway (not started); its ports are fixed now. */
    public synchronized GatewayComponent addGateway(GatewaySettings gateway) {
        if (gateways.containsKey(gateway.id())) {
            throw new IllegalArgumentException("gateway " + gateway.id() + " already exists");
        }
        int port = gateway.port() == 0 ? FreePorts.pick() : gateway.port();
        int managementPort = gateway.managementPort() == 0 ? FreePorts.pick() : gateway.managementPort();
        Path dataDirectory = settings.dataDirectory.resolve("gateway").resolve(gateway.id());
        GatewayComponent component = new GatewayComponent(gateway.id(), gateway.tags(), settings.host, port,
                managementPort, dataDirectory, settings.startupTimeout,
                () -> spec("gateway " + gateway.id(), settings.artifacts.gatewayJar(), "gateway-" + gateway.id(),
                        GatewayJvm.withDefaults(settings.jvmOptions),
                        gatewayEnvironment(gateway, port, managementPort, dataDirectory)));
        gateways.put(gateway.id(), component);
        return component;
    }

    /** Starts the mock, the control plane, then every gateway, each waiting until healthy. */
    public void startAll() {
        mock.start();
        controlPlane.start();
        for (GatewayComponent gateway : gateways()) {
            gateway.start();
        }
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    public Path logDirectory() {
        return settings.dataDirectory.resolve("logs");
    }

    /** The control plane's data directory; its signing key pair lives in {@code signing/}. */
    public Path controlPlaneDataDirectory() {
        return settings.dataDirectory.resolve("control-plane");
    }

    /** The PEM public key gateways verify snapshots with; written by the control plane at first start. */
    public Path feedPublicKeyFile() {
        return controlPlaneDataDirectory().resolve("signing").resolve("ed25519-public.pem");
    }

    /** The admin bearer token ({@code pca_...}) the control plane was bootstrapped with. */
    public String adminToken() {
        return settings.adminToken;
    }

    public String gatewayToken() {
        return settings.gatewayToken;
    }

    /** The password of the first dashboard user {@code admin} the control plane was bootstrapped with. */
    public String adminPassword() {
        return settings.adminPassword;
    }

    /** Stops the gateways, then the control plane, then the mock, for good (see {@link StackComponent#close()}). */
    @Override
    public void close() {
        List<GatewayComponent> running = new ArrayList<>(gateways());
        Collections.reverse(running);
        running.forEach(StackComponent::close);
        controlPlane.close();
        mock.close();
    }

    private ProcessSpec spec(String name, Path jar, String logName, Map<String, String> environment) {
        return spec(name, jar, logName, settings.jvmOptions, environment);
    }

    private ProcessSpec spec(String name, Path jar, String logName, List<String> jvmOptions,
                             Map<String, String> environment) {
        Path logFile = logDirectory().resolve(logName + ".log");
        return new ProcessSpec(name, ProcessSpec.javaJar(jar, jvmOptions), environment, settings.dataDirectory,
                logFile);
    }

    /** The mock is an upstream like any other MCP server: it gets no Portcullis secret and no Redis. */
    private Map<String, String> mockEnvironment(int port) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PORTCULLIS_BIND_HOST", settings.host);
        environment.put("MOCK_MCP_PORT", Integer.toString(port));
        environment.putAll(settings.environment);
        environment.putAll(settings.mockEnvironment);
        return environment;
    }

    private Map<String, String> controlPlaneEnvironment(int port) {
        Map<String, String> environment = planeCommon();
        environment.put("PORTCULLIS_CP_PORT", Integer.toString(port));
        environment.put("PORTCULLIS_CP_MANAGEMENT_PORT", Integer.toString(controlPlaneManagementPort));
        environment.put("PORTCULLIS_DATA_DIR", controlPlaneDataDirectory().toString());
        // One control plane: it may generate its keys into its data directory on first start.
        environment.put("PORTCULLIS_GENERATE_KEYS", "true");
        if (settings.database != null) {
            environment.put("PORTCULLIS_DB_URL", settings.database.jdbcUrl());
            environment.put("PORTCULLIS_DB_USER", settings.database.user());
            environment.put("PORTCULLIS_DB_PASSWORD", settings.database.password());
        }
        environment.put("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN", settings.adminToken);
        environment.put("PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword);
        // The stack serves plain http on a loopback address: a Secure cookie would never be sent back.
        environment.put("PORTCULLIS_COOKIE_SECURE", "false");
        environment.putAll(settings.controlPlaneEnvironment);
        return environment;
    }

    private Map<String, String> gatewayEnvironment(GatewaySettings gateway, int port, int managementPort,
                                                   Path dataDirectory) {
        Map<String, String> environment = planeCommon();
        environment.put("PORTCULLIS_GATEWAY_PORT", Integer.toString(port));
        environment.put("PORTCULLIS_GATEWAY_MANAGEMENT_PORT", Integer.toString(managementPort));
        environment.put("PORTCULLIS_GATEWAY_ID", gateway.id());
        if (!gateway.tags().isEmpty()) {
            environment.put("PORTCULLIS_GATEWAY_TAGS", String.join(",", gateway.tags().stream().sorted().toList()));
        }
        environment.put("PORTCULLIS_CONTROL_PLANE_URL", controlPlane.baseUrl());
        if (Files.isRegularFile(feedPublicKeyFile())) {
            environment.put("PORTCULLIS_FEED_PUBLIC_KEY_FILE", feedPublicKeyFile().toString());
        }
        environment.put("PORTCULLIS_DATA_DIR", dataDirectory.toString());
        environment.putAll(settings.gatewayEnvironment);
        environment.putAll(gateway.environment());
        return environment;
    }

    /**
     * What the control plane and the gateways share: the gateway token (accepted by one, presented by the other) and
     * Redis. The stack-wide overrides are applied last, per-component ones after that.
     */
    private Map<String, String> planeCommon() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PORTCULLIS_BIND_HOST", settings.host);
        environment.put("PORTCULLIS_GATEWAY_TOKEN", settings.gatewayToken);
        if (settings.redisUrl != null) {
            environment.put("PORTCULLIS_REDIS_URL", settings.redisUrl);
        }
        if (settings.redisKeyPrefix != null) {
            environment.put("PORTCULLIS_REDIS_KEY_PREFIX", settings.redisKeyPrefix);
        }
        environment.putAll(settings.environment);
        return environment;
    }

    /** Builds a {@link PortcullisStack}. Only the data directory is required. */
    public static final class Builder {

        private Path dataDirectory;
        private Artifacts artifacts;
        private String host = "127.0.0.1";
        private int mockPort;
        private int controlPlanePort;
        private DatabaseConnection database;
        private String redisUrl;
        private String redisKeyPrefix;
        private String adminToken;
        private String gatewayToken;
        private String adminPassword;
        private Duration startupTimeout = Duration.ofSeconds(120);
        private int controlPlaneNiceness;
        private List<String> jvmOptions = List.of();
        private final List<GatewaySettings> gateways = new ArrayList<>();
        private final Map<String, String> environment = new HashMap<>();
        private final Map<String, String> mockEnvironment = new HashMap<>();
        private final Map<String, String> controlPlaneEnvironment = new HashMap<>();
        private final Map<String, String> gatewayEnvironment = new HashMap<>();

        private Builder() {
        }

        /** Root of the stack's files: {@code logs/}, {@code control-plane/}, {@code gateway/<id>/}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory.toAbsolutePath();
            return this;
        }

        /** Jars to run; default {@link Artifacts#inRepository} of {@link Artifacts#findRepositoryRoot()}. */
        public Builder artifacts(Artifacts artifacts) {
            this.artifacts = artifacts;
            return this;
        }

        /** Interface every process binds; default 127.0.0.1. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (default) picks a free port. */
        public Builder mockPort(int port) {
            this.mockPort = port;
            return this;
        }

        /** 0 (default) picks a free port. */
        public Builder controlPlanePort(int port) {
            this.controlPlanePort = port;
            return this;
        }

        /** Without it the control plane uses its own default (127.0.0.1:5432/portcullis). */
        public Builder database(String jdbcUrl, String user, String password) {
            this.database = new DatabaseConnection(jdbcUrl, user, password);
            return this;
        }

        /** Redis of every gateway (counters, analytics stream) and of the control plane (analytics ingestion). */
        public Builder redisUrl(String url) {
            this.redisUrl = url;
            return this;
        }

        /** Key prefix for the gateways and the control plane alike (they must agree: the analytics stream). */
        public Builder redisKeyPrefix(String prefix) {
            this.redisKeyPrefix = prefix;
            return this;
        }

        /** Default: a fresh {@code pca_} token. */
        public Builder adminToken(String token) {
            this.adminToken = token;
            return this;
        }

        /** Password of the first dashboard user {@code admin}; default: a fresh random one. */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        /** Default: a fresh random token. */
        public Builder gatewayToken(String token) {
            this.gatewayToken = token;
            return this;
        }

        public Builder gateway(GatewaySettings gateway) {
            this.gateways.add(gateway);
            return this;
        }

        /** How long a component may take to become healthy; default 120 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * How much lower than the others' the control plane's CPU priority is (a nice value, 0-19; default 0, the
         * same; {@code ./portcullis up} gives {@value PortcullisStack#CONTROL_PLANE_NICENESS}).
         */
        public Builder controlPlaneNiceness(int niceness) {
            this.controlPlaneNiceness = niceness;
            return this;
        }

        /** Options before {@code -jar} for every child JVM, e.g. {@code -Xmx256m}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** A variable for every process, overriding the stack's own. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder mockEnv(String name, String value) {
            mockEnvironment.put(name, value);
            return this;
        }

        public Builder controlPlaneEnv(String name, String value) {
            controlPlaneEnvironment.put(name, value);
            return this;
        }

        /** A variable for every gateway (a gateway's own {@link GatewaySettings#environment()} wins). */
        public Builder gatewayEnv(String name, String value) {
            gatewayEnvironment.put(name, value);
            return this;
        }

        public PortcullisStack build() {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            if (artifacts == null) {
                artifacts = Artifacts.inRepository(Artifacts.findRepositoryRoot());
            }
            if (adminToken == null) {
                adminToken = Tokens.adminToken();
            }
            if (gatewayToken == null) {
                gatewayToken = Tokens.gatewayToken();
            }
            if (adminPassword == null) {
                adminPassword = Tokens.adminPassword();
            }
            return new PortcullisStack(this);
        }
    }
}
