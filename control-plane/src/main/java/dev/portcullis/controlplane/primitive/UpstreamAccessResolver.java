package dev.portcullis.controlplane.primitive;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.secret.SecretService;
import dev.portcullis.model.proxy.BasicAuth;
import dev.portcullis.model.proxy.OAuthClientCredentials;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.UpstreamAuthentication;
import dev.portcullis.model.secret.SecretReferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a stored proxy into {@link UpstreamAccess}: the endpoint from {@code upstream.url} (nothing else is ever
 * dialled) and the upstream credentials with their {@code ${secret:...}} references resolved. Blocking (JDBC).
 */
@ApplicationScoped
public class UpstreamAccessResolver {

    private final ProxyService proxies;
    private final SecretService secrets;
    private final PrimitivesConfig config;

    UpstreamAccessResolver(ProxyService proxies, SecretService secrets, PrimitivesConfig config) {
        this.proxies = proxies;
        this.secrets = secrets;
        this.config = config;
    }

    /** The stored definition. @throws ProblemException 404 when the proxy does not exist */
    @Transactional
    public ProxyDefinition definition(String proxyId) {
        return ProxyRepository.definitionOf(proxies.get(proxyId));
    }

    /**
     * @throws ProblemException 404 when the proxy does not exist, 409 when a referenced secret was deleted, 400 when
     *                          it is a virtual server (it has no upstream of its own)
     */
    @Transactional
    public UpstreamAccess resolve(String proxyId) {
        ProxyDefinition definition = definition(proxyId);
        if (definition.isVirtual()) {
            throw ProblemException.invalid("id", "'" + proxyId + "' is a virtual server: it has no upstream of its"
                    + " own, ask its member proxies");
        }
        UpstreamAuthentication auth = definition.upstream().authentication();
        Set<String> names = new TreeSet<>();
        auth.headers().values().forEach(value -> names.addAll(SecretReferences.names(value)));
        if (auth.basicAuth() != null) {
            names.addAll(SecretReferences.names(auth.basicAuth().username()));
            names.addAll(SecretReferences.names(auth.basicAuth().password()));
        }
        OAuthClientCredentials oauth = auth.oauthClientCredentials();
        if (oauth != null) {
            names.addAll(SecretReferences.names(oauth.clientId()));
            names.addAll(SecretReferences.names(oauth.clientSecret()));
        }
        Map<String, String> values = secrets.plaintexts(names);
        Map<String, String> headers = new LinkedHashMap<>();
        auth.headers().forEach((name, value) -> headers.put(name, resolved(value, values)));
        BasicAuth basic = auth.basicAuth();
        if (basic != null) {
            String pair = resolved(basic.username(), values) + ":" + resolved(basic.password(), values);
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        UpstreamAccess.ClientCredentials credentials = oauth == null ? null : new UpstreamAccess.ClientCredentials(
                URI.create(oauth.tokenUrl()), resolved(oauth.clientId(), values),
                resolved(oauth.clientSecret(), values), oauth.scopes());
        Duration upstreamTimeout = Duration.ofMillis(definition.upstream().timeoutMs());
        Duration timeout = upstreamTimeout.compareTo(config.primitivesTimeout()) < 0
                ? upstreamTimeout : config.primitivesTimeout();
        return new UpstreamAccess(UpstreamAccess.endpointOf(definition.upstream().url()), headers, credentials,
                timeout);
    }

    private static String resolved(String value, Map<String, String> secretValues) {
        return SecretReferences.substitute(value, name -> {
            String plain = secretValues.get(name);
            if (plain == null) {
                throw ProblemException.conflict("the upstream credentials refer to secret '" + name
                        + "', which does not exist");
            }
            return plain;
        });
    }
}
