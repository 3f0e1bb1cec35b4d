package dev.portcullis.gateway.support.otlp;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP receiver on 127.0.0.1: keeps the spans of {@code POST /v1/traces} and the metrics requests of
 * {@code POST /v1/metrics} (decoded with opentelemetry-proto's classes).
 */
public final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<OtlpSpans.Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", exchange -> {
            receiver.paths.add(exchange.getRequestURI().getPath());
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                byte[] request = body.readAllBytes();
                if (exchange.getRequestURI().getPath().endsWith("/v1/metrics")) {
                    try {
                        receiver.metrics.add(ExportMetricsServiceRequest.parseFrom(request));
                    } catch (RuntimeException | LinkageError e) {
                        receiver.paths.add("undecodable " + e);
                        throw e;
                    }
                } else {
                    receiver.spans.addAll(OtlpSpans.decode(request));
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    /** Spans received so far. */
    public List<OtlpSpans.Span> spans() {
        return List.copyOf(spans);
    }

    /** Metrics export requests received so far. */
    public List<ExportMetricsServiceRequest> metrics() {
        return List.copyOf(metrics);
    }

    /** Request paths the exporter posted to. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
