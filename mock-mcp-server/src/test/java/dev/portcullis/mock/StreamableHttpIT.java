package dev.portcullis.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP transport's rules, probed with plain HTTP. */
class StreamableHttpIT {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

    private MockMcpServer server;
    private RawMcpClient client;

    @BeforeEach
    void start() {
        server = MockMcpServer.start("127.0.0.1", 0);
        client = new RawMcpClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode body(HttpResponse<String> response) {
        return RawMcpClient.json(response.body());
    }

    private static String toolCall(int id, String name, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void healthIsUp() {
        HttpResponse<String> response = client.get(URI.create(server.baseUrl() + "/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void initializeReturnsAVisibleAsciiSessionIdAndTheLatestVersion() {
        HttpResponse<String> response = client.post(null, RawMcpClient.initializeBody("2025-11-25"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[\\x21-\\x7E]{16,}"));
        assertThat(body(response).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void initializeKeepsAnOlderSupportedVersion() {
        HttpResponse<String> response = client.post(null, RawMcpClient.initializeBody("2025-03-26"));

        assertThat(body(response).at("/result/protocolVersion").asText()).isEqualTo("2025-03-26");
    }

    @Test
    void initializeAnswersItsLatestVersionWhenTheClientAsksForAnUnknownOne() {
        HttpResponse<String> response = client.post(null, RawMcpClient.initializeBody("2030-01-01"));

        assertThat(body(response).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void everySessionGetsItsOwnId() {
        assertThat(client.initialize()).isNotEqualTo(client.initialize());
        assertThat(server.activeSessions()).isEqualTo(2);
    }

    @Test
    void rejectsARequestWithoutSessionIdWith400() {
        HttpResponse<String> response = client.post(null, PING);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void rejectsAnUnknownSessionIdWith404() {
        HttpResponse<String> response = client.post("not-a-session", PING);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).has("error")).isTrue();
    }

    @Test
    void refusesBatchArrays() {
        String session = client.initialize();

        HttpResponse<String> response = client.post(session, "[" + PING + "]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(body(response).at("/error/message").asText()).contains("batch");
    }

    @Test
    void answersABodyThatIsNotJsonWithAParseError() {
        HttpResponse<String> response = client.post(client.initialize(), "{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void acceptsNotificationsAndClientResponsesWith202AndNoBody() {
        String session = client.initialize();

        HttpResponse<String> notification = client.post(session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}");
        HttpResponse<String> clientResponse = client.post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{}}");

        assertThat(notification.statusCode()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();
        assertThat(clientResponse.statusCode()).isEqualTo(202);
        assertThat(clientResponse.body()).isEmpty();
    }

    @Test
    void answersPingWithAnEmptyResult() {
        HttpResponse<String> response = client.post(client.initialize(), PING);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("id").asInt()).isEqualTo(7);
        assertThat(body(response).get("result").isEmpty()).isTrue();
    }

    @Test
    void answersAnUnknownMethodWithMethodNotFound() {
        HttpResponse<String> response = client.post(client.initialize(),
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/explode\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(body(response).get("id").asInt()).isEqualTo(3);
    }

    @Test
    void answersBadParamsWithInvalidParams() {
        String session = client.initialize();

        JsonNode noName = body(client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}"));
        JsonNode unknownTool = body(client.post(session, toolCall(2, "no_such_tool", "{}")));
        JsonNode missingPromptArgument = body(client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"user_management\"}}"));
        JsonNode badLevel = body(client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}"));

        assertThat(List.of(noName, unknownTool, missingPromptArgument, badLevel))
                .allSatisfy(reply -> assertThat(reply.at("/error/code").asInt()).isEqualTo(-32602));
    }

    @Test
    void readingAnUnknownResourceIsResourceNotFound() {
        JsonNode reply = body(client.post(client.initialize(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"users://999\"}}"));

        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32002);
    }

    @Test
    void readsATemplatedResource() {
        JsonNode reply = body(client.post(client.initialize(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"users://2\"}}"));

        assertThat(reply.at("/result/contents/0/text").asText()).contains("bob@example.com");
    }

    @Test
    void rejectsAnUnsupportedProtocolVersionHeaderWith400() {
        HttpResponse<String> response = client.post(client.initialize(), PING, "MCP-Protocol-Version", "1999-01-01");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void acceptsASupportedProtocolVersionHeader() {
        HttpResponse<String> response = client.post(client.initialize(), PING, "MCP-Protocol-Version", "2025-06-18");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void deleteEndsTheSessionSoLaterRequestsGet404() {
        String session = client.initialize();

        HttpResponse<String> deleted = client.request("DELETE", session);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(client.post(session, PING).statusCode()).isEqualTo(404);
        assertThat(client.request("DELETE", session).statusCode()).isEqualTo(404);
        assertThat(server.activeSessions()).isZero();
    }

    @Test
    void getWithoutEventStreamAcceptIs406() {
        HttpResponse<String> response = client.request("GET", client.initialize(), "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(406);
    }

    @Test
    void getNeedsAKnownSession() {
        assertThat(client.request("GET", null, "Accept", "text/event-stream").statusCode()).isEqualTo(400);
        assertThat(client.request("GET", "nope", "Accept", "text/event-stream").statusCode()).isEqualTo(404);
    }

    @Test
    void getOpensAStandaloneEventStreamThatDeleteCloses() {
        String session = client.initialize();

        RawMcpClient.OpenStream stream = client.openStream(session);

        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.lines().contains(": stream open"));
        assertThat(stream.hasEnded()).isFalse();

        client.request("DELETE", session);

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
    }

    @Test
    void standaloneStreamGetsHeartbeats() {
        try (MockMcpServer fast = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0)
                .withHeartbeatInterval(Duration.ofMillis(100)))) {
            RawMcpClient fastClient = new RawMcpClient(fast.url());
            RawMcpClient.OpenStream stream = fastClient.openStream(fastClient.initialize());

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> stream.lines().stream().filter(": ping"::equals).count() >= 2);
            stream.cancel();
        }
    }

    @Test
    void standaloneStreamEndsWhenTheServerStops() {
        MockMcpServer other = MockMcpServer.start("127.0.0.1", 0);
        RawMcpClient otherClient = new RawMcpClient(other.url());
        RawMcpClient.OpenStream stream = otherClient.openStream(otherClient.initialize());
        await().atMost(Duration.ofSeconds(5)).until(() -> !stream.lines().isEmpty());

        other.close();

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
    }

    @Test
    void subscribersAreToldOnTheirStreamWhenAResourceChanges() {
        String session = client.initialize();
        client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"users://list\"}}");
        RawMcpClient.OpenStream stream = client.openStream(session);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.lines().contains(": stream open"));

        JsonNode created = body(client.post(session,
                toolCall(2, "create_user", "{\"name\":\"Zed\",\"email\":\"zed@example.com\"}")));

        assertThat(created.at("/result/isError").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.messages().stream()
                .anyMatch(m -> m.path("method").asText().equals("notifications/resources/updated")
                        && m.at("/params/uri").asText().equals("users://list")));
        stream.cancel();
    }

    @Test
    void aStandaloneStreamResumesAfterItsLastEventIdWithWhatItMissed() {
        String session = client.initialize();
        client.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"users://list\"}}");
        RawMcpClient.OpenStream first = client.openStream(session);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.lines().contains(": stream open"));
        client.post(session, toolCall(2, "create_user", "{\"name\":\"A\",\"email\":\"a@example.com\"}"));
        client.post(session, toolCall(3, "create_user", "{\"name\":\"B\",\"email\":\"b@example.com\"}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.lines().contains("id: g2"));
        first.cancel();
        await().atMost(Duration.ofSeconds(5)).until(first::hasEnded);

        client.post(session, toolCall(4, "create_user", "{\"name\":\"C\",\"email\":\"c@example.com\"}"));
        RawMcpClient.OpenStream resumed = client.openStream(session, "Last-Event-ID", "g2");
        await().atMost(Duration.ofSeconds(5)).until(() -> resumed.lines().contains("id: g3"));
        client.post(session, toolCall(5, "create_user", "{\"name\":\"D\",\"email\":\"d@example.com\"}"));

        await().atMost(Duration.ofSeconds(5)).until(() -> resumed.lines().contains("id: g4"));
        assertThat(resumed.lines().stream().filter(line -> line.startsWith("id: ")).toList())
                .containsExactly("id: g3", "id: g4");
        resumed.cancel();
    }

    @Test
    void aStandaloneStreamAskingToResumeFromAnUnknownIdEnds() {
        String session = client.initialize();

        RawMcpClient.OpenStream stream = client.openStream(session, "Last-Event-ID", "g99");

        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        assertThat(stream.response().statusCode()).isEqualTo(200);
    }

    @Test
    void getAnythingEchoesEveryRequestHeaderLowercased() {
        String session = client.initialize();

        JsonNode reply = body(client.post(session, toolCall(1, "get_anything", "{}"),
                "X-Portcullis-Probe", "forwarded-value", "X-Forwarded-For", "10.0.0.1"));

        JsonNode headers = reply.at("/result/structuredContent/headers");
        assertThat(headers.get("x-portcullis-probe").asText()).isEqualTo("forwarded-value");
        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("10.0.0.1");
        assertThat(headers.get("mcp-session-id").asText()).isEqualTo(session);
        assertThat(reply.at("/result/content/0/text").asText()).contains("forwarded-value");
    }

    @Test
    void slowResponseStreamsProgressEventsAsTheyHappenThenTheResult() {
        String session = client.initialize();

        RawMcpClient.OpenStream stream = client.postStreaming(session, "{\"jsonrpc\":\"2.0\",\"id\":9,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"slow_response\","
                + "\"arguments\":{\"delay_seconds\":2},\"_meta\":{\"progressToken\":\"tok\"}}}");

        assertThat(stream.response().headers().firstValue("Content-Type")).hasValue("text/event-stream");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.messages().size() >= 2);
        assertThat(stream.messages()).noneMatch(m -> m.has("result"));
        await().atMost(Duration.ofSeconds(10)).until(stream::hasEnded);
        List<JsonNode> messages = stream.messages();
        assertThat(messages.subList(0, messages.size() - 1)).allSatisfy(m -> {
            assertThat(m.get("method").asText()).isEqualTo("notifications/progress");
            assertThat(m.at("/params/progressToken").asText()).isEqualTo("tok");
        });
        assertThat(messages.get(messages.size() - 1).get("id").asInt()).isEqualTo(9);
        assertThat(stream.lines().stream().filter(l -> l.startsWith("id: ")).distinct().count())
                .isEqualTo(messages.size());
    }

    @Test
    void slowResponseAnswersPlainJsonWhenTheClientOnlyAcceptsJson() {
        String session = client.initialize();

        HttpResponse<String> response = client.post(session, toolCall(4, "slow_response", "{\"delay_seconds\":0.2}"),
                "Accept", "application/json");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(body(response).at("/result/isError").asBoolean()).isFalse();
    }

    @Test
    void cancellationStopsASlowResponseWithoutAnAnswer() {
        String session = client.initialize();
        RawMcpClient.OpenStream stream = client.postStreaming(session, toolCall(11, "slow_response",
                "{\"delay_seconds\":30}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.response().statusCode() == 200);

        HttpResponse<String> cancel = client.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":11,\"reason\":\"test\"}}");

        assertThat(cancel.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
        assertThat(stream.messages()).noneMatch(m -> m.has("result"));
    }

    @Test
    void answersEveryRequestAsAnEventStreamInSseAlwaysMode() {
        try (MockMcpServer sse = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0)
                .withSseMode(MockMcpOptions.SseMode.ALWAYS))) {
            RawMcpClient sseClient = new RawMcpClient(sse.url());
            String session = sseClient.initialize();

            HttpResponse<String> response = sseClient.post(session, PING);

            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(response.body()).startsWith("id: ").contains("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
            HttpResponse<String> jsonOnly = sseClient.post(session, PING, "Accept", "application/json");
            assertThat(jsonOnly.headers().firstValue("Content-Type")).hasValue("application/json");
        }
    }

    @Test
    void paginatesListsWithOpaqueCursorsThatOnlyWorkForTheirList() {
        try (MockMcpServer paged = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0).withPageSize(2))) {
            RawMcpClient pagedClient = new RawMcpClient(paged.url());
            String session = pagedClient.initialize();

            JsonNode first = body(pagedClient.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}"));
            String cursor = first.at("/result/nextCursor").asText();
            JsonNode second = body(pagedClient.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\","
                    + "\"params\":{\"cursor\":\"" + cursor + "\"}}"));
            JsonNode crossList = body(pagedClient.post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,"
                    + "\"method\":\"tools/list\",\"params\":{\"cursor\":\"" + cursor + "\"}}"));
            JsonNode bogus = body(pagedClient.post(session, "{\"jsonrpc\":\"2.0\",\"id\":4,"
                    + "\"method\":\"tools/list\",\"params\":{\"cursor\":\"%%%\"}}"));

            assertThat(first.at("/result/prompts")).hasSize(2);
            assertThat(cursor).isNotBlank().doesNotContain("prompts");
            assertThat(second.at("/result/prompts")).hasSize(2);
            assertThat(second.at("/result/prompts/0/name").asText()).isEqualTo("content_management");
            assertThat(second.at("/result").has("nextCursor")).isFalse();
            assertThat(crossList.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(bogus.at("/error/code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void unknownPathIs404AndOtherMethodsOnMcpAre405() {
        assertThat(client.get(URI.create(server.baseUrl() + "/nope")).statusCode()).isEqualTo(404);
        assertThat(client.request("PUT", null).statusCode()).isEqualTo(405);
    }
}
