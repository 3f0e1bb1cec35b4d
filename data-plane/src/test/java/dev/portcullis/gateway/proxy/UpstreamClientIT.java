package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.support.TestCertificates;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's upstream client against a real server on loopback: its plain connections write from the pooled
 * allocator ({@link UpstreamClient#pooledWrites}) and still carry every request and answer whole, small and large,
 * many in a row on one connection; a TLS connection keeps the allocator Vert.x gave it.
 */
class UpstreamClientIT {

    Vertx vertx;
    Context context;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    /** A server that answers each request with its method, path and body, echoed. */
    private HttpServer echo(HttpServerOptions options) throws Exception {
        return await(vertx.createHttpServer(options)
                .requestHandler(request -> request.body().onSuccess(body -> request.response()
                        .putHeader("X-Echo", request.method() + " " + request.path()).end(body)))
                .listen(0, "127.0.0.1"));
    }

    /** A client of the test's own options whose connect handler does what the upstream client's does first. */
    private HttpClient tlsClient() {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false))
                .withConnectHandler(UpstreamClient::pooledWrites)
                .build();
    }

    /** The echo server's answer: its {@code X-Echo} header and body, and the connection that carried it. */
    private record Answer(String echo, Buffer body, HttpConnection connection) {
    }

    /**
     * Posts {@code body} from the test's one Vert.x context, as the gateway sends from its event loop; the answer's
     * body is asked for on that loop as its head arrives, as it must be.
     */
    private Future<Answer> post(HttpClient client, int port, String path, Buffer body) {
        Promise<Answer> answer = Promise.promise();
        context.runOnContext(ignored -> send(client, port, path, body).onComplete(answer));
        return answer.future();
    }

    private static Future<Answer> send(HttpClient client, int port, String path, Buffer body) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path)).compose(request -> request.send(body).compose(response -> response.body().map(bytes ->
                        new Answer(response.getHeader("X-Echo"), bytes, request.connection()))));
    }

    private static ByteBufAllocator allocatorOf(HttpConnection connection) {
        return ((ConnectionBase) connection).channel().config().getAllocator();
    }

    private static Buffer bytes(int size, int seed) {
        Buffer buffer = Buffer.buffer(size);
        for (int i = 0; i < size; i++) {
            buffer.appendByte((byte) ('a' + (i * 31 + seed) % 26));
        }
        return buffer;
    }

    @Test
    void aPlainConnectionWritesFromThePooledAllocatorAndCarriesEveryRequestWhole() throws Exception {
        HttpServer server = echo(new HttpServerOptions());
        HttpClient client = UpstreamClient.create(vertx, 1, Duration.ofMinutes(1));
        Set<HttpConnection> connections = new HashSet<>();
        // Sizes around the encoder's buffer sizes, an empty body and a body of several TCP segments; each request
        // reuses the one pooled connection, and so buffers released by the requests before it.
        int[] sizes = {0, 1, 100, 255, 256, 257, 1_023, 1_024, 8_192, 65_536, 1_048_576};
        for (int round = 0; round < 20; round++) {
            for (int size : sizes) {
                Buffer body = bytes(size, round);
                Answer answer = await(post(client, server.actualPort(), "/r" + round, body));
                assertThat(answer.echo()).isEqualTo("POST /r" + round);
                assertThat(answer.body()).as("%d bytes, round %d", size, round).isEqualTo(body);
                connections.add(answer.connection());
            }
        }
        assertThat(connections).hasSize(1);
        assertThat(allocatorOf(connections.iterator().next())).isSameAs(PooledByteBufAllocator.DEFAULT);
    }

    @Test
    void aTlsConnectionKeepsTheAllocatorVertxGaveIt(@TempDir Path dir) throws Exception {
        TestCertificates.Issued certificate = TestCertificates.issue(dir, "upstream");
        HttpServer server = echo(new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(certificate.certPem().toString()).setKeyPath(certificate.keyPem().toString())));
        Buffer body = bytes(10_000, 7);
        Answer answer = await(post(tlsClient(), server.actualPort(), "/tls", body));
        assertThat(answer.echo()).isEqualTo("POST /tls");
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.connection().isSsl()).isTrue();
        assertThat(allocatorOf(answer.connection())).isNotSameAs(PooledByteBufAllocator.DEFAULT);
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
