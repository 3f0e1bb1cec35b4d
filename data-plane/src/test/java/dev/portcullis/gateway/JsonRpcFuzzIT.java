package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.support.fuzz.FuzzCase;
import dev.portcullis.gateway.support.fuzz.JsonRpcMutator;
import dev.portcullis.gateway.support.fuzz.LogWatch;
import dev.portcullis.gateway.support.fuzz.RecordingUpstream;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded, seeded fuzz campaign of the gateway's JSON-RPC parsing and routing over HTTP: mutated messages of both
 * MCP revisions (wrong types, duplicate keys, name and method variants, invalid UTF-8, deep nesting, huge strings,
 * batches, header variants) sent to the real gateway in front of a recording upstream. It holds when the gateway
 * never answers 5xx, logs no ERROR and no unexpected exception, never leaks a denied tool in an answer, and the
 * upstream never receives a denied call ({@code tools/call delete_user}, {@code prompts/*}, completing a prompt),
 * however it reads the body. {@code -Dportcullis.fuzz.seed} replays a campaign, {@code -Dportcullis.fuzz.bodies}
 * sizes it (default {@value #DEFAULT_BODIES}, well under two minutes); {@code bench/fuzz} runs a long one.
 */
class JsonRpcFuzzIT {

    private static final int DEFAULT_BODIES = 6000;
    private static final String KEY = TestSnapshots.newToken();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static RecordingUpstream upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static LogWatch logs;

    @BeforeAll
    static void start() throws Exception {
        logs = LogWatch.install();
        vertx = Vertx.vertx();
        vertx.exceptionHandler(logs::unhandled);
        upstream = RecordingUpstream.start(vertx);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.signWithPolicies(1, List.of(
                        TestProxies.definition("fuzz", "/fuzz/", upstream.url(), """
                                "tools":{"delete_user":{"block":true}},
                                "operations":{"prompts/get":{"block":true},"prompts/list":{"block":true}},"""),
                        TestProxies.definition("fuzz-policy", "/fuzz-policy/", upstream.url())),
                List.of(new KeyEntry("fuzz-key", "fuzz-agent", KeyTokens.hash(KEY), null, List.of("fuzz"),
                        List.of("fuzz-policy"))),
                List.of(Policy.parse("""
                        {"id":"fuzz-policy","name":"fuzz-policy","accessRights":{"fuzz-policy":{
                          "mcpAccessRights":{"tools":{"blocked":["delete_.*"]}},
                          "jsonRpcMethodsAccessRights":{"blocked":["prompts/.*"]}}}}"""))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream, logs);
    }

    @Test
    void mutatedMessagesNeverCrashTheGatewayNorGetADeniedCallThrough() throws Exception {
        long seed = Long.getLong("portcullis.fuzz.seed", System.nanoTime());
        long bodies = Long.getLong("portcullis.fuzz.bodies", DEFAULT_BODIES);
        int concurrency = Integer.getInteger("portcullis.fuzz.concurrency", 8);
        String replay = "seed " + seed + " (replay: -Dportcullis.fuzz.seed=" + seed + " -Dportcullis.fuzz.bodies="
                + bodies + ")";
        System.out.println("JsonRpcFuzzIT: " + bodies + " bodies, " + replay);
        JsonRpcMutator mutator = new JsonRpcMutator(seed, KEY);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Semaphore inFlight = new Semaphore(concurrency);
        long started = System.nanoTime();

        for (long i = 0; i < bodies; i++) {
            FuzzCase fuzzCase = mutator.generate(i);
            HttpRequest request = request(fuzzCase);
            if (request == null) {
                count(outcomes, "not sendable by the client");
                continue;
            }
            inFlight.acquire();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, error) -> {
                        try {
                            check(fuzzCase, response, error, outcomes, failures);
                        } catch (RuntimeException e) {
                            failures.add(e + " on " + fuzzCase.describe());
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    });
            if (failures.size() > 20) {
                break;
            }
        }
        inFlight.acquire(concurrency);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String summary = summary(outcomes, seed, bodies, seconds);
        System.out.println(summary);
        Path report = Path.of("target", "fuzz", "summary-" + seed + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, summary);

        assertThat(failures).as("answers that break the rules, " + replay).isEmpty();
        assertThat(upstream.violations()).as("denied calls that reached the upstream, " + replay).isEmpty();
        assertThat(logs.problems()).as("errors in the gateway's log, " + replay).isEmpty();
        assertThat(upstream.forwarded()).as("the campaign must reach the upstream, " + replay)
                .isGreaterThan(bodies / 20);
        assertThat(outcomes.keySet()).as("the campaign must hit denials, " + replay)
                .anyMatch(outcome -> outcome.startsWith("403 "));
    }

    private HttpRequest request(FuzzCase fuzzCase) {
        String path = fuzzCase.index() % 2 == 0 ? "/fuzz/mcp" : "/fuzz-policy/mcp";
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
            for (String[] header : fuzzCase.headers()) {
                builder.header(header[0], header[1]);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void check(FuzzCase fuzzCase, HttpResponse<String> response, Throwable error,
                              Map<String, LongAdder> outcomes, Queue<String> failures) {
        if (error != null) {
            count(outcomes, "client error " + error.getClass().getSimpleName());
            failures.add("no answer (" + error + ") to " + fuzzCase.describe());
            return;
        }
        int status = response.statusCode();
        String body = response.body();
        String reason = reason(status, body);
        count(outcomes, status + " " + reason);
        if (status >= 500) {
            failures.add("HTTP " + status + " " + shorten(body) + " for " + fuzzCase.describe());
        }
        if (status < 300 && listsDeniedTool(body)) {
            failures.add("denied tool visible in an answer " + shorten(body) + " for " + fuzzCase.describe());
        }
        if (body.contains("Exception") || body.contains("at dev.portcullis") || body.contains("at io.vertx")) {
            failures.add("internals in an answer " + shorten(body) + " for " + fuzzCase.describe());
        }
    }

    /** Whether an answer's {@code result.tools} names the denied tool (the discovery filter must remove it). */
    private static boolean listsDeniedTool(String body) {
        try {
            for (JsonNode tool : Json.mapper().readTree(body).path("result").path("tools")) {
                if (tool.path("name").asText().strip().toLowerCase(Locale.ROOT).equals(JsonRpcMutator.DENIED_TOOL)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return body.toLowerCase(Locale.ROOT).contains("\"name\":\"" + JsonRpcMutator.DENIED_TOOL);
        }
    }

    /** The gateway's {@code error.data.reason}; {@code upstream} for an upstream answer; {@code -} otherwise. */
    private static String reason(int status, String body) {
        if (body.isEmpty()) {
            return "-";
        }
        try {
            JsonNode reason = Json.mapper().readTree(body).path("error").path("data").path("reason");
            return reason.isTextual() ? reason.textValue() : "upstream";
        } catch (Exception e) {
            return status < 300 ? "upstream" : "not json";
        }
    }

    private static void count(Map<String, LongAdder> outcomes, String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    private static String summary(Map<String, LongAdder> outcomes, long seed, long bodies, long seconds) {
        StringBuilder out = new StringBuilder("fuzz summary: seed " + seed + ", " + bodies + " bodies, " + seconds
                + " s, " + upstream.forwarded() + " forwarded, " + upstream.violations().size()
                + " denied calls reached the upstream, " + logs.problems().size() + " log problems\n");
        new TreeMap<>(outcomes).forEach((outcome, count) ->
                out.append(String.format("%10d  %s%n", count.sum(), outcome)));
        logs.problems().stream().limit(10).forEach(problem -> out.append("log: ").append(problem).append('\n'));
        upstream.violations().stream().limit(10).forEach(v -> out.append("upstream: ").append(v).append('\n'));
        return out.toString();
    }

    private static String shorten(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
