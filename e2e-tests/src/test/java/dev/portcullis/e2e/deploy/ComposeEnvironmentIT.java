package dev.portcullis.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.deploy.DeployFiles.Service;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.McpClients;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessSpec;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.PostgresServer;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.launcher.stack.Artifacts;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/compose.yaml} without Docker: the packaged jars run with exactly the environment compose gives each
 * service (both control-plane replicas, both gateways, the mock), against a real PostgreSQL and a real Redis, and an
 * official-SDK MCP client works through both gateways.
 *
 * <p>The only rewrites are the ones containers make unnecessary: {@code ${...}} resolved from a {@code .env}
 * generated as deploy/README.md says (and the key files generated with its openssl commands, installed by running
 * the {@code keys} job's own script); every service host name becomes 127.0.0.1 and every container port a free
 * port of its own (values of {@code *_PORT} variables, {@code host:port} in URLs, published host ports); the bind
 * address 0.0.0.0 becomes 127.0.0.1; container paths under a volume mount become that volume's directory. PostgreSQL
 * is the shared test server, with the {@code postgres} service's user and database created under names unique to
 * this run; Redis is a {@code redis-server} of this test's own, started with the {@code redis} service's command.
 */
class ComposeEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern HOST_PORT = Pattern.compile("\\b([a-z][a-z0-9-]*):(\\d{2,5})\\b");
    private static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static Path root;
    private static Path work;
    private static final Map<String, String> dotEnv = new LinkedHashMap<>();
    private static final Map<String, Integer> ports = new HashMap<>();
    private static final List<ManagedProcess> processes = new ArrayList<>();
    private static PostgresServer postgres;
    private static String database;
    private static String role;
    private static final Map<String, Map<String, String>> environments = new LinkedHashMap<>();

    @BeforeAll
    static void startTheComposeServices() throws Exception {
        root = Artifacts.findRepositoryRoot();
        work = Files.createTempDirectory("portcullis-compose-");
        Path compose = root.resolve("deploy/compose.yaml");
        Map<String, Object> raw = rawServices(compose);
        writeDotEnv();
        Path keys = generateKeys();
        byte[] random = new byte[4];
        new java.security.SecureRandom().nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        createPostgresLikeTheService(env(raw, "postgres"), suffix);
        startRedisLikeTheService(raw);
        runTheKeysJob(raw, keys);

        List<Service> services = DeployFiles.compose(compose);
        for (Service service : services) {
            environments.put(service.name(), rewrite(service, raw));
        }
        Artifacts artifacts = Artifacts.inRepository(root);
        assertThat(artifacts.missing()).as("packaged jars (./mvnw package)").isEmpty();
        for (Service service : services) {
            Path jar = switch (service.product()) {
                case CONTROL_PLANE -> artifacts.controlPlaneJar();
                case GATEWAY -> artifacts.gatewayJar();
                case MOCK -> artifacts.mockJar();
            };
            ManagedProcess process = ManagedProcess.start(new ProcessSpec(service.name(),
                    ProcessSpec.javaJar(jar, JVM), environments.get(service.name()), work,
                    work.resolve("logs").resolve(service.name() + ".log")));
            processes.add(process);
        }
        for (int i = 0; i < services.size(); i++) {
            Service service = services.get(i);
            process(service.name()).awaitHealthy(URI.create(healthUrl(service)), Duration.ofSeconds(180));
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        List<ManagedProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        reversed.forEach(ManagedProcess::stop);
        if (postgres != null) {
            postgres.dropDatabase(database);
            try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void anMcpClientWorksThroughBothGatewaysConfiguredThroughEitherReplica() throws Exception {
        DashboardApi replica1 = new DashboardApi(hostUrl("control-plane-1", 3000), dotEnv.get("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN"));
        DashboardApi replica2 = new DashboardApi(hostUrl("control-plane-2", 3000), dotEnv.get("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN"));
        String upstream = mapHosts("http://mock-mcp:7878");
        replica1.createProxy(proxy("mock-mcp", "[]", upstream));
        replica2.createProxy(proxy("mock-mcp-edge", "[\"edge\"]", upstream));
        String key = replica2.createKey("compose-agent", List.of("mock-mcp", "mock-mcp-edge")).path("key").asText();

        for (String gateway : List.of("gateway-1", "gateway-2")) {
            String url = hostUrl(gateway, 8080) + "/mock-mcp/mcp";
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                try (McpSyncClient client = McpClients.connect(url, key)) {
                    client.initialize();
                    assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("generate_uuid");
                    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("generate_uuid",
                            Map.of()));
                    assertThat(result.isError()).as(gateway).isNotEqualTo(Boolean.TRUE);
                }
            });
        }

        List<String> gatewayIds = new ArrayList<>();
        DashboardApi.items(replica2.gateways()).forEach(gateway -> gatewayIds.add(gateway.path("id").asText()));
        assertThat(gatewayIds).contains("gateway-1", "gateway-2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(replica1.send("GET",
                "/api/analytics/records?proxy=mock-mcp", null, Map.of()).json().path("items").size())
                .as("records the control plane ingested from Redis (its PORTCULLIS_REDIS_URL)").isPositive());
        String metrics = get(hostUrl("control-plane-1", 9000) + "/q/metrics");
        assertThat(metrics).contains("portcullis_analytics_ingested_total", "portcullis_api_request_duration_seconds_count");
    }

    @Test
    void eachProcessGotTheComposeEnvironmentAndNothingMore() {
        assertThat(environments.get("control-plane-1")).containsKeys("PORTCULLIS_REDIS_URL",
                "PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE", "PORTCULLIS_MASTER_KEY_FILE",
                "PORTCULLIS_API_TOKEN_SIGNING_KEY_FILE").doesNotContainKey("PORTCULLIS_GENERATE_KEYS");
        assertThat(environments.get("gateway-1").get("PORTCULLIS_CONTROL_PLANE_URL"))
                .isEqualTo(hostUrl("control-plane-1", 3000) + "," + hostUrl("control-plane-2", 3000));
        for (Service service : DeployFiles.compose(root.resolve("deploy/compose.yaml"))) {
            assertThat(environments.get(service.name())).as(service.name())
                    .containsOnlyKeys(service.environment().keySet());
        }
    }

    private static ObjectNode proxy(String id, String tags, String upstream) throws IOException {
        return (ObjectNode) JSON.readTree("""
                {"id": "%s", "name": "Mock MCP Server", "active": true, "listenPath": "/mock-mcp/",
                 "gatewayTags": %s, "upstream": {"url": "%s"},
                 "authentication": {"enabled": true, "authToken": {"enabled": true, "header": "Authorization"}}}"""
                .formatted(id, tags, upstream));
    }

    /** The compose environment of one service, with the rewrites the class comment lists. */
    private static Map<String, String> rewrite(Service service, Map<String, Object> raw) {
        Map<String, String> volumes = new HashMap<>();
        for (String mount : service.volumes()) {
            String[] parts = mount.split(":");
            volumes.put(parts[1], parts[0].startsWith(".") ? null : volume(parts[0]).toString());
        }
        Map<String, String> published = new HashMap<>();
        for (Object mapping : list(map(raw.get(service.name())).get("ports"))) {
            String[] parts = String.valueOf(mapping).split(":");
            published.put(parts[parts.length - 3] + ":" + parts[parts.length - 2],
                    "127.0.0.1:" + port(service.name(), Integer.parseInt(parts[parts.length - 1])));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        service.environment().forEach((name, value) -> {
            String resolved = DeployFiles.interpolate(value, dotEnv);
            if (name.equals("PORTCULLIS_BIND_HOST") && resolved.equals("0.0.0.0")) {
                resolved = "127.0.0.1";
            } else if (name.endsWith("_PORT") && resolved.matches("\\d+")) {
                resolved = Integer.toString(port(service.name(), Integer.parseInt(resolved)));
            } else if (name.equals("PORTCULLIS_DB_URL")) {
                resolved = postgres.jdbcUrl(database);
            } else if (name.equals("PORTCULLIS_DB_USER")) {
                resolved = role;
            } else {
                for (Map.Entry<String, String> publishedPort : published.entrySet()) {
                    resolved = resolved.replace(publishedPort.getKey(), publishedPort.getValue())
                            .replace(publishedPort.getKey().replace("127.0.0.1", "localhost"), publishedPort.getValue());
                }
                resolved = mapHosts(resolved);
                for (Map.Entry<String, String> volume : volumes.entrySet()) {
                    if (volume.getValue() != null && resolved.startsWith(volume.getKey() + "/")) {
                        resolved = volume.getValue() + resolved.substring(volume.getKey().length());
                    } else if (volume.getValue() != null && resolved.equals(volume.getKey())) {
                        resolved = volume.getValue();
                    }
                }
            }
            environment.put(name, resolved);
        });
        return environment;
    }

    /** {@code service:port} of a compose service, anywhere in {@code value}, as 127.0.0.1 and its own port. */
    private static String mapHosts(String value) {
        Matcher matcher = HOST_PORT.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String host = matcher.group(1);
            String replacement = matcher.group();
            if (host.equals("redis")) {
                replacement = "127.0.0.1:" + port("redis", 6379);
            } else if (environments.containsKey(host) || isService(host)) {
                replacement = "127.0.0.1:" + port(host, Integer.parseInt(matcher.group(2)));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static boolean isService(String host) {
        return DeployFiles.compose(root.resolve("deploy/compose.yaml")).stream()
                .anyMatch(service -> service.name().equals(host));
    }

    private static synchronized int port(String service, int containerPort) {
        return ports.computeIfAbsent(service + ":" + containerPort, ignored -> FreePorts.pick());
    }

    private static String hostUrl(String service, int containerPort) {
        return "http://127.0.0.1:" + port(service, containerPort);
    }

    private static String healthUrl(Service service) {
        Map<String, String> environment = environments.get(service.name());
        return switch (service.product()) {
            case CONTROL_PLANE -> "http://127.0.0.1:" + environment.get("PORTCULLIS_CP_PORT") + "/q/health/ready";
            case GATEWAY -> "http://127.0.0.1:" + environment.get("PORTCULLIS_GATEWAY_MANAGEMENT_PORT")
                    + "/q/health/ready";
            case MOCK -> "http://127.0.0.1:" + environment.get("MOCK_MCP_PORT") + "/health";
        };
    }

    private static ManagedProcess process(String name) {
        return processes.stream().filter(process -> process.name().equals(name)).findFirst().orElseThrow();
    }

    /** The {@code .env} deploy/README.md tells the operator to write, generated the same way. */
    private static void writeDotEnv() throws Exception {
        dotEnv.put("PORTCULLIS_DB_PASSWORD", shell("openssl rand -hex 24"));
        dotEnv.put("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN",
                "pca_" + shell("openssl rand -base64 32 | tr '+/' '-_' | tr -d '='"));
        dotEnv.put("PORTCULLIS_GATEWAY_TOKEN", shell("openssl rand -hex 32"));
        dotEnv.put("GRAFANA_ADMIN_PASSWORD", shell("openssl rand -hex 16"));
    }

    /** deploy/README.md's key commands, run in a directory of this test's own instead of deploy/keys. */
    private static Path generateKeys() throws Exception {
        // Not named "keys": the job script's own "/keys/" mount is rewritten by text.
        Path keys = Files.createDirectories(work.resolve("deploy-keys"));
        shell("cd '" + keys + "' && openssl genpkey -algorithm ed25519 -out snapshot-signing-private.pem"
                + " && openssl pkey -in snapshot-signing-private.pem -pubout -out snapshot-signing-public.pem"
                + " && openssl rand -base64 32 > master.key"
                + " && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out api-token-signing-private.pem");
        return keys;
    }

    /** The {@code keys} job's own script, its three mounts pointed at directories of this test. */
    private static void runTheKeysJob(Map<String, Object> raw, Path keys) throws Exception {
        Map<String, Object> job = map(raw.get("keys"));
        String script = String.valueOf(list(job.get("command")).get(0)).replace("$$", "$");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object mount : list(job.get("volumes"))) {
            String[] parts = String.valueOf(mount).split(":");
            mounts.put(parts[1], parts[0].equals("./keys") ? keys.toString() : volume(parts[0]).toString());
        }
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            script = script.replace(mount.getKey() + "/", mount.getValue() + "/");
        }
        String output = shell(script);
        assertThat(output).contains("key material installed");
    }

    private static Path volume(String name) {
        try {
            return Files.createDirectories(work.resolve("volumes").resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The {@code postgres} service's user, password and database, on the shared server under unique names. */
    private static void createPostgresLikeTheService(Map<String, String> environment, String suffix) throws Exception {
        postgres = TestDatabases.server();
        role = environment.get("POSTGRES_USER") + "_compose_" + suffix;
        database = environment.get("POSTGRES_DB") + "_compose_" + suffix;
        String password = DeployFiles.interpolate(environment.get("POSTGRES_PASSWORD"), dotEnv);
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
    }

    /** A Redis of this test's own, started with the {@code redis} service's command (append-only file on). */
    private static void startRedisLikeTheService(Map<String, Object> raw) throws Exception {
        List<String> command = new ArrayList<>(list(map(raw.get("redis")).get("command")).stream()
                .map(String::valueOf).toList());
        Path data = volume("redis-data");
        command.addAll(List.of("--port", Integer.toString(port("redis", 6379)), "--bind", "127.0.0.1",
                "--dir", data.toString(), "--save", ""));
        ManagedProcess redis = ManagedProcess.start(new ProcessSpec("redis", command, Map.of(), data,
                work.resolve("logs/redis.log")));
        processes.add(redis);
        redis.awaitCondition(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port("redis", 6379))) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)
                        .startsWith("+PONG");
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30), "did not answer PING");
    }

    private static Map<String, Object> rawServices(Path compose) throws IOException {
        try (var reader = Files.newBufferedReader(compose)) {
            Map<String, Object> document = new Yaml().load(reader);
            return map(document.get("services"));
        }
    }

    private static Map<String, String> env(Map<String, Object> raw, String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        map(map(raw.get(service)).get("environment")).forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    private static String shell(String command) throws Exception {
        Process process = new ProcessBuilder("/bin/sh", "-c", "set -eu; umask 077; " + command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + ": " + output).isZero();
        return output;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    private static List<Object> list(Object node) {
        return node == null ? List.of() : new ArrayList<>((List<?>) node);
    }
}
