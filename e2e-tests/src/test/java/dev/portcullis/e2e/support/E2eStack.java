package dev.portcullis.e2e.support;

import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.GatewaySettings;
import dev.portcullis.launcher.stack.PortcullisStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The packaged products as processes (mock MCP server, control plane, gateways) on their own database and Redis key
 * prefix. {@link #shared()} is one stack for every test class that does not stop components; tests that stop,
 * kill or rewire components build their own with {@link #start}.
 */
public final class E2eStack implements AutoCloseable {

    public static final String GATEWAY = "gw-1";

    private static E2eStack shared;

    private final TestDatabase database;
    private final TestRedisEndpoint redis;
    private final PortcullisStack stack;
    private final DashboardApi api;

    private E2eStack(TestDatabase database, TestRedisEndpoint redis, PortcullisStack stack) {
        this.database = database;
        this.redis = redis;
        this.stack = stack;
        this.api = new DashboardApi(stack.controlPlane().baseUrl(), stack.adminToken());
    }

    /** The stack shared by the test classes that leave it as they found it; stopped when the JVM exits. */
    public static synchronized E2eStack shared() {
        if (shared == null) {
            shared = start("shared", builder -> builder);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "e2e-stack-shutdown"));
        }
        return shared;
    }

    /**
     * A stack for the dashboard browser tests: its gateway on a known port, which the control plane names to the
     * dashboard as the gateway URL ({@code PORTCULLIS_DASHBOARD_GATEWAY_URL}), so pages show real MCP endpoints.
     */
    public static E2eStack withDashboardGatewayUrl(String name) {
        int gatewayPort = FreePorts.pick();
        return start(name, builder -> builder
                .gateway(GatewaySettings.of(GATEWAY).withPorts(gatewayPort, 0))
                .controlPlaneEnv("PORTCULLIS_DASHBOARD_GATEWAY_URL", "http://127.0.0.1:" + gatewayPort));
    }

    /** What the dashboard browser test files need to know about this stack, as their environment variables. */
    public Map<String, String> browserEnvironment() {
        return Map.of(
                "BASE_URL", stack.controlPlane().baseUrl(),
                "ADMIN_PASSWORD", stack.adminPassword(),
                "ADMIN_TOKEN", stack.adminToken(),
                "GATEWAY_URL", gateway().baseUrl(),
                "GATEWAY_ID", GATEWAY,
                "MOCK_URL", mockUrl());
    }

    /** A stack with one untagged gateway {@value #GATEWAY}, customised by {@code customizer}, fully started. */
    public static E2eStack start(String name, UnaryOperator<PortcullisStack.Builder> customizer) {
        TestDatabase database = TestDatabases.create();
        TestRedisEndpoint redis = TestRedis.create();
        try {
            Path directory = Files.createTempDirectory("portcullis-e2e-" + name + "-");
            PortcullisStack.Builder builder = PortcullisStack.builder()
                    .dataDirectory(directory)
                    .database(database.jdbcUrl(), database.user(), database.password())
                    .redisUrl(redis.url())
                    .env("PORTCULLIS_REDIS_KEY_PREFIX", redis.keyPrefix())
                    .jvmOptions(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            PortcullisStack stack = customizer.apply(builder).build();
            if (stack.gateways().isEmpty()) {
                stack.addGateway(GatewaySettings.of(GATEWAY));
            }
            E2eStack e2e = new E2eStack(database, redis, stack);
            stack.startAll();
            return e2e;
        } catch (IOException e) {
            database.close();
            redis.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            database.close();
            redis.close();
            throw e;
        }
    }

    public PortcullisStack stack() {
        return stack;
    }

    public DashboardApi api() {
        return api;
    }

    public GatewayComponent gateway() {
        return stack.gateway(GATEWAY);
    }

    /** The mock MCP server's base URL, as a proxy's {@code upstream.url}. */
    public String mockUrl() {
        return stack.mock().baseUrl();
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            database.close();
            redis.close();
        }
    }
}
