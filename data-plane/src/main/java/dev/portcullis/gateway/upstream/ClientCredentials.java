package dev.portcullis.gateway.upstream;

import java.util.List;
import java.util.Objects;

/**
 * OAuth client-credentials settings with the client secret resolved. Records with equal values share one cached
 * token ({@link ClientCredentialsTokens}), also across snapshots. {@link #toString()} masks the secret.
 */
public record ClientCredentials(String tokenUrl, String clientId, String clientSecret, List<String> scopes) {

    public ClientCredentials {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientSecret=***, scopes="
                + scopes + "]";
    }
}
