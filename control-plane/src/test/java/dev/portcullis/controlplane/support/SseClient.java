package dev.portcullis.controlplane.support;

import dev.portcullis.model.json.Json;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A gateway's side of {@code /feed/v1/stream}: collects raw lines and verified snapshots as they arrive. */
public final class SseClient implements AutoCloseable {

    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<ConfigSnapshot> snapshots = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    public SseClient(String query, SnapshotVerifier verifier) throws Exception {
        this(RestAssured.baseURI + ":" + RestAssured.port, query, verifier);
    }

    /** @param baseUrl the control plane to stream from, such as {@code http://127.0.0.1:3000} */
    public SseClient(String baseUrl, String query, SnapshotVerifier verifier) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/feed/v1/stream?" + query))
                .header("Authorization", "Bearer " + Api.gatewayToken())
                .header("Accept", "text/event-stream")
                .build();
        response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        reader = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    lines.add(line);
                    if (line.startsWith("data: ")) {
                        snapshots.add(verifier.verify(read(line.substring(6))));
                    }
                });
            } catch (RuntimeException closed) {
                // the stream was closed by close() or by the server
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return response.statusCode();
    }

    public ConfigSnapshot latest() {
        return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }

    private static SignedSnapshot read(String json) {
        try {
            return Json.mapper().readValue(json, SignedSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
