package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/** The gateway obtains an upstream access token with the OAuth 2 client-credentials grant. */
public record OAuthClientCredentials(String tokenUrl, String clientId, String clientSecret, List<String> scopes) {

    public OAuthClientCredentials {
        scopes = Immutable.list(scopes);
    }

    public void validate(Violations at) {
        FieldRules.httpUrl(at.at("tokenUrl"), tokenUrl);
        FieldRules.notBlank(at.at("clientId"), clientId, 512);
        FieldRules.notBlank(at.at("clientSecret"), clientSecret, 4096);
        FieldRules.scopes(at.at("scopes"), scopes);
    }

    @Override
    public String toString() {
        return "OAuthClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=***, scopes=" + scopes + "]";
    }
}
