package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The {@code initialize} handshake: version negotiation and what this server offers. */
public final class Initialization {

    public static final String SERVER_NAME = "portcullis-mock-mcp";
    public static final String SERVER_VERSION = "0.1.0";

    private Initialization() {
    }

    /** The requested protocol version, or empty when params lack a string {@code protocolVersion}. */
    public static Optional<String> requestedVersion(ObjectNode params) {
        JsonNode version = params == null ? null : params.get("protocolVersion");
        return version != null && version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
    }

    public static ObjectNode result(String negotiatedVersion) {
        ObjectNode result = Json.object().put("protocolVersion", negotiatedVersion);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        capabilities.putObject("resources").put("subscribe", true).put("listChanged", false);
        capabilities.putObject("completions");
        capabilities.putObject("logging");
        result.putObject("serverInfo").put("name", SERVER_NAME).put("title", "Portcullis mock MCP server")
                .put("version", SERVER_VERSION);
        result.put("instructions", "A demo server with in-memory users, posts, products and orders. "
                + "get_anything echoes the HTTP headers received; slow_response streams progress.");
        return result;
    }
}
