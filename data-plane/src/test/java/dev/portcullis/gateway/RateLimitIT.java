package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.EmbeddedRedis;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits and quotas through the real gateway, the real mock MCP server and a real Redis (each test its own
 * key prefix, or its own Redis when it stops it).
 */
class RateLimitIT {

    static Vertx vertx;
    static MockMcpServer mock;

    @TempDir
    Path dataDir;

    final TestSnapshots snapshots = new TestSnapshots();
    final List<AutoCloseable> closing = new ArrayList<>();
    TestRedisEndpoint redis;
    TestFeed feed;

    @BeforeAll
    static void startMock() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopMock() throws Exception {
        mock.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        redis = TestRedis.create();
        feed = TestFeed.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        feed.close();
        redis.close();
    }

    /** One client per key: its token, its session on one gateway. */
    record Agent(AgentClient client, String token, String session) {

        HttpResponse<String> call(String tool, String arguments) throws Exception {
            return client.post("/mock/mcp", """
                    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"%s","arguments":%s}}"""
                    .formatted(tool, arguments), "Authorization", "Bearer " + token, "Mcp-Session-Id", session);
        }

        HttpResponse<String> uuid() throws Exception {
            return call("generate_uuid", "{}");
        }
    }

    Agent agent(RunningGateway gateway, String token) throws Exception {
        AgentClient client = new AgentClient(gateway.baseUrl());
        return new Agent(client, token, client.initialize("/mock/mcp", "Authorization", "Bearer " + token));
    }

    RunningGateway gateway(GatewaySettings.CounterStore counters, long version) throws Exception {
        Path dir = Files.createTempDirectory(dataDir, "gw");
        RunningGateway gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dir, counters);
        closing.add(gateway);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == version);
        return gateway;
    }

    RunningGateway gateway() throws Exception {
        return gateway(counters(redis.url(), GatewaySettings.OnRedisFailure.LOCAL), 1);
    }

    GatewaySettings.CounterStore counters(String url, GatewaySettings.OnRedisFailure onFailure) {
        return new GatewaySettings.CounterStore(url, redis.keyPrefix(), Duration.ofMillis(200), onFailure);
    }

    void publish(String proxyFields, List<Policy> policies, KeyEntry... keys) {
        ProxyDefinition proxy = TestProxies.definition("mock", "/mock/", mock.baseUrl(), proxyFields);
        feed.publish(snapshots.signWithPolicies(1, List.of(proxy), List.of(keys), policies));
    }

    static KeyEntry key(String id, String token, String... policies) {
        return new KeyEntry(id, id, KeyTokens.hash(token), null, List.of("mock"), List.of(policies));
    }

    static Policy policy(String id, String accessRight, String topLevel) {
        return Policy.parse("""
                {"id":"%s","name":"%s",%s"accessRights":{"mock":%s}}""".formatted(id, id, topLevel, accessRight));
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        return AgentClient.message(response).path("error");
    }

    static String get(RedisEndpoint endpoint, String key) throws Exception {
        try (RespClient client = RespClient.connect(endpoint, Duration.ofSeconds(5))) {
            return (String) client.command("GET", key);
        }
    }

    static long commandCalls(RedisEndpoint endpoint, String command) throws Exception {
        try (RespClient client = RespClient.connect(endpoint, Duration.ofSeconds(5))) {
            String info = (String) client.command("INFO", "commandstats");
            for (String line : info.split("\r\n")) {
                if (line.startsWith("cmdstat_" + command + ":calls=")) {
                    return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
                }
            }
            return 0;
        }
    }

    @Test
    void aSharedLimitOfTenPerMinuteAcrossTwoGatewaysAllowsTenInTotal() throws Exception {
        String token = KeyTokens.generate();
        publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":10,\"per\":60}}},", List.of(),
                key("k1", token));
        RunningGateway gatewayA = gateway();
        RunningGateway gatewayB = gateway();
        Agent onA = agent(gatewayA, token);
        Agent onB = agent(gatewayB, token);

        HttpResponse<String> first = onA.uuid();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("10");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("9");
        assertThat(first.headers().firstValue("RateLimit-Reset")).hasValue("6");
        for (int i = 1; i < 10; i++) {
            assertThat((i % 2 == 0 ? onA : onB).uuid().statusCode()).as("call %d", i + 1).isEqualTo(200);
        }
        HttpResponse<String> eleventh = onB.uuid();
        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(error(eleventh).path("code").asInt()).isEqualTo(-32003);
        assertThat(error(eleventh).path("message").asText()).contains("method 'tools/call'").contains("10 per 60 s");
        assertThat(Long.parseLong(eleventh.headers().firstValue("Retry-After").orElseThrow())).isBetween(5L, 6L);
        assertThat(onA.uuid().statusCode()).as("the other gateway shares the count").isEqualTo(429);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(gatewayB.gateway().limiter().liveGateways()).as("the fallback's divisor").isEqualTo(2));
    }

    @Test
    void perPrimitiveLimitsOfTwoPoliciesAreCountedIndependentlyPerKey() throws Exception {
        String one = KeyTokens.generate();
        String two = KeyTokens.generate();
        String three = KeyTokens.generate();
        publish("", List.of(
                        policy("two-a-minute", """
                                {"mcpPrimitives":[{"type":"tool","name":"generate_uuid","limit":{"rate":2,"per":60}}]}""", ""),
                        policy("three-a-minute", """
                                {"mcpPrimitives":[{"type":"tool","name":"generate_uuid","limit":{"rate":3,"per":60}}]}""", "")),
                key("one", one, "two-a-minute"), key("two", two, "three-a-minute"), key("three", three, "two-a-minute"));
        RunningGateway gateway = gateway();
        Agent first = agent(gateway, one);
        Agent second = agent(gateway, two);
        Agent third = agent(gateway, three);

        assertThat(List.of(first.uuid().statusCode(), first.uuid().statusCode(), first.uuid().statusCode()))
                .containsExactly(200, 200, 429);
        assertThat(List.of(third.uuid().statusCode(), third.uuid().statusCode(), third.uuid().statusCode()))
                .as("another key of the same policy has its own count").containsExactly(200, 200, 429);
        assertThat(List.of(second.uuid().statusCode(), second.uuid().statusCode(), second.uuid().statusCode(),
                second.uuid().statusCode())).containsExactly(200, 200, 200, 429);
        HttpResponse<String> refused = first.uuid();
        assertThat(error(refused).path("message").asText()).contains("tool 'generate_uuid'");
        assertThat(first.call("validate_email", "{\"email\":\"a@b.co\"}").statusCode())
                .as("other tools are not limited").isEqualTo(200);
    }

    @Test
    void aToolCallCountsAgainstItsMethodLimitAndItsPrimitiveLimitAtOnce() throws Exception {
        String token = KeyTokens.generate();
        publish("", List.of(policy("calls", """
                        {"jsonRpcMethods":[{"name":"tools/call","limit":{"rate":5,"per":60}}],
                         "mcpPrimitives":[{"type":"tool","name":"generate_uuid","limit":{"rate":3,"per":60}}]}""", "")),
                key("k", token, "calls"));
        Agent agent = agent(gateway(), token);

        for (int i = 0; i < 3; i++) {
            assertThat(agent.uuid().statusCode()).isEqualTo(200);
        }
        HttpResponse<String> primitiveRefusal = agent.uuid();
        assertThat(primitiveRefusal.statusCode()).isEqualTo(429);
        assertThat(error(primitiveRefusal).path("message").asText()).contains("tool 'generate_uuid'");
        String email = "{\"email\":\"a@b.co\"}";
        assertThat(agent.call("validate_email", email).statusCode()).isEqualTo(200);
        assertThat(agent.call("validate_email", email).statusCode()).isEqualTo(200);
        HttpResponse<String> methodRefusal = agent.call("validate_email", email);
        assertThat(methodRefusal.statusCode()).as("3 uuid calls + 2 = the method's 5").isEqualTo(429);
        assertThat(error(methodRefusal).path("message").asText()).contains("method 'tools/call'");
    }

    @Test
    void anExhaustedQuotaIsRefusedUntilItsPeriodRenews() throws Exception {
        String token = KeyTokens.generate();
        publish("", List.of(policy("quota", """
                        {"mcpPrimitives":[{"type":"tool","name":"generate_uuid","quota":{"max":2,"renewalSeconds":3}}]}""",
                "")), key("k", token, "quota"));
        Agent agent = agent(gateway(), token);

        HttpResponse<String> refused = null;
        for (int i = 0; i < 6 && refused == null; i++) {
            HttpResponse<String> response = agent.uuid();
            if (response.statusCode() != 200) {
                refused = response;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(error(refused).path("code").asInt()).isEqualTo(-32005);
        assertThat(error(refused).path("message").asText()).contains("quota").contains("tool 'generate_uuid'");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3L);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> agent.uuid().statusCode() == 200);
    }

    @Test
    void aRefusedRequestConsumesNoCounter() throws Exception {
        String token = KeyTokens.generate();
        publish("", List.of(policy("mixed", """
                        {"limit":{"rate":100,"per":60},
                         "mcpPrimitives":[{"type":"tool","name":"generate_uuid","quota":{"max":1,"renewalSeconds":3600}}]}""",
                "")), key("k", token, "mixed"));
        Agent agent = agent(gateway(), token);
        String proxyCounter = redis.keyPrefix() + "{c:k:k}:proxy:mock";

        assertThat(agent.uuid().statusCode()).isEqualTo(200);
        String before = get(redis.endpoint(), proxyCounter);
        assertThat(before).isNotNull();
        HttpResponse<String> refused = agent.uuid();
        assertThat(error(refused).path("code").asInt()).isEqualTo(-32005);
        assertThat(get(redis.endpoint(), proxyCounter)).as("the per-proxy rate was not consumed").isEqualTo(before);
        HttpResponse<String> other = agent.call("validate_email", "{\"email\":\"a@b.co\"}");
        assertThat(other.headers().firstValue("RateLimit-Remaining")).as("initialize, one call, this call")
                .hasValue("97");
    }

    /** Sends {@code calls} uuid calls alternating between the agents; answers how many passed (the rest: 429). */
    static int alternate(int calls, Agent... agents) throws Exception {
        int passed = 0;
        for (int i = 0; i < calls; i++) {
            int status = agents[i % agents.length].uuid().statusCode();
            assertThat(status).as("call %d", i + 1).isIn(200, 429);
            if (status == 200) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void twoLeasingGatewaysNeverPassMoreThanASharedQuotaAndAskRedisForFewerThanOneRequestInThree() throws Exception {
        EmbeddedRedis own = EmbeddedRedis.startTemporary();
        closing.add(own);
        String token = KeyTokens.generate();
        publish("", List.of(policy("thousand", """
                        {"mcpPrimitives":[{"type":"tool","name":"generate_uuid","quota":{"max":1000,"renewalSeconds":86400}}]}""",
                "")), key("k", token, "thousand"));
        RunningGateway gatewayA = gateway(counters(own.url(), GatewaySettings.OnRedisFailure.LOCAL), 1);
        RunningGateway gatewayB = gateway(counters(own.url(), GatewaySettings.OnRedisFailure.LOCAL), 1);
        Agent onA = agent(gatewayA, token);
        Agent onB = agent(gatewayB, token);
        long evalshaBefore = commandCalls(own.endpoint(), "evalsha");

        int passed = alternate(1_040, onA, onB);

        long evalsha = commandCalls(own.endpoint(), "evalsha") - evalshaBefore;
        long held = gatewayA.gateway().limiter().leasedUnits() + gatewayB.gateway().limiter().leasedUnits();
        System.out.printf("leasing quota of 1000 over two gateways: %d passed, %d units still held, %d EVALSHA for"
                + " 1040 requests%n", passed, held, evalsha);
        assertThat(passed).as("never more than the quota").isLessThanOrEqualTo(1_000);
        assertThat(passed + held).as("short only by what the gateways still hold (at most 1 %% each)")
                .isEqualTo(1_000);
        assertThat(held).isLessThanOrEqualTo(20);
        assertThat(evalsha).isLessThan(1_040 / 3);
        assertThat(gatewayA.gateway().limiter().leasedDecisions() + gatewayB.gateway().limiter().leasedDecisions())
                .as("requests decided from units in hand").isGreaterThan(1_040 / 2);
    }

    @Test
    void twoLeasingGatewaysPassNoMoreThanASharedRateAllowsAndReportItExactlyOnOne() throws Exception {
        String token = KeyTokens.generate();
        publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":1000,\"per\":3600}}},", List.of(),
                key("k", token));
        RunningGateway gatewayA = gateway();
        RunningGateway gatewayB = gateway();
        Agent onA = agent(gatewayA, token);
        Agent onB = agent(gatewayB, token);

        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = onA.uuid();
            assertThat(response.statusCode()).isEqualTo(200);
            remaining.add(response.headers().firstValue("RateLimit-Remaining").orElseThrow());
        }
        for (int i = 0; i < 40; i++) {
            assertThat(remaining.get(i)).as("one gateway, leased or not: counts down by one").isEqualTo(
                    Integer.toString(999 - i));
        }
        int passed = 40 + alternate(1_000, onA, onB);
        System.out.printf("leasing rate of 1000 per hour over two gateways: %d of 1040 passed%n", passed);
        assertThat(passed).as("the burst, plus one unit earned back per 3.6 s of the run").isBetween(980, 1_003);
    }

    /** Units a GCRA counter has consumed and not yet recovered: (TAT - now) / interval, rounded up. */
    static long unitsInUse(RedisEndpoint endpoint, String key, long intervalMicros) throws Exception {
        try (RespClient client = RespClient.connect(endpoint, Duration.ofSeconds(5))) {
            List<?> time = (List<?>) client.command("TIME");
            long now = Long.parseLong((String) time.get(0)) * 1_000_000 + Long.parseLong((String) time.get(1));
            long tat = Long.parseLong((String) client.command("GET", key));
            return (tat - now + intervalMicros - 1) / intervalMicros;
        }
    }

    @Test
    void aConsumerAtTheEdgeOfItsOwnLimitTakesNoMoreSharedUnitsThanTheShare() throws Exception {
        String token = KeyTokens.generate();
        // shared: 1000 per hour (a unit earned back per 3.6 s; a gateway's share: 10). The consumer's own: 300 per
        // minute (share 3), which it exceeds: once its burst is spent, each unit it earns back (every 200 ms)
        // passes one request and leaves no room for units in advance of its own counter
        publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":1000,\"per\":3600}}},",
                List.of(policy("fast", "{\"limit\":{\"rate\":300,\"per\":60}}", "")), key("k", token, "fast"));
        RunningGateway gateway = gateway();
        Agent agent = agent(gateway, token);

        int passed = 0;
        for (int i = 0; i < 40_000 && passed < 340; i++) {
            int status = agent.uuid().statusCode();
            assertThat(status).isIn(200, 429);
            passed += status == 200 ? 1 : 0;
        }

        long taken = unitsInUse(redis.endpoint(), redis.keyPrefix() + "{p:mock}:op:tools/call", 3_600_000);
        long held = gateway.gateway().limiter().leasedUnits();
        System.out.printf("consumer at its own limit: %d passed, %d shared units taken in Redis, %d held%n", passed,
                taken, held);
        assertThat(taken - passed - held).as("shared units taken, then expired unspent: at most the share")
                .isLessThanOrEqualTo(10 + 1);
    }

    @Test
    void keepsCountingLocallyWhileRedisIsDownAndReturnsToRedisWhenItIsBack() throws Exception {
        EmbeddedRedis own = EmbeddedRedis.startTemporary();
        closing.add(() -> {
            if (own.process().isAlive()) {
                own.close();
            }
        });
        int port = own.endpoint().port();
        String token = KeyTokens.generate();
        publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":4,\"per\":60}}},", List.of(),
                key("k", token));
        RunningGateway gateway = gateway(counters(own.url(), GatewaySettings.OnRedisFailure.LOCAL), 1);
        Agent agent = agent(gateway, token);
        String counter = redis.keyPrefix() + "{p:mock}:op:tools/call";

        assertThat(agent.uuid().statusCode()).isEqualTo(200);
        long evalshaBefore = commandCalls(own.endpoint(), "evalsha");
        long evalBefore = commandCalls(own.endpoint(), "eval");
        assertThat(agent.uuid().statusCode()).isEqualTo(200);
        long evalshaPerRequest = commandCalls(own.endpoint(), "evalsha") - evalshaBefore;
        long evalPerRequest = commandCalls(own.endpoint(), "eval") - evalBefore;
        System.out.printf("INFO commandstats per limited request: evalsha=%d eval=%d%n", evalshaPerRequest,
                evalPerRequest);
        assertThat(evalshaPerRequest).isEqualTo(1);
        assertThat(evalPerRequest).isZero();
        assertThat(get(own.endpoint(), counter)).isNotNull();

        own.close();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(agent.uuid().statusCode());
        }
        assertThat(statuses).as("a fresh local count of 4 / 1 live gateway").containsExactly(200, 200, 200, 200, 429);
        assertThat(gateway.gateway().limiter().redisAvailable()).isFalse();
        assertThat(gateway.gateway().limiter().fallbacks()).isEqualTo(5);

        Path restartDir = Files.createTempDirectory(dataDir, "redis");
        EmbeddedRedis restarted = EmbeddedRedis.startPersistent(restartDir, port, restartDir.resolve("log"));
        closing.add(restarted);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.gateway().limiter().redisAvailable());
        assertThat(agent.uuid().statusCode()).isEqualTo(200);
        assertThat(get(restarted.endpoint(), counter)).as("counting resumed in Redis").isNotNull();
        assertThat(gateway.gateway().limiter().fallbacks()).isEqualTo(5);
    }

    @Test
    void denyModeRefusesLimitedRequestsWhileRedisIsDown() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String token = KeyTokens.generate();
        publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":100,\"per\":60}}},", List.of(),
                key("k", token));
        RunningGateway gateway = gateway(counters("redis://127.0.0.1:" + deadPort,
                GatewaySettings.OnRedisFailure.DENY), 1);
        Agent agent = agent(gateway, token);

        long started = System.nanoTime();
        HttpResponse<String> refused = agent.uuid();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(error(refused).path("code").asInt()).isEqualTo(-32004);
        assertThat(error(refused).path("data").path("reason").asText()).isEqualTo("rate_limit_store_unavailable");
        assertThat(agent.uuid().statusCode()).isEqualTo(503);
    }

    @Test
    void aRedisThatNeverAnswersCostsARequestNoMoreThanTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String token = KeyTokens.generate();
            publish("\"operations\":{\"tools/call\":{\"rateLimit\":{\"rate\":100,\"per\":60}}},", List.of(),
                    key("k", token));
            RunningGateway gateway = gateway(counters("redis://127.0.0.1:" + silent.getLocalPort(),
                    GatewaySettings.OnRedisFailure.LOCAL), 1);
            Agent agent = agent(gateway, token);

            long started = System.nanoTime();
            HttpResponse<String> answered = agent.uuid();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.headers().firstValue("RateLimit-Limit")).as("counted locally").hasValue("100");
            assertThat(gateway.gateway().limiter().redisAvailable()).isFalse();
        }
    }
}
