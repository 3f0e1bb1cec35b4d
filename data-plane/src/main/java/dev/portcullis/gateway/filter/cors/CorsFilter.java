package dev.portcullis.gateway.filter.cors;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.runtime.CorsRules;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CORS for browser agents ({@code global.cors}), answered by the gateway itself so the upstream needs no change.
 * A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) from an allowed origin
 * asking for allowed methods and headers gets 204 with the {@code Access-Control-Allow-*} headers; one from another
 * origin, or asking for more, gets 403, -32600 ({@code origin_not_allowed} or {@code cors_not_allowed}) and no CORS
 * header, so the browser stops there. Every other request from an allowed origin gets
 * {@code Access-Control-Allow-Origin}, {@code Access-Control-Expose-Headers} (with {@code Mcp-Session-Id} and
 * {@code WWW-Authenticate}), {@code Access-Control-Allow-Credentials} when configured and {@code Vary: Origin} on
 * every answer, the gateway's own errors included; the upstream's own {@code Access-Control-*} headers are replaced
 * by these. The Origin check that follows accepts the origins CORS allows.
 */
public final class CorsFilter implements McpFilter {

    private static final String ORIGIN = "Origin";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ACCESS_CONTROL = "access-control-";
    private static final String VARY = "Vary";

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.proxy().cors() != null;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        HttpServerRequest request = exchange.request();
        List<String> origins = request.headers().getAll(ORIGIN);
        if (origins.size() != 1) {
            return FilterResult.proceed(); // none: not a browser's CORS request; several: the Origin check refuses
        }
        String origin = origins.get(0);
        CorsRules cors = context.proxy().cors();
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.headers().contains(REQUEST_METHOD);
        if (!cors.allowsOrigin(origin)) {
            return preflight ? FilterResult.reject(GatewayErrors.badOrigin()) : FilterResult.proceed();
        }
        if (preflight) {
            return preflight(request, cors, origin);
        }
        answerHeaders(cors, origin, request.response().headers());
        return FilterResult.proceed();
    }

    /** The headers of every answer to an allowed origin; the gateway's own errors keep them. */
    private static void answerHeaders(CorsRules cors, String origin, MultiMap headers) {
        headers.set(ALLOW_ORIGIN, cors.allowOrigin(origin));
        headers.set("Access-Control-Expose-Headers", cors.exposeHeaders());
        if (cors.allowCredentials()) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
        String vary = headers.get(VARY);
        if (vary == null) {
            headers.set(VARY, ORIGIN);
        } else if (!vary.toLowerCase(Locale.ROOT).contains("origin")) {
            headers.set(VARY, vary + ", " + ORIGIN);
        }
    }

    private static Future<FilterResult> preflight(HttpServerRequest request, CorsRules cors, String origin) {
        String method = request.getHeader(REQUEST_METHOD).strip();
        String requested = request.getHeader(REQUEST_HEADERS);
        if (!cors.allowsMethod(method) || !cors.allowsHeaders(requested)) {
            return FilterResult.reject(GatewayErrors.corsNotAllowed());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ALLOW_ORIGIN, cors.allowOrigin(origin));
        headers.put("Access-Control-Allow-Methods", cors.allowMethods());
        if (requested != null && !requested.isBlank()) {
            headers.put("Access-Control-Allow-Headers", requested.strip());
        }
        if (cors.allowCredentials()) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        if (cors.maxAge() != null) {
            headers.put("Access-Control-Max-Age", cors.maxAge());
        }
        headers.put(VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        return Future.succeededFuture(new FilterResult.Respond(204, headers, Buffer.buffer(0)));
    }

    /** The upstream's own CORS headers give way to the proxy's, which the upstream's head replaces. */
    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        HttpServerRequest request = context.observation().request();
        if (!request.response().headers().contains(ALLOW_ORIGIN)) {
            return; // not an allowed browser origin: the upstream's head passes as it is
        }
        MultiMap head = response.headers();
        head.names().stream().filter(name -> name.regionMatches(true, 0, ACCESS_CONTROL, 0, ACCESS_CONTROL.length()))
                .toList().forEach(head::remove);
        answerHeaders(context.proxy().cors(), request.getHeader(ORIGIN), head);
    }
}
