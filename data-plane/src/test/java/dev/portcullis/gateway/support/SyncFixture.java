package dev.portcullis.gateway.support;

import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the config-sync tests share: a Vert.x, the mock MCP server behind proxy {@code mock} at {@code /mock-mcp/},
 * and snapshots of that proxy signed with one test key (as every control-plane replica signs with the same key).
 */
public final class SyncFixture implements AutoCloseable {

    private final Vertx vertx;
    private final MockMcpServer mock;
    private final TestSnapshots snapshots = new TestSnapshots();
    private final List<ProxyDefinition> proxies;

    private SyncFixture(Vertx vertx, MockMcpServer mock) {
        this.vertx = vertx;
        this.mock = mock;
        this.proxies = List.of(TestProxies.definition("mock", "/mock-mcp/", "http://127.0.0.1:" + mock.port()));
    }

    public static SyncFixture start() throws Exception {
        return new SyncFixture(Vertx.vertx(), MockMcpServer.start("127.0.0.1", 0));
    }

    public Vertx vertx() {
        return vertx;
    }

    public TestSnapshots snapshots() {
        return snapshots;
    }

    public List<ProxyDefinition> proxies() {
        return proxies;
    }

    /** Version {@code version} of the configuration: the mock proxy and {@code keys}. */
    public SignedSnapshot snapshot(long version, KeyEntry... keys) {
        return snapshots.sign(version, proxies, List.of(keys));
    }

    /** A key for the mock proxy. */
    public static KeyEntry key(String id, String token) {
        return TestSnapshots.key(id, token, null, "mock");
    }

    @Override
    public void close() throws Exception {
        mock.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
