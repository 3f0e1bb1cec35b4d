package dev.portcullis.gateway.filter.auth.prm;

import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.model.proxy.ProtectedResourceMetadata;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Serves RFC 9728 Protected Resource Metadata for proxies that enable it, without authentication, at
 * {@code /.well-known/oauth-protected-resource<listenPath>mcp} and {@code <listenPath>.well-known/oauth-protected-resource}.
 * {@code resource} is the configured one, else the URL the agent dialled ({@link PublicOrigin}).
 */
public final class MetadataEndpoint {

    private static final String SUFFIX = ".well-known/oauth-protected-resource";

    private final TrustedProxies trusted;

    public MetadataEndpoint(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** Answers and returns true when {@code request} asks for a metadata document of a PRM-enabled proxy. */
    public boolean serve(HttpServerRequest request, GatewayRuntime runtime) {
        if (request.method() != HttpMethod.GET) {
            return false;
        }
        String path = request.path();
        String listenPath = null;
        if (path.startsWith(PublicOrigin.WELL_KNOWN + "/") && path.endsWith("/mcp")) {
            listenPath = path.substring(PublicOrigin.WELL_KNOWN.length(), path.length() - "mcp".length());
        } else if (path.endsWith("/" + SUFFIX)) {
            listenPath = path.substring(0, path.length() - SUFFIX.length());
        }
        if (listenPath == null) {
            return false;
        }
        CompiledProxy proxy = exactProxy(runtime, listenPath);
        if (proxy == null || !proxy.definition().authentication().protectedResourceMetadata().enabled()) {
            return false;
        }
        request.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "max-age=60")
                .putHeader("Access-Control-Allow-Origin", "*")
                .end(document(proxy, PublicOrigin.of(request, trusted)).toBuffer());
        return true;
    }

    static JsonObject document(CompiledProxy proxy, PublicOrigin origin) {
        ProtectedResourceMetadata prm = proxy.definition().authentication().protectedResourceMetadata();
        JsonObject document = new JsonObject()
                .put("resource", resource(proxy, origin))
                .put("authorization_servers", new JsonArray(prm.authorizationServers()));
        if (!prm.scopesSupported().isEmpty()) {
            document.put("scopes_supported", new JsonArray(prm.scopesSupported()));
        }
        return document.put("bearer_methods_supported", new JsonArray().add("header"));
    }

    /** The configured resource, else the MCP URL the agent dialled. */
    public static String resource(CompiledProxy proxy, PublicOrigin origin) {
        String configured = proxy.definition().authentication().protectedResourceMetadata().resource();
        return configured != null ? configured : origin.resource(proxy.listenPath());
    }

    private static CompiledProxy exactProxy(GatewayRuntime runtime, String listenPath) {
        return runtime.listenPaths().match(listenPath)
                .map(match -> match.proxy())
                .filter(proxy -> proxy.listenPath().equals(listenPath))
                .orElse(null);
    }
}
