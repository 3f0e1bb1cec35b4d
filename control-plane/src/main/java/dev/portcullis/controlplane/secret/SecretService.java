package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.audit.AuditLog;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.SecretReferences;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rules for secrets (ADR 0002): names {@code [A-Za-z0-9._-]{1,64}}, values encrypted before they reach the
 * database and never returned, deletion refused while a proxy references the secret. Every change bumps the
 * configuration version first, in the same transaction, so gateways receive the new value at once and a
 * concurrent proxy save cannot slip a reference past a delete.
 */
@ApplicationScoped
public class SecretService {

    /** Records every change in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every change makes. */
    @Inject
    ConfigHistory history;

    /** Generous for certificates and JSON service-account keys, small enough to keep snapshots lean. */
    static final int MAX_VALUE_LENGTH = 64 * 1024;

    private final SecretRepository secrets;
    private final ProxyRepository proxies;
    private final ConfigVersions versions;
    private final SecretCipher cipher;

    SecretService(SecretRepository secrets, ProxyRepository proxies, ConfigVersions versions, MasterKey masterKey) {
        this.secrets = secrets;
        this.proxies = proxies;
        this.versions = versions;
        this.cipher = new SecretCipher(masterKey.key());
    }

    /** Creates or replaces a secret; true when it was created. */
    @Transactional
    public boolean put(String name, String body) {
        requireValidName(name);
        ObjectNode tree;
        try {
            tree = JsonBodies.object(body);
        } catch (ProblemException e) {
            // The generic message would quote the offending token, which may be the value itself.
            throw ProblemException.invalid("", "the request body must be a JSON object {\"value\": \"...\"}");
        }
        JsonNode value = tree.get("value");
        for (Iterator<String> fields = tree.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("value")) {
                throw ProblemException.invalid(field, "unknown field");
            }
        }
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ProblemException.invalid("value", "must be a non-empty string");
        }
        if (value.asText().length() > MAX_VALUE_LENGTH) {
            throw ProblemException.invalid("value", "must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        versions.bump();
        SecretCipher.Encrypted encrypted = cipher.encrypt(name, value.asText());
        Instant now = Instant.now();
        StoredSecret stored = secrets.findById(name);
        boolean created = stored == null;
        if (created) {
            stored = new StoredSecret();
            stored.name = name;
            stored.createdAt = now;
        }
        stored.nonce = encrypted.nonce();
        stored.ciphertext = encrypted.ciphertext();
        stored.updatedAt = now;
        secrets.persistAndFlush(stored);
        audit.record(created ? "create" : "update", "secret", name, created ? null : masked(name),
                masked(name));
        history.record((created ? "create" : "update") + " secret " + name);
        return created;
    }

    /** What the audit log shows of a secret: its name; the value is never written, not even encrypted. */
    private static Map<String, String> masked(String name) {
        return Map.of("name", name, "value", "***");
    }

    @Transactional
    public List<SecretView> list() {
        Map<String, List<String>> references = referencesByName();
        return secrets.allByName().stream()
                .map(secret -> view(secret, references.getOrDefault(secret.name, List.of())))
                .toList();
    }

    @Transactional
    public SecretView get(String name) {
        StoredSecret stored = find(name);
        return view(stored, referencesByName().getOrDefault(name, List.of()));
    }

    @Transactional
    public void delete(String name) {
        versions.bump();
        StoredSecret stored = find(name);
        List<String> users = referencesByName().getOrDefault(name, List.of());
        if (!users.isEmpty()) {
            throw new ProblemException(ProblemException.conflict("secret '" + name + "' is referenced by "
                    + (users.size() == 1 ? "proxy " : "proxies ") + String.join(", ", users)).problem()
                    .with("referencedBy", users));
        }
        audit.record("delete", "secret", name, masked(name), null);
        secrets.delete(stored);
        history.record("delete secret " + name);
    }

    /**
     * Refuses a proxy definition that references a secret that does not exist (400 naming each field). Call after
     * {@link ConfigVersions#bump()} in the saving transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireKnown(ProxyDefinition definition) {
        Map<String, Set<String>> fields = SecretReferences.of(definition);
        if (fields.isEmpty()) {
            return;
        }
        Set<String> wanted = new TreeSet<>();
        fields.values().forEach(wanted::addAll);
        Set<String> existing = new TreeSet<>();
        secrets.named(wanted).forEach(secret -> existing.add(secret.name));
        List<FieldError> errors = new ArrayList<>();
        fields.forEach((field, names) -> names.forEach(name -> {
            if (!SecretReferences.isValidName(name)) {
                errors.add(new FieldError(field, "invalid secret name '" + name + "'"));
            } else if (!existing.contains(name)) {
                errors.add(new FieldError(field, "unknown secret '" + name + "'"));
            }
        }));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /**
     * Decrypted values of the named secrets that exist, for sealing into a snapshot. Runs inside the snapshot's
     * transaction so the values belong to the version it carries. The result must not outlive that use.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, String> plaintexts(Collection<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StoredSecret secret : secrets.named(names)) {
            values.put(secret.name, cipher.decrypt(secret.name, secret.nonce, secret.ciphertext));
        }
        return values;
    }

    private StoredSecret find(String name) {
        StoredSecret stored = SecretReferences.isValidName(name) ? secrets.findById(name) : null;
        if (stored == null) {
            throw ProblemException.notFound("secret", name);
        }
        return stored;
    }

    private Map<String, List<String>> referencesByName() {
        Map<String, List<String>> references = new TreeMap<>();
        for (StoredProxy proxy : proxies.allById()) {
            for (String name : SecretReferences.namesIn(ProxyRepository.definitionOf(proxy))) {
                references.computeIfAbsent(name, n -> new ArrayList<>()).add(proxy.id);
            }
        }
        return references;
    }

    private static SecretView view(StoredSecret stored, List<String> referencedBy) {
        return new SecretView(stored.name, stored.createdAt, stored.updatedAt, referencedBy);
    }

    private static void requireValidName(String name) {
        if (!SecretReferences.isValidName(name)) {
            throw ProblemException.invalid("name", "must match [A-Za-z0-9._-]{1,64}");
        }
    }
}
