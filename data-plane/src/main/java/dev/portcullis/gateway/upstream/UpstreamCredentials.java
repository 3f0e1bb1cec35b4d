package dev.portcullis.gateway.upstream;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.model.proxy.BasicAuth;
import dev.portcullis.model.proxy.OAuthClientCredentials;
import dev.portcullis.model.proxy.UpstreamAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the gateway authenticates to one proxy's upstream, secrets resolved, built once per snapshot: static headers
 * (basic auth becomes an {@code Authorization} header), and OAuth client credentials whose token is fetched per
 * request from {@link ClientCredentialsTokens}. {@link #toString()} shows header names only.
 *
 * @param headers set on every upstream request, replacing agent headers of the same name
 * @param oauth   null unless {@code oauthClientCredentials} is configured
 */
public record UpstreamCredentials(Map<String, String> headers, ClientCredentials oauth) {

    public static final UpstreamCredentials NONE = new UpstreamCredentials(Map.of(), null);

    public UpstreamCredentials {
        headers = Map.copyOf(headers);
    }

    /** @throws IllegalArgumentException naming the field whose secret cannot be resolved */
    public static UpstreamCredentials resolve(UpstreamAuthentication authentication, SecretResolver secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        authentication.headers().forEach((name, value) ->
                headers.put(name, resolve(secrets, value, "upstream.authentication.headers." + name)));
        BasicAuth basic = authentication.basicAuth();
        if (basic != null) {
            String password = resolve(secrets, basic.password(), "upstream.authentication.basicAuth.password");
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        OAuthClientCredentials oauth = authentication.oauthClientCredentials();
        ClientCredentials client = oauth == null ? null : new ClientCredentials(oauth.tokenUrl(), oauth.clientId(),
                resolve(secrets, oauth.clientSecret(), "upstream.authentication.oauthClientCredentials.clientSecret"),
                oauth.scopes());
        return new UpstreamCredentials(headers, client);
    }

    private static String resolve(SecretResolver secrets, String value, String field) {
        try {
            return secrets.resolve(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[headers=" + headers.keySet() + ", oauth=" + oauth + "]";
    }
}
