package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.launcher.stack.GatewayComponent;
import dev.portcullis.launcher.stack.GatewaySettings;
import dev.portcullis.launcher.stack.PortcullisStack;
import dev.portcullis.launcher.stack.Tokens;
import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two control-plane replicas on one PostgreSQL database and Redis, gateway 1 streaming from A and gateway 2 from B
 * (each given both URLs, its own replica first): a change made through either replica reaches both gateways within
 * a second, and when the replica gateway 1 streams from is killed, it reconnects to the other one and applies what
 * is changed through it. The replicas share their key material, as an operator provides it: replica B starts with
 * copies of the key files A made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFailoverIT {

    private static final String GATEWAY = "gw-failover";
    private static final String GATEWAY_B = "gw-on-b";
    /** How soon a change must be served by every gateway of every replica. */
    private static final Duration EVERY_GATEWAY = Duration.ofSeconds(1);

    private static TestDatabase database;
    private static TestRedisEndpoint redis;
    private static PortcullisStack a;
    private static PortcullisStack b;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabases.create();
        redis = TestRedis.create();
        int portA = FreePorts.pick();
        int portB = FreePorts.pick();
        String adminToken = Tokens.adminToken();
        String gatewayToken = Tokens.gatewayToken();
        a = replica("a", portA, adminToken, gatewayToken)
                .gateway(GatewaySettings.of(GATEWAY).withEnvironment(Map.of("PORTCULLIS_CONTROL_PLANE_URL",
                        "http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB)))
                .build();
        b = replica("b", portB, adminToken, gatewayToken).build();
        a.startAll();
        copyKeyMaterial(a.controlPlaneDataDirectory(), b.controlPlaneDataDirectory());
        b.controlPlane().start();
        b.addGateway(GatewaySettings.of(GATEWAY_B).withEnvironment(Map.of("PORTCULLIS_CONTROL_PLANE_URL",
                "http://127.0.0.1:" + portB + ",http://127.0.0.1:" + portA))).start();
    }

    @AfterAll
    static void stop() {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            database.close();
            redis.close();
        }
    }

    @Test
    @Order(1)
    void aChangeThroughEitherReplicaReachesTheGatewaysOfBothWithinASecond() throws IOException {
        DashboardApi throughA = new DashboardApi(a.controlPlane().baseUrl(), a.adminToken());
        DashboardApi throughB = new DashboardApi(b.controlPlane().baseUrl(), b.adminToken());
        throughB.createProxy("both-mock", "/both-mock/", a.mock().baseUrl());
        String onA = a.gateway(GATEWAY).mcpUrl("/both-mock/");
        String onB = b.gateway(GATEWAY_B).mcpUrl("/both-mock/");
        var key = throughA.createKey("on-both", List.of("both-mock"));
        String secret = key.path("key").asText();
        GatewayConfig.awaitKeyAccepted(onA, secret);
        GatewayConfig.awaitKeyAccepted(onB, secret);

        long revoked = System.nanoTime();
        throughB.revokeKey(key.path("id").asText());
        await().atMost(EVERY_GATEWAY).pollInterval(Duration.ofMillis(50)).until(() ->
                McpHttp.post(onA, McpHttp.INITIALIZE, McpHttp.bearer(secret)).status() == 401
                        && McpHttp.post(onB, McpHttp.INITIALIZE, McpHttp.bearer(secret)).status() == 401);
        long revocationMs = (System.nanoTime() - revoked) / 1_000_000;

        long created = System.nanoTime();
        throughA.createProxy((JsonNode) Json.mapper().readTree("""
                {"id":"new-mock","name":"new-mock","listenPath":"/new-mock/","upstream":{"url":"%s"},
                 "authentication":{"enabled":false}}""".formatted(a.mock().baseUrl())));
        await().atMost(EVERY_GATEWAY).pollInterval(Duration.ofMillis(50)).until(() ->
                McpHttp.post(a.gateway(GATEWAY).mcpUrl("/new-mock/"), McpHttp.INITIALIZE, Map.of()).status() == 200
                        && McpHttp.post(b.gateway(GATEWAY_B).mcpUrl("/new-mock/"), McpHttp.INITIALIZE, Map.of()).status()
                        == 200);
        System.out.printf("revocation through B on both gateways after %d ms; new proxy through A on both after "
                + "%d ms%n", revocationMs, (System.nanoTime() - created) / 1_000_000);
    }

    @Test
    @Order(2)
    void reconnectsToTheOtherReplicaAndAppliesTheChangesMadeThroughIt() throws IOException {
        DashboardApi throughA = new DashboardApi(a.controlPlane().baseUrl(), a.adminToken());
        DashboardApi throughB = new DashboardApi(b.controlPlane().baseUrl(), b.adminToken());
        GatewayComponent gateway = a.gateway(GATEWAY);
        throughA.createProxy("failover-mock", "/failover-mock/", a.mock().baseUrl());
        String mcpUrl = gateway.mcpUrl("/failover-mock/");
        var before = throughA.createKey("before-failover", List.of("failover-mock"));
        GatewayConfig.awaitKeyAccepted(mcpUrl, before.path("key").asText());
        assertThat(Files.readString(gateway.logFile()))
                .containsAnyOf("connected to the config feed at " + a.controlPlane().baseUrl(),
                        "config feed restored at " + a.controlPlane().baseUrl());

        a.controlPlane().kill();
        String after = throughB.createKey("after-failover", List.of("failover-mock")).path("key").asText();
        throughB.revokeKey(before.path("id").asText());

        GatewayConfig.awaitKeyAccepted(mcpUrl, after);
        await().atMost(Duration.ofSeconds(5)).until(() -> McpHttp.post(mcpUrl, McpHttp.INITIALIZE,
                McpHttp.bearer(before.path("key").asText())).status() == 401);
        String log = Files.readString(gateway.logFile());
        assertThat(log).contains("lost the config feed at " + a.controlPlane().baseUrl())
                .contains("config feed restored at " + b.controlPlane().baseUrl());
    }

    private static PortcullisStack.Builder replica(String name, int port, String adminToken, String gatewayToken)
            throws IOException {
        return PortcullisStack.builder()
                .dataDirectory(Files.createTempDirectory("portcullis-e2e-failover-" + name + "-"))
                .controlPlanePort(port)
                .database(database.jdbcUrl(), database.user(), database.password())
                .redisUrl(redis.url())
                .env("PORTCULLIS_REDIS_KEY_PREFIX", redis.keyPrefix())
                .adminToken(adminToken)
                .gatewayToken(gatewayToken)
                .jvmOptions(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** Every file of {@code from} (signing key pair, master key, API-token key) into {@code to}, same layout. */
    private static void copyKeyMaterial(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path target = to.resolve(from.relativize(file).toString());
                try {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
