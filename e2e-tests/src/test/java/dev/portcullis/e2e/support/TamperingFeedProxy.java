package dev.portcullis.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between a gateway and the control plane's feed and, while armed, flips one byte in the payload of every signed
 * snapshot it relays (SSE events and plain responses alike): an attacker or a broken disk between the planes.
 */
public final class TamperingFeedProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "te", "trailer");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger tampered = new AtomicInteger();

    public TamperingFeedProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::relay);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void arm(boolean on) {
        armed.set(on);
    }

    /** How many snapshots were tampered with so far. */
    public int tampered() {
        return tampered.get();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            try (InputStream body = response.body()) {
                if (contentType.startsWith("text/event-stream")) {
                    exchange.sendResponseHeaders(response.statusCode(), 0);
                    relayEvents(body, exchange.getResponseBody());
                } else {
                    byte[] bytes = body.readAllBytes();
                    if (response.statusCode() == 200 && exchange.getRequestURI().getPath().endsWith("/snapshot")) {
                        bytes = maybeTamper(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    }
                    exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The gateway or the control plane went away mid-stream; the gateway reconnects.
        }
    }

    private void relayEvents(InputStream upstream, OutputStream downstream) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            String out = line.startsWith("data:") ? "data:" + maybeTamper(line.substring(5).trim()) : line;
            downstream.write((out + "\n").getBytes(StandardCharsets.UTF_8));
            if (line.isEmpty()) {
                downstream.flush();
            }
        }
    }

    private String maybeTamper(String signedSnapshot) {
        if (!armed.get() || !signedSnapshot.startsWith("{")) {
            return signedSnapshot;
        }
        try {
            ObjectNode envelope = (ObjectNode) JSON.readTree(signedSnapshot);
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
            payload[payload.length / 2] ^= 0x01;
            envelope.put("payload", Base64.getEncoder().encodeToString(payload));
            tampered.incrementAndGet();
            return JSON.writeValueAsString(envelope);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return signedSnapshot;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
