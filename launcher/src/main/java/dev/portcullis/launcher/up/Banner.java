package dev.portcullis.launcher.up;

import java.io.PrintStream;
import java.nio.file.Path;

/** The "it's running, here is how to use it" text {@code up} prints once everything is ready. */
public record Banner(String controlPlaneUrl, String adminToken, String adminPassword, String mcpUrl, String demoKey,
                     Path logDirectory,
                     Path credentialsFile, boolean proxyServed) {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1.0\"}}}";

    public void print(PrintStream out) {
        String key = demoKey == null ? "<your key>" : demoKey;
        out.println();
        out.println("Portcullis is up.");
        out.println();
        out.println("  Dashboard       " + controlPlaneUrl + "/ui/sign-in");
        out.println("  Sign in as      admin / " + adminPassword
                + "   (set on first start only; change it with PATCH /api/users/{id} {\"password\": ...})");
        out.println("  Dashboard API   " + controlPlaneUrl + "/api   (OpenAPI: " + controlPlaneUrl + "/q/openapi)");
        out.println("  Admin token     " + adminToken);
        out.println("  Gateway (MCP)   " + mcpUrl);
        out.println("  Demo key        " + (demoKey == null
                ? "(none stored: create one with POST /api/keys)" : demoKey + "   (alias demo-agent)"));
        if (!proxyServed) {
            out.println();
            out.println("  Note: the gateway does not serve the mock-mcp proxy yet; see the gateway log.");
        }
        out.println();
        out.println("Try it:");
        out.println("  curl -sS " + mcpUrl + " \\");
        out.println("    -H 'Authorization: Bearer " + key + "' \\");
        out.println("    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\");
        out.println("    -d '" + INITIALIZE + "'");
        out.println();
        out.println("  # MCP Inspector CLI (needs Node.js 22+)");
        out.println("  npx @modelcontextprotocol/inspector --cli " + mcpUrl + " --transport http \\");
        out.println("    --header \"Authorization: Bearer " + key + "\" --method tools/list");
        out.println();
        out.println("  curl -sS " + controlPlaneUrl + "/api/mcps -H 'Authorization: Bearer " + adminToken + "'");
        out.println();
        out.println("Logs:        " + logDirectory + "/");
        out.println("Credentials: " + credentialsFile + " (mode 600)");
        out.println("Press Ctrl-C to stop.");
        out.println();
        out.flush();
    }
}
