package dev.portcullis.e2e.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/** The official MCP Java SDK client, pointed at a gateway URL with an API key. */
public final class McpClients {

    private McpClients() {
    }

    public static McpSyncClient connect(String mcpUrl, String key) {
        return connect(mcpUrl, key, progress -> { });
    }

    public static McpSyncClient connect(String mcpUrl, String key, Consumer<McpSchema.ProgressNotification> progress) {
        URI uri = URI.create(mcpUrl);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(uri.getScheme() + "://" + uri.getAuthority())
                .endpoint(uri.getPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("portcullis-e2e", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress)
                .build();
    }
}
