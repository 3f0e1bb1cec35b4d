package dev.portcullis.controlplane.primitive;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** {@code GET /api/mcps/{id}/primitives} against the real mock MCP server. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class UpstreamPrimitivesIT {

    private static MockMcpServer plain;
    private static MockMcpServer pagedSse;

    @BeforeAll
    static void startMocks() {
        plain = MockMcpServer.start("127.0.0.1", 0);
        pagedSse = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0).withPageSize(4)
                .withSseMode(MockMcpOptions.SseMode.ALWAYS));
    }

    @AfterAll
    static void stopMocks() {
        plain.close();
        pagedSse.close();
    }

    @Test
    void listsTheToolsPromptsAndResourcesTheUpstreamAdvertises() {
        String id = proxy(plain.baseUrl(), null);

        admin().get("/api/mcps/" + id + "/primitives").then().statusCode(200)
                .body("endpoint", equalTo(plain.url()))
                .body("tools", hasSize(15))
                .body("tools.name", hasItems("get_users", "delete_user", "get_anything", "slow_response"))
                .body("tools.find { it.name == 'get_users' }.description", not(equalTo(null)))
                .body("prompts.name", hasItems("user_management", "ecommerce_assistant", "content_management",
                        "analytics_dashboard"))
                .body("resources.uri", hasItems("users://list", "products://catalog", "posts://list"));
    }

    @Test
    void followsEveryPageOfAnUpstreamThatAnswersInServerSentEvents() {
        String id = proxy(pagedSse.url(), null);

        admin().get("/api/mcps/" + id + "/primitives").then().statusCode(200)
                .body("tools", hasSize(15))
                .body("prompts", hasSize(4))
                .body("resources", hasSize(3));
    }

    @Test
    void sendsTheUpstreamCredentialsWithTheSecretResolvedAndEndsTheSession() throws IOException {
        String secret = "upstream-" + unique();
        String value = "s3cr3t-" + unique();
        admin().body(Map.of("value", value)).put("/api/secrets/" + secret).then().statusCode(201);
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer guard = guardedForward(plain.url(), "Bearer " + value, seen);
        try {
            String upstream = "http://127.0.0.1:" + guard.getAddress().getPort() + "/mcp";
            String id = proxy(upstream, "Bearer ${secret:" + secret + "}");

            admin().get("/api/mcps/" + id + "/primitives").then().statusCode(200).body("tools", hasSize(15));

            assertThat(seen).first().isEqualTo("POST authorized");
            assertThat(seen).allMatch(entry -> entry.endsWith(" authorized")).last().isEqualTo("DELETE authorized");
        } finally {
            guard.stop(0);
        }
    }

    @Test
    void answers502SayingTheUpstreamIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String id = proxy("http://127.0.0.1:" + closedPort, null);

        admin().get("/api/mcps/" + id + "/primitives").then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:portcullis:problem:upstream-unreachable"))
                .body("detail", startsWith("the upstream could not be asked: unreachable"))
                .body("category", equalTo("unreachable"))
                .body(not(containsString("127.0.0.1")))
                .body(not(containsString(Integer.toString(closedPort))));
    }

    @Test
    void answers502WhenTheUpstreamRefusesTheCredentials() throws IOException {
        HttpServer guard = guardedForward(plain.url(), "Bearer right", new CopyOnWriteArrayList<>());
        try {
            String id = proxy("http://127.0.0.1:" + guard.getAddress().getPort() + "/mcp", "Bearer wrong");

            admin().get("/api/mcps/" + id + "/primitives").then().statusCode(502)
                    .body("detail", startsWith("the upstream could not be asked: unreachable"))
                    .body(not(containsString("wrong")))
                    .body(not(containsString("127.0.0.1")));
        } finally {
            guard.stop(0);
        }
    }

    @Test
    void answers502WhenTheUpstreamDoesNotAnswerWithinTheProxysTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(": still thinking\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            String id = unique();
            admin().body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\","
                    + "\"upstream\":{\"url\":\"http://127.0.0.1:" + silent.getAddress().getPort() + "/mcp\","
                    + "\"timeoutMs\":300}}").post("/api/mcps").then().statusCode(201);

            admin().get("/api/mcps/" + id + "/primitives").then().statusCode(502)
                    .body("detail", startsWith("the upstream could not be asked: unreachable"))
                    .body(not(containsString("127.0.0.1")));
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    @Test
    void answers502WhenTheUpstreamsAnswerIsLargerThanFourMebibytes() throws IOException {
        HttpServer flood = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flood.createContext("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (int i = 0; i < 80; i++) {
                    exchange.getResponseBody().write(chunk);
                }
            } catch (IOException cancelledByTheClient) {
                // expected once the control plane stops reading
            }
            exchange.close();
        });
        flood.start();
        try {
            String id = proxy("http://127.0.0.1:" + flood.getAddress().getPort() + "/mcp", null);

            admin().get("/api/mcps/" + id + "/primitives").then().statusCode(502)
                    .body("detail", startsWith("the upstream could not be asked: unreachable"))
                    .body(not(containsString("127.0.0.1")));
        } finally {
            flood.stop(0);
        }
    }

    @Test
    void aViewerMayNotMakeTheControlPlaneAskAnUpstream() {
        String id = proxy(plain.url(), null);
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));

        viewer.request().get("/api/mcps/" + id + "/primitives").then().statusCode(403)
                .contentType("application/problem+json");
        editor.request().get("/api/mcps/" + id + "/primitives").then().statusCode(200).body("tools", hasSize(15));
    }

    @Test
    void answers404ForAnUnknownProxy() {
        admin().get("/api/mcps/no-such-proxy/primitives").then().statusCode(404);
    }

    private static String proxy(String upstreamUrl, String authorization) {
        String id = unique();
        String credentials = authorization == null ? ""
                : ",\"authentication\":{\"headers\":{\"Authorization\":\"" + authorization + "\"}}";
        admin().body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\",\"upstream\":"
                + "{\"url\":\"" + upstreamUrl + "\"" + credentials + "}}").post("/api/mcps").then().statusCode(201);
        return id;
    }

    /** An upstream that answers 401 without {@code authorization}, and otherwise forwards to the mock. */
    private static HttpServer guardedForward(String target, String authorization, List<String> seen)
            throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mcp", exchange -> {
            boolean authorized = authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            seen.add(exchange.getRequestMethod() + (authorized ? " authorized" : " refused"));
            if (!authorized) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target)).method(
                    exchange.getRequestMethod(),
                    HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            for (String header : List.of("Content-Type", "Accept", "Mcp-Session-Id", "MCP-Protocol-Version")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            try {
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type")
                        .ifPresent(value -> exchange.getResponseHeaders().set("Content-Type", value));
                answer.headers().firstValue("Mcp-Session-Id")
                        .ifPresent(value -> exchange.getResponseHeaders().set("Mcp-Session-Id", value));
                byte[] body = answer.body();
                exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            }
            exchange.close();
        });
        // Concurrent, as a real upstream: the MCP client keeps its GET stream open while it posts.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }
}
