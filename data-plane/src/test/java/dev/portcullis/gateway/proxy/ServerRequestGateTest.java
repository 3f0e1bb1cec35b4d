package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.policy.Policy;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerRequestGateTest {

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

    private final StringBuilder relayed = new StringBuilder();
    private final List<String> denied = new ArrayList<>();

    private ServerRequestGate gate(CallerAccess access) {
        return new ServerRequestGate(access, block -> relayed.append(block.toString()),
                (id, method) -> denied.add(method + " " + id), () -> relayed.append("<overflow>"));
    }

    private static CallerAccess blocking(String... methods) {
        String blocked = String.join(",", List.of(methods).stream().map(m -> "\"" + m + "\"").toList());
        Policy policy = Policy.parse("""
                {"id":"no","name":"no","accessRights":{"p":{"jsonRpcMethodsAccessRights":{"blocked":[%s]}}}}"""
                .formatted(blocked));
        return AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1")),
                List.of(policy)).caller("p", List.of("no"));
    }

    @Test
    void dropsADeniedServerRequestAndReportsItsIdAndMethod() {
        ServerRequestGate gate = gate(blocking("sampling/createMessage", "roots/list"));

        gate.feed(Buffer.buffer(PROGRESS + ROOTS + ANSWER));
        gate.finish();

        assertThat(relayed.toString()).isEqualTo(PROGRESS + ANSWER);
        assertThat(denied).containsExactly("roots/list \"r1\"");
    }

    @Test
    void aDroppedEventWithAnSseIdLeavesThatIdSoResumptionDoesNotAskForItAgain() {
        ServerRequestGate gate = gate(blocking("sampling/createMessage"));

        gate.feed(Buffer.buffer(SAMPLING + ANSWER));

        assertThat(relayed.toString()).isEqualTo("id: 7\n\n" + ANSWER);
        assertThat(denied).containsExactly("sampling/createMessage 3");
    }

    @Test
    void allowedRequestsNotificationsAndAnswersPassByteForByteEvenWhenCutAnywhere() {
        ServerRequestGate gate = gate(blocking("elicitation/create"));
        String stream = ": keep-alive\n\n" + SAMPLING + PROGRESS + ROOTS + ANSWER;

        for (int i = 0; i < stream.length(); i += 5) {
            gate.feed(Buffer.buffer(stream.substring(i, Math.min(stream.length(), i + 5))));
        }
        gate.finish();

        assertThat(relayed.toString()).isEqualTo(stream);
        assertThat(denied).isEmpty();
    }

    @Test
    void aRequestWhoseMethodKeyIsWrittenWithEscapesIsStillJudged() {
        ServerRequestGate gate = gate(blocking("roots/list"));

        gate.feed(Buffer.buffer("data: {\"jsonrpc\":\"2.0\",\"id\":4,\"\\u006dethod\":\"roots/list\"}\n\n"));

        assertThat(relayed.toString()).isEmpty();
        assertThat(denied).containsExactly("roots/list 4");
    }

    @Test
    void aDeniedMethodNameInAnotherCaseIsStillDenied() {
        ServerRequestGate gate = gate(blocking("sampling/createMessage"));

        gate.feed(Buffer.buffer(SAMPLING.replace("sampling/createMessage", "Sampling/CreateMessage")));

        assertThat(denied).containsExactly("Sampling/CreateMessage 3");
    }

    @Test
    void dropsNotificationsAboutPrimitivesTheCallerMayNotSeeAndKeepsTheOthers() {
        Policy policy = Policy.parse("""
                {"id":"narrow","name":"narrow","accessRights":{"p":{
                  "mcpAccessRights":{"resources":{"blocked":["internal://.*"]}},
                  "jsonRpcMethodsAccessRights":{"blocked":["prompts/list"]}}}}""");
        CallerAccess access = AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1")),
                List.of(policy)).caller("p", List.of("narrow"));
        ServerRequestGate gate = gate(access);
        String hiddenUpdate = "id: 9\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"internal://secrets\"}}\n\n";
        String visibleUpdate = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"users://list\"}}\n\n";
        String promptsChanged = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}\n\n";
        String toolsChanged = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n";

        gate.feed(Buffer.buffer(hiddenUpdate + visibleUpdate + promptsChanged + toolsChanged + PROGRESS));

        assertThat(relayed.toString()).isEqualTo("id: 9\n\n" + visibleUpdate + toolsChanged + PROGRESS);
        assertThat(denied).isEmpty();
        assertThat(access.restrictsResources()).isTrue();
    }

    @Test
    void onlyCallersWhoseMethodRulesCanDenySomethingAreGoverned() {
        assertThat(blocking("roots/list").restrictsMethods()).isTrue();
        assertThat(AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1")), List.of())
                .caller("p", List.of()).restrictsMethods()).isFalse();
        assertThat(AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1",
                        "\"operations\":{\"roots/list\":{\"block\":true}},")), List.of())
                .caller("p", List.of()).restrictsMethods()).isTrue();
    }
}
