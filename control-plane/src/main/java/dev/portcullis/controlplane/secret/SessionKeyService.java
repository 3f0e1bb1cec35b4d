package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.model.secret.SecretSealer;
import dev.portcullis.model.snapshot.SessionKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys gateways seal MCP session ids with. Generated here, never by a gateway, so every gateway of a deployment
 * (and every control-plane replica) hands out and accepts the same session ids; stored encrypted under the master
 * key. The first key is made when the first snapshot needs one. A rotation makes a new current key and keeps the
 * previous ones opening session ids for {@code PORTCULLIS_SESSION_KEYS_PREVIOUS_KEY_LIFETIME} (or not at all when
 * asked to end live sessions); it bumps the configuration version so gateways get the new key at once, and it is
 * audited. Key material never leaves this class except sealed to a gateway's key.
 */
@ApplicationScoped
public class SessionKeyService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Records every rotation in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every rotation makes. */
    @Inject
    ConfigHistory history;

    private final EntityManager em;
    private final ConfigVersions versions;
    private final SecretCipher cipher;
    private final Duration previousKeyLifetime;

    SessionKeyService(EntityManager em, ConfigVersions versions, MasterKey masterKey, PortcullisConfig config) {
        this.em = em;
        this.versions = versions;
        this.cipher = new SecretCipher(masterKey.key());
        this.previousKeyLifetime = config.sessionKeys().previousKeyLifetime();
        if (previousKeyLifetime.isNegative()) {
            throw new IllegalStateException("PORTCULLIS_SESSION_KEYS_PREVIOUS_KEY_LIFETIME must not be negative");
        }
    }

    /**
     * The snapshot's {@code sessionKeys}: the current key and the retired ones still opening session ids, sealed to
     * the gateway's key; null for a gateway that sent no key. Creates the first key when there is none (concurrent
     * replicas agree: only one insert wins).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionKeys sealFor(GatewayEncryptionKey recipient, Instant now) {
        if (recipient == null) {
            return null;
        }
        List<StoredSessionKey> keys = openable(now);
        if (keys.stream().noneMatch(key -> key.retiredAt == null)) {
            insertFirst(now);
            keys = openable(now);
        }
        SecretSealer sealer = new SecretSealer(recipient.key());
        List<SessionKeys.SessionKey> sealed = new ArrayList<>();
        String current = null;
        for (StoredSessionKey key : keys) {
            String id = String.valueOf(key.id);
            String name = SessionKeys.sealedName(id);
            sealed.add(new SessionKeys.SessionKey(id, sealer.seal(name, cipher.decrypt(name, key.nonce,
                    key.ciphertext)), key.openUntil));
            if (key.retiredAt == null) {
                current = id;
            }
        }
        return new SessionKeys(current, sealed);
    }

    /**
     * Makes a new current key. The one it replaces keeps opening session ids for the configured lifetime, unless
     * {@code keepPrevious} is false: then every earlier key stops at once and every live session ends (for a key
     * that may have leaked). Keys past their lifetime are deleted.
     */
    @Transactional
    public List<SessionKeyView> rotate(boolean keepPrevious) {
        versions.bump();
        Instant now = Instant.now();
        List<StoredSessionKey> all = em.createQuery("from StoredSessionKey order by id", StoredSessionKey.class)
                .getResultList();
        StoredSessionKey previous = all.stream().filter(key -> key.retiredAt == null).findFirst().orElse(null);
        Instant previousUntil = keepPrevious ? now.plus(previousKeyLifetime) : now;
        for (StoredSessionKey key : all) {
            if (key.retiredAt == null) {
                key.retiredAt = now;
                key.openUntil = previousUntil;
            } else if (!keepPrevious && key.openUntil.isAfter(now)) {
                key.openUntil = now;
            }
            if (!key.openUntil.isAfter(now)) {
                em.remove(key);
            }
        }
        int next = all.stream().mapToInt(key -> key.id).max().orElse(0) + 1;
        em.persist(generate(next, now));
        em.flush();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("current", previous == null ? null : String.valueOf(previous.id));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("current", String.valueOf(next));
        after.put("previousOpensUntil", previous == null ? null : previousUntil.toString());
        audit.record("rotate", "session-key", String.valueOf(next), before, after);
        history.record("rotate session keys to " + next + (keepPrevious ? "" : ", ending live sessions"));
        return list();
    }

    /** The keys that still open session ids, newest first; never key material. */
    @Transactional
    public List<SessionKeyView> list() {
        return openable(Instant.now()).stream()
                .map(key -> new SessionKeyView(String.valueOf(key.id), key.retiredAt == null, key.createdAt,
                        key.retiredAt, key.openUntil))
                .toList();
    }

    private List<StoredSessionKey> openable(Instant now) {
        return em.createQuery("from StoredSessionKey where openUntil is null or openUntil > ?1 order by id desc",
                StoredSessionKey.class).setParameter(1, now).getResultList();
    }

    private void insertFirst(Instant now) {
        StoredSessionKey first = generate(1, now);
        em.createNativeQuery("insert into session_key (id, nonce, ciphertext, created_at) values (?1, ?2, ?3, ?4)"
                        + " on conflict (id) do nothing")
                .setParameter(1, first.id).setParameter(2, first.nonce).setParameter(3, first.ciphertext)
                .setParameter(4, first.createdAt).executeUpdate();
    }

    private StoredSessionKey generate(int id, Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        SecretCipher.Encrypted encrypted = cipher.encrypt(SessionKeys.sealedName(String.valueOf(id)),
                B64.encodeToString(raw));
        StoredSessionKey key = new StoredSessionKey();
        key.id = id;
        key.nonce = encrypted.nonce();
        key.ciphertext = encrypted.ciphertext();
        key.createdAt = now;
        return key;
    }
}
