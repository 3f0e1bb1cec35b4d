package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.key.ApiKey;
import dev.portcullis.controlplane.key.ApiKeyRepository;
import dev.portcullis.controlplane.pinning.PinService;
import dev.portcullis.controlplane.policy.PolicyRepository;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import dev.portcullis.controlplane.secret.SessionKeyService;
import dev.portcullis.controlplane.secret.SnapshotSecrets;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.policy.AccessRight;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles the configuration one gateway needs: the active proxies its tags select, the usable keys that reach at
 * least one of them (directly through the key's {@code proxies}, or through the access rights of one of its
 * policies), the policies those keys reference, and every policy granting a served proxy (token consumers name
 * theirs in claims). Each key's {@code proxies} is the set it reaches, narrowed to the
 * served proxies, and each policy's access rights are narrowed the same way: a snapshot only references what it
 * contains, and a gateway learns nothing about proxies it does not serve. Revoked and expired keys are left out;
 * unexpired ones carry {@code expiresAt} so gateways refuse them the moment they expire, without waiting for a new
 * snapshot. Secrets the proxies reference are sealed to the gateway's encryption key, read in the same transaction
 * so they match the version (ADR 0002), and so are the session keys gateways seal MCP session ids with. Blocking:
 * call on a worker thread. Proxies that pin their primitives carry their approved hashes (tool pinning). A stored
 * proxy that fails validation is left out ({@link InvalidProxies}), so the rest of the snapshot stays usable. A
 * virtual server is served like a proxy, with the members the gateway serves ({@link ServedVirtualServers}): an
 * inactive (or left out) member is left out of it. Keys and policies grant a virtual server by its own id, like a
 * proxy.
 */
@ApplicationScoped
public class SnapshotBuilder {

    private final ConfigVersions versions;
    private final ProxyRepository proxies;
    private final ApiKeyRepository keys;
    private final PolicyRepository policies;
    private final SnapshotSecrets secrets;
    private final SessionKeyService sessionKeys;
    private final PinService pins;
    private final InvalidProxies invalid;

    SnapshotBuilder(ConfigVersions versions, ProxyRepository proxies, ApiKeyRepository keys,
                    PolicyRepository policies, SnapshotSecrets secrets, SessionKeyService sessionKeys,
                    PinService pins, InvalidProxies invalid) {
        this.pins = pins;
        this.invalid = invalid;
        this.sessionKeys = sessionKeys;
        this.versions = versions;
        this.proxies = proxies;
        this.keys = keys;
        this.policies = policies;
        this.secrets = secrets;
    }

    /** @param encryptionKey the gateway's key for sealed secrets, or null: then the snapshot carries none */
    @Transactional
    public ConfigSnapshot build(Set<String> gatewayTags, GatewayEncryptionKey encryptionKey) {
        long version = versions.lockCurrent();
        Instant now = Instant.now();
        List<ProxyDefinition> served = ServedVirtualServers.fit(invalid.servable(proxies.activeById()).stream()
                .filter(proxy -> proxy.servedBy(gatewayTags))
                .toList());
        Set<String> servedIds = served.stream().map(ProxyDefinition::id).collect(Collectors.toSet());
        Map<String, Policy> policiesById = policies.allById().stream()
                .map(PolicyRepository::definitionOf)
                .collect(Collectors.toMap(Policy::id, Function.identity()));
        List<KeyEntry> entries = keys.usable(now).stream()
                .map(key -> entry(key, servedIds, policiesById))
                .filter(entry -> !entry.proxies().isEmpty())
                .toList();
        // The policies keys hold, and every policy granting a served proxy: token consumers (JWT, introspection)
        // name theirs in a claim or in jwt.defaultPolicies, which the control plane cannot enumerate per token.
        Set<String> referenced = new TreeSet<>();
        entries.forEach(entry -> referenced.addAll(entry.policies()));
        policiesById.values().stream()
                .filter(policy -> policy.accessRights().keySet().stream().anyMatch(servedIds::contains))
                .forEach(policy -> referenced.add(policy.id()));
        List<Policy> included = referenced.stream()
                .map(policiesById::get)
                .map(policy -> narrowed(policy, servedIds))
                .toList();
        return new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, now, List.copyOf(gatewayTags.stream()
                .sorted().toList()), served, entries, included, secrets.sealFor(served, encryptionKey),
                sessionKeys.sealFor(encryptionKey, now), pins.forSnapshot(served.stream()
                .filter(proxy -> !proxy.isVirtual()).map(ProxyDefinition::id).toList()));
    }

    /** The key with the served proxies it reaches: its own first, then those its policies grant, in order. */
    private static KeyEntry entry(ApiKey key, Set<String> servedIds, Map<String, Policy> policiesById) {
        Set<String> reached = new LinkedHashSet<>(List.of(key.proxies));
        for (String policyId : key.policies) {
            Policy policy = policiesById.get(policyId);
            if (policy != null) {
                reached.addAll(policy.accessRights().keySet());
            }
        }
        reached.retainAll(servedIds);
        List<String> keyPolicies = List.of(key.policies).stream().filter(policiesById::containsKey).toList();
        return new KeyEntry(key.id, key.alias, key.tokenHash, key.expiresAt, List.copyOf(reached), keyPolicies,
                List.of(key.certificateFingerprints));
    }

    private static Policy narrowed(Policy policy, Set<String> servedIds) {
        Map<String, AccessRight> rights = new LinkedHashMap<>(policy.accessRights());
        rights.keySet().retainAll(servedIds);
        return new Policy(policy.id(), policy.name(), policy.rate(), policy.per(), policy.quota(), rights);
    }
}
