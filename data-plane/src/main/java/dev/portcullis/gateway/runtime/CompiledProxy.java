package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.request.HeaderEdits;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.RouteMiddleware;
import dev.portcullis.gateway.request.RouteSettings;
import dev.portcullis.gateway.upstream.ClientCredentials;
import dev.portcullis.gateway.upstream.UpstreamCredentials;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.HeaderTransform;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.TemplateFields;
import dev.portcullis.model.proxy.Upstream;
import dev.portcullis.model.template.ContextVariable;
import dev.portcullis.model.template.Template;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A proxy definition prepared for the request path: URLs parsed, origins normalised, header values resolved and
 * per-primitive settings indexed, all once per snapshot. Immutable and shared by every event loop.
 *
 * <p>{@link #toString()} prints header names only: values may be upstream credentials.
 *
 * @param credentialHeader        the header carrying the agent's key when key authentication is on, else null
 * @param authMethodUnavailable   authentication is on but with no method this gateway implements: every request is
 *                                refused rather than let through (a safety net; validation requires a method)
 * @param upstreamHeaders         upstream credentials ({@code upstream.authentication} headers and basic auth),
 *                                secrets resolved; set after the header transforms so a transform cannot remove them
 * @param upstreamOAuth           OAuth client credentials for the upstream token, secret resolved; null when not used
 * @param requestSizeLimit        the most a body may be when read: {@code global.requestSizeLimit}, or a larger
 *                                per-primitive or per-operation limit; the route's own limit is checked once the
 *                                body is parsed (the pipeline's route-size-limit step)
 * @param middleware              per-primitive and per-operation middleware, indexed
 * @param oauth                   bearer-token (JWT, introspection) and Protected Resource Metadata settings
 * @param cors                    {@code global.cors}, compiled; null when the proxy answers no CORS
 * @param pool                    the upstream's instances ({@code upstream.url} first) and how they are balanced
 * @param templateClaims          the token claims the proxy's templates name ({@code ${jwt.claims.<name>}}): what
 *                                authentication keeps on the consumer
 * @param plugins                 the operator plugins of the proxy, created ({@link ProxyPlugins#NONE} for none)
 * @param virtual                 for a virtual server, its members and routing table; null for a proxy of an
 *                                upstream (then the only thing the request path checks about virtual servers)
 */
public record CompiledProxy(
        ProxyDefinition definition,
        UpstreamTarget upstream,
        String credentialHeader,
        boolean authMethodUnavailable,
        Set<String> allowedOrigins,
        long requestSizeLimit,
        Map<String, String> upstreamHeaders,
        ClientCredentials upstreamOAuth,
        HeaderEdits requestHeaderEdits,
        HeaderEdits responseHeaderEdits,
        RouteMiddleware middleware,
        OAuthRules oauth,
        CorsRules cors,
        UpstreamPool pool,
        Set<String> templateClaims,
        ProxyPlugins plugins,
        VirtualServer virtual) {

    /**
     * What a virtual server's {@code upstream} and pool name: it never connects anywhere (its requests go to its
     * members), but every proxy has an upstream address for the steps that read one.
     */
    private static final String NO_UPSTREAM = "http://127.0.0.1/";

    public CompiledProxy {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(plugins, "plugins");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(upstream, "upstream");
        allowedOrigins = Set.copyOf(allowedOrigins);
        upstreamHeaders = Map.copyOf(upstreamHeaders);
        templateClaims = Set.copyOf(templateClaims);
    }

    /** @throws IllegalArgumentException when the proxy cannot be served as configured (the reason says why) */
    public static CompiledProxy compile(ProxyDefinition definition, SecretResolver secrets) {
        return compile(definition, secrets, List.of());
    }

    /** @param policies the snapshot's policies, for the token consumers' policy checks */
    public static CompiledProxy compile(ProxyDefinition definition, SecretResolver secrets, List<Policy> policies) {
        return compile(definition, secrets, policies, InstalledPlugins.NONE);
    }

    /** @param installed the operator plugins this gateway has: every plugin the proxy names must be one of them */
    public static CompiledProxy compile(ProxyDefinition definition, SecretResolver secrets, List<Policy> policies,
                                        InstalledPlugins installed) {
        if (definition.isVirtual()) {
            return compileVirtual(definition, secrets, policies);
        }
        var auth = definition.authentication();
        String credentialHeader = auth.enabled() && auth.authToken().enabled() ? auth.authToken().header() : null;
        boolean authMethodUnavailable = auth.enabled() && !auth.authToken().enabled() && !auth.jwt().enabled()
                && !auth.introspection().enabled();
        Set<String> origins = new HashSet<>();
        for (String origin : definition.allowedOrigins()) {
            origins.add(normaliseOrigin(origin));
        }
        UpstreamCredentials credentials = UpstreamCredentials.resolve(definition.upstream().authentication(), secrets);
        RouteMiddleware middleware = RouteMiddleware.index(definition.id(), definition.tools(), definition.prompts(),
                definition.resources(), definition.operations(), (transform, field) -> edits(transform, secrets, field));
        UpstreamPool pool = UpstreamPool.of(definition.upstream());
        return new CompiledProxy(definition,
                pool.primary().address(),
                credentialHeader,
                authMethodUnavailable,
                origins,
                Math.max(definition.global().requestSizeLimit(), middleware.largestSizeLimit()),
                credentials.headers(),
                credentials.oauth(),
                edits(definition.global().transformRequestHeaders(), secrets, "global.transformRequestHeaders"),
                edits(definition.global().transformResponseHeaders(), secrets, "global.transformResponseHeaders"),
                middleware,
                OAuthRules.of(definition, policies, secrets),
                CorsRules.of(definition.global().cors()),
                pool,
                templateClaims(definition),
                ProxyPlugins.compile(definition, installed),
                null);
    }

    /**
     * A virtual server: authentication, origins, CORS and its global limits of its own; no upstream, middleware,
     * transforms or plugins (validation refuses them). Its members are attached by {@link #withVirtual}.
     */
    private static CompiledProxy compileVirtual(ProxyDefinition definition, SecretResolver secrets,
                                                List<Policy> policies) {
        var auth = definition.authentication();
        Set<String> origins = new HashSet<>();
        for (String origin : definition.allowedOrigins()) {
            origins.add(normaliseOrigin(origin));
        }
        RouteMiddleware middleware = RouteMiddleware.index(definition.id(), Map.of(), Map.of(), Map.of(),
                Map.of(), (transform, field) -> HeaderEdits.NONE);
        UpstreamTarget none = UpstreamTarget.parse(NO_UPSTREAM);
        return new CompiledProxy(definition, none,
                auth.enabled() && auth.authToken().enabled() ? auth.authToken().header() : null,
                auth.enabled() && !auth.authToken().enabled() && !auth.jwt().enabled()
                        && !auth.introspection().enabled(),
                origins, Math.max(definition.global().requestSizeLimit(), middleware.largestSizeLimit()), Map.of(),
                null, HeaderEdits.NONE, HeaderEdits.NONE, middleware, OAuthRules.of(definition, policies, secrets),
                CorsRules.of(definition.global().cors()),
                new UpstreamPool(List.of(new UpstreamPool.Member("none", none.label(), none, 1)), false, false, 0, 0),
                Set.of(), ProxyPlugins.NONE, null);
    }

    /**
     * This virtual server with its members attached; the claims its authentication keeps are those its members'
     * templates name, since their transforms see the agent.
     */
    public CompiledProxy withVirtual(VirtualServer members, Set<String> memberClaims) {
        return new CompiledProxy(definition, upstream, credentialHeader, authMethodUnavailable, allowedOrigins,
                requestSizeLimit, upstreamHeaders, upstreamOAuth, requestHeaderEdits, responseHeaderEdits, middleware,
                oauth, cors, pool, memberClaims, plugins, members);
    }

    public String id() {
        return definition.id();
    }

    public String listenPath() {
        return definition.listenPath();
    }

    /** True when {@code origin} is listed in {@code allowedOrigins} (compared case-insensitively). */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains(normaliseOrigin(origin));
    }

    /** The upstream timeout for this route: the primitive's, else the operation's, else {@code upstream.timeoutMs}. */
    public int timeoutMs(McpRoute route) {
        return timeoutMs(middleware.resolve(route));
    }

    /** The upstream timeout for resolved route settings. */
    public int timeoutMs(RouteSettings settings) {
        return settings.timeoutMs() != null ? settings.timeoutMs()
                : definition.upstream() == null ? Upstream.DEFAULT_TIMEOUT_MS : definition.upstream().timeoutMs();
    }

    /** The body limit of a route: its primitive's, else its operation's, else {@code global.requestSizeLimit}. */
    public long requestSizeLimit(RouteSettings settings) {
        return settings.requestSizeLimit() != null ? settings.requestSizeLimit()
                : definition.global().requestSizeLimit();
    }

    @Override
    public String toString() {
        return "CompiledProxy[id=" + id() + ", listenPath=" + listenPath() + ", upstream=" + upstream
                + ", upstreamHeaders=" + upstreamHeaders.keySet() + ", upstreamOAuth=" + upstreamOAuth
                + ", requestHeaderEdits=" + requestHeaderEdits + ", responseHeaderEdits=" + responseHeaderEdits + "]";
    }

    public static String normaliseOrigin(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** Header values parsed as templates and their secrets resolved, once per snapshot. */
    private static HeaderEdits edits(HeaderTransform transform, SecretResolver secrets, String field) {
        if (transform.isEmpty()) {
            return HeaderEdits.NONE;
        }
        Map<String, Template> add = new HashMap<>();
        transform.add().forEach((name, value) -> {
            try {
                add.put(name, Template.parse(value).resolveSecrets(secret ->
                        secrets.resolve(SecretResolver.SECRET_REFERENCE + secret + "}")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ".add." + name + ": " + e.getMessage(), e);
            }
        });
        return new HeaderEdits(transform.remove(), add);
    }

    private static Set<String> templateClaims(ProxyDefinition definition) {
        Set<String> claims = new HashSet<>();
        TemplateFields.forEach(definition, (field, source) -> {
            for (ContextVariable variable : Template.parse(source).variables()) {
                if (variable.source() == ContextVariable.Source.JWT_CLAIM) {
                    claims.add(variable.argument());
                }
            }
        });
        return claims;
    }
}
