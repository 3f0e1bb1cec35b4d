package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.filter.ratelimit.HashSlot;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits on a real 3-master Redis Cluster started from the machine's {@code redis-server} (skipped when there
 * is none): a request with a proxy-wide and a per-consumer limit touches two hash slots, so two script calls.
 */
class RedisClusterIT {

    static final List<Process> PROCESSES = new ArrayList<>();
    static final List<Integer> PORTS = new ArrayList<>();
    static final Thread KILL_ON_EXIT = new Thread(RedisClusterIT::stopProcesses);
    static Path clusterDir;
    static Vertx vertx;
    static MockMcpServer mock;

    @TempDir
    Path dataDir;

    final TestSnapshots snapshots = new TestSnapshots();
    final List<AutoCloseable> closing = new ArrayList<>();
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    TestFeed feed;

    @BeforeAll
    static void startCluster() throws Exception {
        Optional<Path> server = onPath("redis-server");
        assumeTrue(server.isPresent(), "no redis-server binary on this machine");
        Path cli = server.get().resolveSibling("redis-cli");
        if (!Files.isExecutable(cli)) {
            cli = onPath("redis-cli").orElseThrow(() -> new IllegalStateException("redis-server without redis-cli"));
        }
        Runtime.getRuntime().addShutdownHook(KILL_ON_EXIT);
        clusterDir = Files.createTempDirectory("portcullis-cluster");
        for (int i = 0; i < 3; i++) {
            int port = portWithFreeBus();
            PORTS.add(port);
            PROCESSES.add(new ProcessBuilder(server.get().toString(), "--cluster-enabled", "yes",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--cluster-config-file", clusterDir.resolve("nodes-" + port + ".conf").toString(),
                    "--dir", clusterDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(clusterDir.resolve("redis-" + port + ".log").toFile())
                    .start());
        }
        for (int port : PORTS) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> RespClient.answersPing(RedisEndpoint.local(port), Duration.ofSeconds(1)));
        }
        List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        PORTS.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creating = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(clusterDir.resolve("create.log").toFile()).start();
        assertThat(creating.waitFor(30, TimeUnit.SECONDS)).as("redis-cli --cluster create finished").isTrue();
        assertThat(creating.exitValue()).as("redis-cli --cluster create: %s",
                Files.readString(clusterDir.resolve("create.log"))).isZero();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int port : PORTS) {
                if (!((String) command(port, "CLUSTER", "INFO")).contains("cluster_state:ok")) {
                    return false;
                }
            }
            return true;
        });
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (mock != null) {
                mock.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            stopProcesses();
            if (!PROCESSES.isEmpty()) {
                Runtime.getRuntime().removeShutdownHook(KILL_ON_EXIT);
            }
            if (clusterDir != null) {
                try (Stream<Path> files = Files.walk(clusterDir)) {
                    files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    static synchronized void stopProcesses() {
        for (Process process : PROCESSES) {
            process.destroy();
        }
        for (Process process : PROCESSES) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A port whose cluster bus port (port + 10000) is free too. */
    static int portWithFreeBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (!PORTS.contains(port) && FreePorts.isFree("127.0.0.1", port)
                    && FreePorts.isFree("127.0.0.1", port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    static Object command(int port, String... arguments) throws Exception {
        try (RespClient client = RespClient.connect(RedisEndpoint.local(port), Duration.ofSeconds(5))) {
            return client.command(arguments);
        }
    }

    /** Every key of this test on every node ({@code KEYS} is node-local: no redirection). */
    Set<String> keysOnCluster() throws Exception {
        Set<String> keys = new HashSet<>();
        for (int port : PORTS) {
            Object reply = command(port, "KEYS", prefix + "*");
            for (Object key : (List<?>) reply) {
                keys.add(key instanceof byte[] bytes ? new String(bytes) : String.valueOf(key));
            }
        }
        return keys;
    }

    /** {@code GET} on the node that owns the key (the others answer {@code MOVED}). */
    static String getOnCluster(String key) throws Exception {
        for (int port : PORTS) {
            try {
                return (String) command(port, "GET", key);
            } catch (Exception moved) {
                // not this node's slot
            }
        }
        throw new IllegalStateException("no node answered GET " + key);
    }

    /** Units a GCRA counter has consumed and not yet recovered: (TAT - now) / interval, rounded up. */
    static long unitsInUse(String key, long intervalMicros) throws Exception {
        List<?> time = (List<?>) command(PORTS.get(0), "TIME");
        long now = Long.parseLong((String) time.get(0)) * 1_000_000 + Long.parseLong((String) time.get(1));
        long tat = Long.parseLong(getOnCluster(key));
        return (tat - now + intervalMicros - 1) / intervalMicros;
    }

    @BeforeEach
    void startFeed() throws Exception {
        feed = TestFeed.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        feed.close();
    }

    record Agent(AgentClient client, String token, String session) {

        HttpResponse<String> uuid() throws Exception {
            return client.post("/mock/mcp", """
                    {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate_uuid","arguments":{}}}""",
                    "Authorization", "Bearer " + token, "Mcp-Session-Id", session);
        }
    }

    Agent agent(RunningGateway gateway, String token) throws Exception {
        AgentClient client = new AgentClient(gateway.baseUrl());
        return new Agent(client, token, client.initialize("/mock/mcp", "Authorization", "Bearer " + token));
    }

    RunningGateway gateway() throws Exception {
        return gateway(GatewaySettings.CounterStore.DEFAULT_LEASE_PERCENT);
    }

    RunningGateway gateway(int leasePercent) throws Exception {
        String seeds = "redis://127.0.0.1:" + PORTS.get(0) + ",redis://127.0.0.1:" + PORTS.get(1);
        GatewaySettings.CounterStore counters = new GatewaySettings.CounterStore(seeds, prefix,
                Duration.ofSeconds(1), GatewaySettings.OnRedisFailure.DENY, true, leasePercent);
        RunningGateway gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(),
                Files.createTempDirectory(dataDir, "gw"), counters);
        closing.add(gateway);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        return gateway;
    }

    void publish(String proxyFields, List<Policy> policies, KeyEntry... keys) {
        ProxyDefinition proxy = TestProxies.definition("mock", "/mock/", mock.baseUrl(), proxyFields);
        feed.publish(snapshots.signWithPolicies(1, List.of(proxy), List.of(keys), policies));
    }

    static KeyEntry key(String id, String token, String... policies) {
        return new KeyEntry(id, id, KeyTokens.hash(token), null, List.of("mock"), List.of(policies));
    }

    static Policy perProxyLimit(String id, int rate) {
        return Policy.parse("""
                {"id":"%s","name":"%s","accessRights":{"mock":{"limit":{"rate":%d,"per":60}}}}"""
                .formatted(id, id, rate));
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        return AgentClient.message(response).path("error");
    }

    @Test
    void aProxyWideLimitOfTenPerMinuteAllowsTenThenRefusesOnTwoSlots() throws Exception {
        String token = KeyTokens.generate();
        publish("\"global\":{\"rateLimit\":{\"rate\":10,\"per\":60}},", List.of(perProxyLimit("roomy", 100)),
                key("k1", token, "roomy"));
        RunningGateway gateway = gateway();
        Agent agent = agent(gateway, token);

        // initialize is the first of the ten requests the proxy-wide limit allows
        HttpResponse<String> first = agent.uuid();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("10");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("8");
        for (int i = 3; i <= 10; i++) {
            assertThat(agent.uuid().statusCode()).as("request %d", i).isEqualTo(200);
        }
        HttpResponse<String> eleventh = agent.uuid();
        assertThat(eleventh.statusCode()).isEqualTo(429);
        assertThat(error(eleventh).path("code").asInt()).isEqualTo(-32003);
        assertThat(error(eleventh).path("message").asText()).contains("10 per 60 s");
        assertThat(eleventh.headers().firstValue("Retry-After")).isPresent();

        String shared = prefix + "{p:mock}:global";
        String own = prefix + "{c:k:k1}:proxy:mock";
        assertThat(keysOnCluster()).contains(shared, own);
        long sharedSlot = (Long) command(PORTS.get(0), "CLUSTER", "KEYSLOT", shared);
        long ownSlot = (Long) command(PORTS.get(0), "CLUSTER", "KEYSLOT", own);
        assertThat(sharedSlot).as("two slots, so two script calls").isNotEqualTo(ownSlot)
                .isEqualTo(HashSlot.of(shared));
        assertThat(ownSlot).isEqualTo(HashSlot.of(own));
        assertThat(gateway.gateway().limiter().fallbacks()).as("every request was decided by the cluster").isZero();
    }

    @Test
    void aPerConsumerLimitCountsPerKeyAndARefusalMayConsumeOneSharedUnit() throws Exception {
        String limited = KeyTokens.generate();
        String other = KeyTokens.generate();
        // 150 per 540 s: one unit = 3.6 s, and a limit under 200 is never leased, so every unit is a request's
        publish("\"global\":{\"rateLimit\":{\"rate\":150,\"per\":540}},",
                List.of(perProxyLimit("three", 3), perProxyLimit("roomy", 100)),
                key("k1", limited, "three"), key("k2", other, "roomy"));
        RunningGateway gateway = gateway();
        Agent first = agent(gateway, limited);

        // initialize + 2 calls = the 3 the consumer may make; the 4th request is refused by its own slot
        assertThat(List.of(first.uuid().statusCode(), first.uuid().statusCode())).containsExactly(200, 200);
        HttpResponse<String> refused = first.uuid();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(error(refused).path("code").asInt()).isEqualTo(-32003);
        assertThat(error(refused).path("message").asText()).contains("3 per 60 s");

        Agent second = agent(gateway, other);
        HttpResponse<String> allowed = second.uuid();
        assertThat(allowed.statusCode()).as("another consumer has its own count").isEqualTo(200);
        assertThat(allowed.headers().firstValue("RateLimit-Limit")).hasValue("100");
        assertThat(allowed.headers().firstValue("RateLimit-Remaining")).hasValue("98");
        // shared (one unit = 3.6 s): 4 requests of k1 + 2 of k2. The refused one consumed its shared
        // unit, as documented: on Cluster all-or-nothing holds per slot.
        assertThat(unitsInUse(prefix + "{p:mock}:global", 3_600_000)).isEqualTo(6);
        assertThat(keysOnCluster()).contains(prefix + "{p:mock}:global", prefix + "{c:k:k1}:proxy:mock",
                prefix + "{c:k:k2}:proxy:mock");
        assertThat(gateway.gateway().limiter().fallbacks()).isZero();
    }

    @Test
    void aTwoSlotRequestWithANeverLeasedCounterTakesNoUnitsInAdvance() throws Exception {
        String token = KeyTokens.generate();
        publish("\"global\":{\"rateLimit\":{\"rate\":1000,\"per\":3600}},", List.of(perProxyLimit("five", 5)),
                key("k1", token, "five"));
        RunningGateway gateway = gateway();
        Agent agent = agent(gateway, token);

        // initialize + 4 calls = the consumer's 5 (never leased: under 200), so its requests always go to Redis
        // and could never spend units of the shared 1000 per hour taken in advance
        for (int i = 0; i < 4; i++) {
            assertThat(agent.uuid().statusCode()).as("call %d", i + 1).isEqualTo(200);
        }
        HttpResponse<String> refused = agent.uuid();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(error(refused).path("message").asText()).contains("5 per 60 s");

        assertThat(gateway.gateway().limiter().leasedUnits()).isZero();
        // 6 requests took a shared unit each (the refused one too: all or nothing per slot), nothing more
        assertThat(unitsInUse(prefix + "{p:mock}:global", 3_600_000)).isEqualTo(6);
        assertThat(gateway.gateway().limiter().fallbacks()).isZero();
    }

    @Test
    void unitsTakenInAdvanceBySlotThatAllowedAreKeptWhenTheOtherSlotRefuses() throws Exception {
        String token = KeyTokens.generate();
        publish("\"global\":{\"rateLimit\":{\"rate\":1000,\"per\":3600}},",
                List.of(perProxyLimit("twenty", 20)), key("k1", token, "twenty"));
        // a 10 % share: the consumer's 20 per minute is leased too (2 units), the shared 1000 per hour up to 100
        RunningGateway gateway = gateway(10);
        Agent agent = agent(gateway, token);

        int passed = 1;
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            int status = agent.uuid().statusCode();
            assertThat(status).as("call %d", i + 1).isIn(200, 429);
            passed += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }

        assertThat(refused).as("the consumer's slot refused").isPositive();
        long held = gateway.gateway().limiter().leasedUnits();
        // every shared unit Redis counted was spent by a request that passed, taken by a refused one (all or nothing
        // per slot), or is held: the units the shared slot granted on refused calls were kept, none lost
        assertThat(unitsInUse(prefix + "{p:mock}:global", 3_600_000)).isBetween((long) passed + refused,
                passed + refused + held);
        assertThat(gateway.gateway().limiter().fallbacks()).isZero();
    }
}
