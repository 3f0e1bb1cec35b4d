package dev.portcullis.gateway.filter.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CircuitBreakerFilterTest {

    private final CircuitBreakerFilter filter = new CircuitBreakerFilter(null);

    @Test
    void judgesOnlyAJsonRpcErrorWithCodeMinus32603AsAFailure() {
        assertThat(failsCall("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"boom"}}""")).isTrue();
        assertThat(failsCall("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"-32603"}}""")).isFalse();
        assertThat(failsCall("""
                {"jsonrpc":"2.0","id":1,"result":{"text":"-32603"}}""")).isFalse();
        assertThat(failsCall("not json -32603")).isFalse();
    }

    @Test
    void judgesOnlyTheAnswerToTheRequestOnAStream() {
        assertThat(failsCall(IntNode.valueOf(1), """
                {"jsonrpc":"2.0","id":2,"error":{"code":-32603}}""")).isFalse();
        assertThat(failsCall(IntNode.valueOf(1), """
                {"jsonrpc":"2.0","id":1,"error":{"code":-32603}}""")).isTrue();
    }

    @Test
    void doesNothingWithoutAnAdmittedCall() {
        UpstreamMessage message = new UpstreamMessage(null,
                Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603}}"), null, true);

        filter.onMessage(message, context());

        assertThat(message.dropped()).isFalse();
    }

    /** How a JSON body is judged (any id: the answer to a notification counts too). */
    private boolean failsCall(String body) {
        return judged(new UpstreamMessage(null, Buffer.buffer(body), null, true));
    }

    /** How an SSE event is judged on the answer to request {@code requestId}. */
    private boolean failsCall(JsonNode requestId, String data) {
        return judged(new UpstreamMessage(data, null, requestId, false));
    }

    private boolean judged(UpstreamMessage message) {
        FilterContext context = context();
        BreakerCall call = new BreakerCall();
        context.admitBreakerCall(call);

        filter.onMessage(message, context);

        return call.outcome().isCompletedExceptionally();
    }

    private static FilterContext context() {
        TestSnapshots snapshots = new TestSnapshots();
        ConfigSnapshot snapshot = new SnapshotVerifier(snapshots.publicKey()).verify(snapshots.sign(1,
                List.of(TestProxies.definition("mock", "/mock-mcp/", "http://127.0.0.1:7878")), List.of()));
        GatewayRuntime runtime = GatewayRuntime.build(snapshot, Set.of(), SecretResolver.LITERAL);
        return new FilterContext(runtime, runtime.listenPaths().match("/mock-mcp/mcp").orElseThrow().proxy(),
                McpRoute.noBody(), System.nanoTime());
    }
}
