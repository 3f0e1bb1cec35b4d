package dev.portcullis.gateway.filter.acl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerRequestFilterTest {

    private static final String SAMPLING = """
            id: 7
            event: message
            data: {"jsonrpc":"2.0","id":3,"method":"sampling/createMessage","params":{"maxTokens":5}}

            """;
    private static final String ROOTS = "data: {\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"roots/list\"}\n\n";
    private static final String PROGRESS = """
            event: message
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}

            """;
    private static final String ANSWER = "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}\n\n";

    private final ServerRequestFilter filter = new ServerRequestFilter();
    /** What the upstream was answered in the agent's place: "id method-error". */
    private final List<String> answered = new ArrayList<>();

    @Test
    void dropsADeniedServerRequestAndAnswersTheUpstreamWithItsId() {
        FilterContext context = context(blocking("sampling/createMessage", "roots/list"));

        String relayed = relay(context, PROGRESS + ROOTS + ANSWER);

        assertThat(relayed).isEqualTo(PROGRESS + ANSWER);
        assertThat(answered).containsExactly("\"r1\" " + ServerRequestFilter.DENIED.code());
    }

    @Test
    void answersADeniedRequestWithANumericIdWithThatId() {
        FilterContext context = context(blocking("sampling/createMessage"));

        String relayed = relay(context, SAMPLING + ANSWER);

        // The relay (not the filter) leaves "id: 7\n\n" for the dropped event: ServerRequestGovernanceIT checks it.
        assertThat(relayed).isEqualTo(ANSWER);
        assertThat(answered).containsExactly("3 " + ServerRequestFilter.DENIED.code());
    }

    @Test
    void allowedRequestsNotificationsAndAnswersPassByteForByteEvenWhenCutAnywhere() {
        FilterContext context = context(blocking("elicitation/create"));
        String stream = ": keep-alive\n\n" + SAMPLING + PROGRESS + ROOTS + ANSWER;
        List<Buffer> chunks = new ArrayList<>();
        for (int i = 0; i < stream.length(); i += 5) {
            chunks.add(Buffer.buffer(stream.substring(i, Math.min(stream.length(), i + 5))));
        }

        String relayed = relay(context, chunks);

        assertThat(relayed).isEqualTo(stream);
        assertThat(answered).isEmpty();
    }

    @Test
    void aRequestWhoseMethodKeyIsWrittenWithEscapesIsStillJudged() {
        FilterContext context = context(blocking("roots/list"));

        String relayed = relay(context, "data: {\"jsonrpc\":\"2.0\",\"id\":4,\"\\u006dethod\":\"roots/list\"}\n\n");

        assertThat(relayed).isEmpty();
        assertThat(answered).containsExactly("4 " + ServerRequestFilter.DENIED.code());
    }

    @Test
    void aDeniedMethodNameInAnotherCaseIsStillDenied() {
        FilterContext context = context(blocking("sampling/createMessage"));

        relay(context, SAMPLING.replace("sampling/createMessage", "Sampling/CreateMessage"));

        assertThat(answered).containsExactly("3 " + ServerRequestFilter.DENIED.code());
    }

    @Test
    void aDeniedRequestIsDroppedEvenWithoutAnUpstreamSessionToAnswer() {
        FilterContext context = context(blocking("roots/list"), false);
        UpstreamMessage message = new UpstreamMessage("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"roots/list\"}",
                null, null, false);

        filter.onMessage(message, context);

        assertThat(message.dropped()).isTrue();
    }

    @Test
    void leavesAnswersAndMessagesThatAreNotJsonRpcAlone() {
        FilterContext context = context(blocking("roots/list"));

        for (String text : List.of("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{\"method\":\"roots/list\"}}",
                "not json", "{\"id\":null,\"method\":\"roots/list\"}")) {
            UpstreamMessage message = new UpstreamMessage(text, null, null, false);
            filter.onMessage(message, context);
            assertThat(message.dropped()).as(text).isFalse();
        }
        assertThat(answered).isEmpty();
    }

    @Test
    void dropsABatchWhoseRequestsCouldNotBeJudgedOneByOne() {
        FilterContext context = context(blocking("roots/list"));
        UpstreamMessage batch = new UpstreamMessage("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"roots/list\"}]",
                null, null, false);

        filter.onMessage(batch, context);

        assertThat(batch.kind()).isEqualTo(UpstreamMessage.Kind.BATCH);
        assertThat(batch.dropped()).isTrue();
        assertThat(answered).as("a batch has no single id to answer").isEmpty();
    }

    @Test
    void dropsNotificationsAboutPrimitivesTheCallerMayNotSeeAndKeepsTheOthers() {
        FilterContext context = context(narrow());
        String hiddenUpdate = "id: 9\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"internal://secrets\"}}\n\n";
        String visibleUpdate = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"users://list\"}}\n\n";
        String promptsChanged = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}\n\n";
        String toolsChanged = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n";

        String relayed = relay(context, hiddenUpdate + visibleUpdate + promptsChanged + toolsChanged + PROGRESS);

        assertThat(relayed).isEqualTo(visibleUpdate + toolsChanged + PROGRESS);
        assertThat(answered).isEmpty();
        assertThat(CallerAccessLookup.of(context).restrictsResources()).isTrue();
    }

    @Test
    void judgesWhichNotificationsAreHidden() {
        var access = CallerAccessLookup.of(context(narrow()));

        assertThat(ServerRequestFilter.hidden(access, "notifications/resources/updated",
                Json.mapper().createObjectNode().put("uri", "internal://secrets"))).isTrue();
        assertThat(ServerRequestFilter.hidden(access, "notifications/resources/updated",
                Json.mapper().createObjectNode().put("uri", "users://list"))).isFalse();
        assertThat(ServerRequestFilter.hidden(access, "notifications/resources/updated", null)).isFalse();
        assertThat(ServerRequestFilter.hidden(access, "notifications/resources/updated",
                Json.mapper().createObjectNode().put("uri", 7))).isFalse();
        assertThat(ServerRequestFilter.hidden(access, "notifications/prompts/list_changed", null)).isTrue();
        assertThat(ServerRequestFilter.hidden(access, "notifications/tools/list_changed", null)).isFalse();
        assertThat(ServerRequestFilter.hidden(access, "notifications/resources/list_changed", null)).isFalse();
        assertThat(ServerRequestFilter.hidden(access, "notifications/progress", null)).isFalse();
    }

    @Test
    void onlyCallersWhoseMethodOrResourceRulesCanDenySomethingAreGoverned() {
        assertThat(filter.appliesTo(context(blocking("roots/list")))).isTrue();
        assertThat(filter.appliesTo(context(narrow()))).isTrue();
        assertThat(filter.appliesTo(context(List.of(proxy("")), List.of(), List.of(), true))).isFalse();
        assertThat(filter.appliesTo(context(List.of(proxy("\"operations\":{\"roots/list\":{\"block\":true}},")),
                List.of(), List.of(), true))).isTrue();
        assertThat(CallerAccessLookup.of(context(blocking("roots/list"))).restrictsMethods()).isTrue();
    }

    private static Policy blocking(String... methods) {
        String blocked = String.join(",", List.of(methods).stream().map(m -> "\"" + m + "\"").toList());
        return Policy.parse("""
                {"id":"no","name":"no","accessRights":{"p":{"jsonRpcMethodsAccessRights":{"blocked":[%s]}}}}"""
                .formatted(blocked));
    }

    private static Policy narrow() {
        return Policy.parse("""
                {"id":"narrow","name":"narrow","accessRights":{"p":{
                  "mcpAccessRights":{"resources":{"blocked":["internal://.*"]}},
                  "jsonRpcMethodsAccessRights":{"blocked":["prompts/list"]}}}}""");
    }

    private static ProxyDefinition proxy(String extraFields) {
        return extraFields.isEmpty() ? TestProxies.definition("p", "/p/", "http://127.0.0.1:1")
                : TestProxies.definition("p", "/p/", "http://127.0.0.1:1", extraFields);
    }

    private FilterContext context(Policy policy) {
        return context(policy, true);
    }

    private FilterContext context(Policy policy, boolean withSession) {
        return context(List.of(proxy("")), List.of(policy), List.of(policy.id()), withSession);
    }

    /** A request on proxy p by a consumer holding {@code policyIds}, its upstream session recording answers. */
    private FilterContext context(List<ProxyDefinition> proxies, List<Policy> policies, List<String> policyIds,
                                  boolean withSession) {
        TestSnapshots snapshots = new TestSnapshots();
        ConfigSnapshot snapshot = new SnapshotVerifier(snapshots.publicKey())
                .verify(snapshots.signWithPolicies(1, proxies, List.of(), policies));
        GatewayRuntime runtime = GatewayRuntime.build(snapshot, Set.of(), SecretResolver.LITERAL);
        FilterContext context = new FilterContext(runtime, runtime.listenPaths().match("/p/mcp").orElseThrow().proxy(),
                McpRoute.noBody(), System.nanoTime());
        context.authenticate(new ConsumerIdentity(ConsumerIdentity.Kind.KEY, "c1", "c1-alias", policyIds, Set.of()));
        if (withSession) {
            context.upstreamSession((id, error) -> answered.add(id + " " + error.code()));
        }
        return context;
    }

    private String relay(FilterContext context, String stream) {
        return relay(context, List.of(Buffer.buffer(stream)));
    }

    /** Frames an SSE stream and hands each event's message to the filter, as the relay does: what passes. */
    private String relay(FilterContext context, List<Buffer> chunks) {
        StringBuilder relayed = new StringBuilder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 1024, Framer.Overflow.FAIL, frame -> {
            SseFields fields = SseFields.parse(frame);
            if (fields.data() != null) {
                UpstreamMessage message = new UpstreamMessage(fields.data(), null, null, false);
                filter.onMessage(message, context);
                if (message.dropped()) {
                    return;
                }
            }
            relayed.append(frame.toString(StandardCharsets.UTF_8));
        });
        chunks.forEach(framer::feed);
        framer.finish();
        return relayed.toString();
    }
}
