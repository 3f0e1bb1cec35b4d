package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;

import java.util.Optional;

/**
 * The MCP endpoint agents call for a proxy: the configured gateway URL ({@code PORTCULLIS_DASHBOARD_GATEWAY_URL}),
 * the proxy's listen path and {@code mcp}, as the gateway serves it ({@code http://gw:8080/mock-mcp/mcp}).
 */
final class GatewayEndpoint {

    private GatewayEndpoint() {
    }

    /** Empty when no gateway URL is configured. */
    static Optional<String> mcpUrl(PortcullisConfig config, String listenPath) {
        return config.dashboard().gatewayUrl().map(url -> url.replaceAll("/+$", "")
                + (listenPath.endsWith("/") ? listenPath : listenPath + "/") + "mcp");
    }
}
