package dev.portcullis.launcher.up;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./portcullis up} runs, read from the environment.
 *
 * @param databaseUrl null: run an embedded PostgreSQL in {@code dataDirectory/postgres}
 * @param redisUrl    null: run an embedded Redis in {@code dataDirectory/redis}
 * @param idleCpu     whether the control plane and PostgreSQL may run at idle CPU priority
 *                    ({@code PORTCULLIS_IDLE_CPU}, {@code on} or {@code off})
 */
public record UpSettings(Path repositoryRoot, Path dataDirectory, int controlPlanePort, int gatewayPort,
                         int gatewayManagementPort, int mockPort, String databaseUrl, String databaseUser,
                         String databasePassword, String redisUrl, boolean idleCpu) {

    /** Every process binds here: {@code up} is a local demo, never exposed on the network. */
    public static final String HOST = "127.0.0.1";
    public static final String GATEWAY_ID = "gateway-1";
    /**
     * The control plane's analytics ingest threads under {@code up} (a control plane of its own takes 2), unless
     * the environment sets {@link #INGEST_THREADS_VARIABLE}.
     */
    public static final int INGEST_THREADS = 1;
    public static final String INGEST_THREADS_VARIABLE = "PORTCULLIS_ANALYTICS_INGEST_THREADS";
    public static final String IDLE_CPU_VARIABLE = "PORTCULLIS_IDLE_CPU";
    /**
     * The analytics stream of the planes {@code up} starts, and its cap: their defaults, as {@code up} sets neither
     * {@code PORTCULLIS_REDIS_KEY_PREFIX} nor {@code PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH} for them (and a child
     * does not inherit the launcher's {@code PORTCULLIS_*} settings).
     */
    public static final String ANALYTICS_STREAM = "portcullis:analytics";
    public static final long ANALYTICS_STREAM_CAP = 1_000_000;

    /** A port {@code up} needs, with the variable that moves it. */
    public record NamedPort(String what, String variable, int port) {
    }

    public static UpSettings fromEnvironment(Path repositoryRoot, Map<String, String> env) {
        return new UpSettings(repositoryRoot,
                Path.of(env.getOrDefault("PORTCULLIS_UP_DATA_DIR",
                        repositoryRoot.resolve(".portcullis-data").toString())).toAbsolutePath(),
                port(env, "PORTCULLIS_CP_PORT", 3000),
                port(env, "PORTCULLIS_GATEWAY_PORT", 8080),
                port(env, "PORTCULLIS_GATEWAY_MANAGEMENT_PORT", 8081),
                port(env, "MOCK_MCP_PORT", 7878),
                blankToNull(env.get("PORTCULLIS_DB_URL")),
                env.getOrDefault("PORTCULLIS_DB_USER", "postgres"),
                env.getOrDefault("PORTCULLIS_DB_PASSWORD", ""),
                blankToNull(env.get("PORTCULLIS_REDIS_URL")),
                onOff(env, IDLE_CPU_VARIABLE));
    }

    public List<NamedPort> ports() {
        return List.of(
                new NamedPort("control plane", "PORTCULLIS_CP_PORT", controlPlanePort),
                new NamedPort("gateway", "PORTCULLIS_GATEWAY_PORT", gatewayPort),
                new NamedPort("gateway management", "PORTCULLIS_GATEWAY_MANAGEMENT_PORT", gatewayManagementPort),
                new NamedPort("mock MCP server", "MOCK_MCP_PORT", mockPort));
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public Path credentialsFile() {
        return dataDirectory.resolve("credentials.properties");
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UpFailure(variable + " must be a port number between 1 and 65535, got \"" + value + "\"");
    }

    private static boolean onOff(Map<String, String> env, String variable) {
        String value = env.getOrDefault(variable, "on").trim();
        if (value.isEmpty() || value.equalsIgnoreCase("on")) {
            return true;
        }
        if (value.equalsIgnoreCase("off")) {
            return false;
        }
        throw new UpFailure(variable + " must be on or off, got \"" + value + "\"");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
