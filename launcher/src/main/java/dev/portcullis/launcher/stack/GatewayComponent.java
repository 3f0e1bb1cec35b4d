package dev.portcullis.launcher.stack;

import dev.portcullis.launcher.process.ProcessSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/** A data-plane gateway in the stack: agent port, management port (health, metrics), id, tags, data directory. */
public final class GatewayComponent extends StackComponent {

    private final String id;
    private final Set<String> tags;
    private final int managementPort;
    private final Path dataDirectory;

    GatewayComponent(String id, Set<String> tags, String host, int port, int managementPort, Path dataDirectory,
                     Duration startupTimeout, Supplier<ProcessSpec> spec) {
        super("gateway " + id, host, port, URI.create("http://" + host + ":" + managementPort + "/q/health/ready"),
                startupTimeout, spec);
        this.id = id;
        this.tags = Set.copyOf(tags);
        this.managementPort = managementPort;
        this.dataDirectory = dataDirectory;
    }

    public String id() {
        return id;
    }

    public Set<String> tags() {
        return tags;
    }

    public int managementPort() {
        return managementPort;
    }

    /** {@code http://host:managementPort}: {@code /q/health}, {@code /q/metrics}. */
    public String managementUrl() {
        return "http://" + host() + ":" + managementPort;
    }

    /** Where this gateway keeps its last good snapshot ({@code snapshot.json}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The agent endpoint of a proxy: {@code mcpUrl("/mock-mcp/")} is {@code http://host:port/mock-mcp/mcp}. */
    public String mcpUrl(String listenPath) {
        return baseUrl() + listenPath + "mcp";
    }
}
