package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.audit.AuditLog;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.common.Slugs;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.secret.SecretService;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityNotFoundException;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Rules for proxy definitions: validation by shared-model (and {@link UpstreamAddressRule} for the upstream's
 * address, {@link PluginRule} for plugin configs), ids derived from names, listen paths unique per gateway,
 * optimistic locking. Every change bumps the configuration version in its own transaction, which also serialises
 * changes so the conflict check cannot race another write.
 */
@ApplicationScoped
public class ProxyService {

    /** Records every change in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every change makes. */
    @Inject
    ConfigHistory history;

    /** Checks plugins entries against the plugins this control plane has. */
    @Inject
    PluginRule plugins;

    private final ProxyRepository proxies;
    private final ConfigVersions versions;
    private final SecretService secrets;
    private final UpstreamAddressRule addresses;

    ProxyService(ProxyRepository proxies, ConfigVersions versions, SecretService secrets,
                 UpstreamAddressRule addresses) {
        this.proxies = proxies;
        this.versions = versions;
        this.secrets = secrets;
        this.addresses = addresses;
    }

    /**
     * The definition, when its upstream addresses are allowed ({@link UpstreamAddressRule}); else a
     * {@code ValidationException} naming {@code upstream.url} or {@code upstream.targets[i]}. For definitions that
     * come back from history, saved before the rule or under another setting.
     */
    public ProxyDefinition requireAllowedUpstream(ProxyDefinition definition) {
        addresses.check(definition);
        return definition;
    }

    @Transactional
    public List<StoredProxy> list() {
        return proxies.allById();
    }

    @Transactional
    public StoredProxy get(String id) {
        return proxies.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("proxy", id));
    }

    @Transactional
    public StoredProxy create(String body) {
        ObjectNode tree = JsonBodies.object(body);
        JsonNode id = tree.get("id");
        boolean derivedId = id == null || id.isNull();
        // Validated (with a stand-in id when none is given) before it takes the lock, so a refused body spends no
        // version.
        ObjectNode validated = derivedId ? tree.deepCopy().put("id", "placeholder") : tree;
        ProxyDefinition parsed = ProxyDefinition.parse(Json.write(validated));
        addresses.check(parsed);
        plugins.check(parsed);
        secrets.requireKnown(parsed);
        versions.bump();
        if (derivedId) {
            JsonNode name = tree.get("name");
            tree.put("id", Slugs.unique(name != null && name.isTextual() ? name.asText() : "", "mcp",
                    candidate -> proxies.findById(candidate) != null));
        }
        ProxyDefinition definition = ProxyDefinition.parse(Json.write(tree));
        secrets.requireKnown(definition); // again under the version lock: a secret may have been deleted meanwhile
        if (proxies.findById(definition.id()) != null) {
            throw ProblemException.conflict("proxy '" + definition.id() + "' already exists");
        }
        rejectConflicts(definition);
        StoredProxy stored = new StoredProxy();
        stored.id = definition.id();
        stored.createdAt = Instant.now();
        copy(definition, stored);
        proxies.persistAndFlush(stored);
        audit.record("create", "proxy", stored.id, null, stored.definition);
        history.record("create proxy " + stored.id);
        return stored;
    }

    /**
     * Checked in the order a client can fix things: If-Match present, proxy exists, If-Match current, body valid.
     * Only then is the version bumped (taking the lock) and the checks repeated on the locked state, so a refused
     * request never waits for the lock nor uses up a version.
     */
    @Transactional
    public StoredProxy update(String id, String body, IfMatch ifMatch) {
        ifMatch.required();
        ifMatch.check(get(id).version);
        ObjectNode tree = JsonBodies.object(body);
        JsonNode bodyId = tree.get("id");
        if (bodyId == null || bodyId.isNull()) {
            tree.put("id", id);
        } else if (!bodyId.isTextual() || !bodyId.asText().equals(id)) {
            throw ProblemException.invalid("id", "must match the id in the URL ('" + id + "')");
        }
        ProxyDefinition definition = ProxyDefinition.parse(Json.write(tree));
        addresses.check(definition);
        plugins.check(definition);
        secrets.requireKnown(definition);
        versions.bump();
        StoredProxy stored = locked(id);
        secrets.requireKnown(definition); // again under the version lock: a secret may have been deleted meanwhile
        ifMatch.check(stored.version);
        rejectConflicts(definition);
        String before = stored.definition;
        copy(definition, stored);
        proxies.flush();
        audit.record("update", "proxy", id, before, stored.definition);
        history.record("update proxy " + id);
        return stored;
    }

    /**
     * Deletes a proxy and removes it from every key that granted it, so a later proxy reusing the id does not
     * silently inherit those keys.
     */
    @Transactional
    public void delete(String id, IfMatch ifMatch) {
        ifMatch.check(get(id).version);
        versions.bump();
        StoredProxy stored = locked(id);
        ifMatch.check(stored.version);
        audit.record("delete", "proxy", id, stored.definition, null);
        remove(stored);
        history.record("delete proxy " + id);
    }

    /**
     * Deletes a stored proxy and takes it out of every key's {@code proxies} (policies forget it by trigger, V2).
     * For callers that hold the version lock and audit the change themselves: {@link #delete} and a rollback.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(StoredProxy stored) {
        proxies.delete(stored);
        proxies.flush();
        proxies.getEntityManager().createNativeQuery("update api_key set proxies = array_remove(proxies, ?1),"
                + " version = version + 1 where ?1 = any(proxies)").setParameter(1, stored.id).executeUpdate();
    }

    /**
     * Makes the stored proxy exactly {@code definition}, creating it when absent; true when anything changed.
     * For a rollback, which holds the version lock, checks secrets and audits the whole set itself; listen-path
     * conflicts are not checked because the whole set is replaced by one that was valid together.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(ProxyDefinition definition) {
        StoredProxy stored = proxies.findById(definition.id());
        if (stored == null) {
            stored = new StoredProxy();
            stored.id = definition.id();
            stored.createdAt = Instant.now();
            copy(definition, stored);
            proxies.persist(stored);
            return true;
        }
        if (Json.mapper().valueToTree(definition).equals(Json.mapper().valueToTree(
                ProxyRepository.definitionOf(stored)))) {
            return false;
        }
        copy(definition, stored);
        return true;
    }

    /** Re-reads the proxy after {@link ConfigVersions#bump()}: what a concurrent change committed is seen now. */
    private StoredProxy locked(String id) {
        StoredProxy stored = get(id);
        try {
            proxies.getEntityManager().refresh(stored);
        } catch (EntityNotFoundException deletedMeanwhile) {
            throw ProblemException.notFound("proxy", id);
        }
        return stored;
    }

    private void rejectConflicts(ProxyDefinition definition) {
        for (StoredProxy other : proxies.allById()) {
            if (other.id.equals(definition.id())) {
                continue;
            }
            ProxyDefinition existing = ProxyRepository.definitionOf(other);
            if (definition.conflictsWith(existing)) {
                String detail = "listenPath '" + definition.listenPath() + "' overlaps '" + existing.listenPath()
                        + "' of proxy '" + other.id + "', and a gateway would serve both";
                throw new ProblemException(ProblemException.conflict(detail).problem()
                        .withErrors(List.of(new FieldError("listenPath",
                                "overlaps '" + existing.listenPath() + "' of proxy '" + other.id + "'")))
                        .with("conflictingProxy", other.id));
            }
        }
    }

    private static void copy(ProxyDefinition definition, StoredProxy stored) {
        stored.name = definition.name();
        stored.listenPath = definition.listenPath();
        stored.gatewayTags = definition.gatewayTags().toArray(String[]::new);
        stored.active = definition.active();
        stored.definition = new String(Json.write(definition), StandardCharsets.UTF_8);
        stored.updatedAt = Instant.now();
    }
}
