package dev.portcullis.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterChainTest {

    private final FilterContext context = context();
    private final McpExchange exchange = new McpExchange(null, Buffer.buffer(), null,
            MultiMap.caseInsensitiveMultiMap());

    @Test
    void turnsAFilterThatThrowsOnTheRequestIntoAFailedFuture() {
        FilterChain chain = new FilterChain(List.of(new Throwing()));

        Future<FilterResult> result = chain.onRequest(exchange, context);

        assertThat(result.failed()).isTrue();
        assertThat(result.cause()).hasMessage("bug");
    }

    @Test
    void turnsAFilterThatReturnsNoFutureIntoAFailedFuture() {
        FilterChain chain = new FilterChain(List.of(new McpFilter() {
            @Override
            public String name() {
                return "null";
            }

            @Override
            public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
                return null;
            }
        }));

        assertThat(chain.onRequest(exchange, context).failed()).isTrue();
    }

    @Test
    void reportsAFilterThatThrowsOnTheResponseInsteadOfThrowing() {
        FilterChain chain = new FilterChain(List.of(new ThrowingOnResponse()));
        chain.onRequest(exchange, context);

        boolean completed = FilterChain.onResponse(new McpResponse(200, MultiMap.caseInsensitiveMultiMap()), context);

        assertThat(completed).isFalse();
    }

    @Test
    void walksTheMessageBackwardThroughTheStepsThatRanAndStopsOnceOneDropsIt() {
        List<String> seen = new ArrayList<>();
        FilterChain chain = new FilterChain(List.of(new Looking("first", seen, false), new Looking("second", seen, true),
                new Looking("third", seen, false)));
        chain.onRequest(exchange, context);
        UpstreamMessage message = new UpstreamMessage("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}", null, null, false);

        boolean readable = FilterChain.onMessage(message, context);

        assertThat(readable).isTrue();
        assertThat(seen).containsExactly("third", "second");
        assertThat(message.dropped()).isTrue();
    }

    @Test
    void reportsAFilterThatThrowsOnAMessageInsteadOfThrowing() {
        FilterChain chain = new FilterChain(List.of(new McpFilter() {
            @Override
            public String name() {
                return "throwing-on-message";
            }

            @Override
            public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
                return FilterResult.proceed();
            }

            @Override
            public void onMessage(UpstreamMessage message, FilterContext context) {
                throw new IllegalStateException("bug");
            }
        }));
        chain.onRequest(exchange, context);

        assertThat(FilterChain.onMessage(new UpstreamMessage("{}", null, null, false), context)).isFalse();
    }

    /** Notes that it saw a message, and drops it when told to. */
    private record Looking(String name, List<String> seen, boolean drops) implements McpFilter {
        @Override
        public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
            return FilterResult.proceed();
        }

        @Override
        public void onMessage(UpstreamMessage message, FilterContext context) {
            seen.add(name);
            if (drops) {
                message.drop();
            }
        }
    }

    private static final class Throwing implements McpFilter {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
            throw new IllegalStateException("bug");
        }
    }

    private static final class ThrowingOnResponse implements McpFilter {
        @Override
        public String name() {
            return "throwing-on-response";
        }

        @Override
        public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
            return FilterResult.proceed();
        }

        @Override
        public void onResponse(McpResponse response, FilterContext context) {
            throw new IllegalStateException("bug");
        }
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
