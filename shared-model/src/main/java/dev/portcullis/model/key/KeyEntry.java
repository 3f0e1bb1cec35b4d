package dev.portcullis.model.key;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a gateway knows of one active key: never the token, only its {@link KeyTokens#hash}. Revoked keys are
 * left out of snapshots, so presence here means "not revoked".
 *
 * @param alias     the agent's name, shown in analytics; may be null
 * @param expiresAt null = never expires
 * @param proxies   ids of the proxies the key's policies grant
 * @param policies  ids of the key's policies
 * @param certificateFingerprints the client certificates the key is bound to ({@link CertificateFingerprints}
 *                  canonical form); empty = unbound, and then absent from the JSON, so a snapshot without bound keys
 *                  is the same document it was before keys could be bound
 */
public record KeyEntry(String id, String alias, String hash, Instant expiresAt, List<String> proxies,
                       List<String> policies,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> certificateFingerprints) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public KeyEntry {
        proxies = Immutable.list(proxies);
        policies = Immutable.list(policies);
        certificateFingerprints = Immutable.list(certificateFingerprints);
    }

    /** A key not bound to any client certificate. */
    public KeyEntry(String id, String alias, String hash, Instant expiresAt, List<String> proxies,
                    List<String> policies) {
        this(id, alias, hash, expiresAt, proxies, policies, List.of());
    }

    /** True when the key is accepted only with one of {@link #certificateFingerprints()}. */
    public boolean boundToCertificate() {
        return !certificateFingerprints.isEmpty();
    }

    /** Expired from {@code expiresAt} on (inclusive). */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public void validate(Violations at) {
        FieldRules.id(at.at("id"), id);
        if (alias != null) {
            FieldRules.notBlank(at.at("alias"), alias, 200);
        }
        FieldRules.instant(at.at("expiresAt"), expiresAt);
        if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
            at.add("hash", "must be 64 lowercase hex characters");
        }
        Violations proxyIds = at.at("proxies");
        for (int i = 0; i < proxies.size(); i++) {
            FieldRules.id(proxyIds.index(i), proxies.get(i));
        }
        Violations policyIds = at.at("policies");
        for (int i = 0; i < policies.size(); i++) {
            FieldRules.id(policyIds.index(i), policies.get(i));
        }
        Violations fingerprints = at.at("certificateFingerprints");
        for (int i = 0; i < certificateFingerprints.size(); i++) {
            if (!CertificateFingerprints.isCanonical(certificateFingerprints.get(i))) {
                fingerprints.index(i).add("must be 64 lowercase hex characters (SHA-256 of the certificate)");
            }
        }
    }
}
