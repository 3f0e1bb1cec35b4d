package dev.portcullis.controlplane.key;

import dev.portcullis.controlplane.audit.AuditLog;
import jakarta.inject.Inject;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.policy.PolicyRepository;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Consumer keys: created with a token shown once, revoked (never deleted), updated with If-Match. Every change
 * bumps the configuration version, so gateways learn of a revocation as soon as the transaction commits.
 */
@ApplicationScoped
public class KeyService {

    /** Records every change in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every change makes. */
    @Inject
    ConfigHistory history;

    /** A created key and its token, which exists nowhere else. */
    public record Created(ApiKey key, String token) {
    }

    private final ApiKeyRepository keys;
    private final ProxyRepository proxies;
    private final ConfigVersions versions;
    private final PolicyRepository policies;
    private final Clock clock = Clock.systemUTC();

    KeyService(ApiKeyRepository keys, ProxyRepository proxies, ConfigVersions versions, PolicyRepository policies) {
        this.keys = keys;
        this.proxies = proxies;
        this.versions = versions;
        this.policies = policies;
    }

    public Instant now() {
        return clock.instant();
    }

    @Transactional
    public List<ApiKey> list(String aliasContains) {
        return keys.list(aliasContains);
    }

    @Transactional
    public ApiKey get(String id) {
        return keys.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("key", id));
    }

    @Transactional
    public Created create(KeyRequest request) {
        versions.bump();
        check(request);
        String token = KeyTokens.generate();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID().toString();
        key.tokenHash = KeyTokens.hash(token);
        key.state = ApiKey.ACTIVE;
        key.createdAt = now();
        apply(request, key);
        keys.persistAndFlush(key);
        audit.record("create", "key", key.id, null, KeyView.of(key, now()));
        history.record("create key " + key.id);
        return new Created(key, token);
    }

    @Transactional
    public ApiKey update(String id, KeyRequest request, IfMatch ifMatch) {
        ifMatch.required();
        checkChangeable(get(id), ifMatch);
        check(request);
        // Only a change that passed every check takes the lock and a version; then it is checked again on the
        // locked state, which a concurrent change may have moved.
        versions.bump();
        ApiKey key = get(id);
        keys.getEntityManager().refresh(key);
        checkChangeable(key, ifMatch);
        check(request);
        KeyView before = KeyView.of(key, now());
        apply(request, key);
        keys.flush();
        audit.record("update", "key", id, before, KeyView.of(key, now()));
        history.record("update key " + id);
        return key;
    }

    private static void checkChangeable(ApiKey key, IfMatch ifMatch) {
        ifMatch.check(key.version);
        if (ApiKey.REVOKED.equals(key.state)) {
            throw ProblemException.conflict("key '" + key.id + "' is revoked and can no longer be changed");
        }
    }

    /**
     * Revokes a key; revoking a revoked key again changes nothing but the configuration version. The version is
     * bumped before the key is read, like every change: a concurrent update then either commits first (and this
     * reads its result) or waits, so the revocation never works on a stale row.
     */
    @Transactional
    public void revoke(String id, IfMatch ifMatch) {
        versions.bump();
        ApiKey key = get(id);
        ifMatch.check(key.version);
        if (ApiKey.REVOKED.equals(key.state)) {
            history.record("revoke key " + id + " (already revoked)");
            return;
        }
        KeyView before = KeyView.of(key, now());
        key.state = ApiKey.REVOKED;
        key.revokedAt = now();
        keys.flush();
        audit.record("revoke", "key", id, before, KeyView.of(key, now()));
        history.record("revoke key " + id);
    }

    private void check(KeyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (String missing : proxies.missing(request.proxies())) {
            errors.add(new FieldError("proxies[" + request.proxies().indexOf(missing) + "]",
                    "unknown proxy '" + missing + "'"));
        }
        for (String missing : policies.missing(request.policies())) {
            errors.add(new FieldError("policies[" + request.policies().indexOf(missing) + "]",
                    "unknown policy '" + missing + "'"));
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now())) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void apply(KeyRequest request, ApiKey key) {
        key.alias = request.alias();
        key.proxies = request.proxies().toArray(String[]::new);
        key.policies = request.policies().toArray(String[]::new);
        key.expiresAt = request.expiresAt();
        if (request.certificateFingerprints() != null) {
            key.certificateFingerprints = request.certificateFingerprints().toArray(String[]::new);
        }
    }
}
