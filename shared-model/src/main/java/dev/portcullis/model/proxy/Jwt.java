package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * Bearer JWT consumers, verified against {@code jwksUrl}.
 *
 * @param audiences       accepted {@code aud} values besides the proxy's own resource URL
 * @param subjectClaim    the consumer identity (default {@code sub})
 * @param policyClaim     claim holding policy ids; null = use {@code defaultPolicies}
 */
public record Jwt(boolean enabled, String jwksUrl, String issuer, List<String> audiences, String subjectClaim,
                  String policyClaim, List<String> defaultPolicies) {

    public static final Jwt DISABLED = new Jwt(false, null, null, null, null, null, null);

    public Jwt {
        audiences = Immutable.list(audiences);
        subjectClaim = subjectClaim == null ? "sub" : subjectClaim;
        defaultPolicies = Immutable.list(defaultPolicies);
    }

    public void validate(Violations at) {
        if (enabled) {
            FieldRules.httpUrl(at.at("jwksUrl"), jwksUrl);
        }
        FieldRules.nonBlankElements(at.at("audiences"), audiences);
        FieldRules.notBlank(at.at("subjectClaim"), subjectClaim, 200);
        if (policyClaim != null) {
            FieldRules.notBlank(at.at("policyClaim"), policyClaim, 200);
        }
        Violations policies = at.at("defaultPolicies");
        for (int i = 0; i < defaultPolicies.size(); i++) {
            FieldRules.id(policies.index(i), defaultPolicies.get(i));
        }
    }
}
