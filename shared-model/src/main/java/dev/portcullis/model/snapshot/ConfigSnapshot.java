package dev.portcullis.model.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.json.StrictJsonReader;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.pin.ProxyPins;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ListenPaths;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.secret.SecretReferences;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.Violations;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one gateway (identified by its tags) needs, as of one configuration version. Built by the control
 * plane, signed, verified and applied whole by the gateway.
 *
 * <p>Validation covers every proxy, key and policy, plus: {@code schemaVersion} is {@value #SCHEMA_VERSION};
 * {@code version} is not negative; {@code issuedAt} is present; ids are unique per kind; no two proxies have
 * overlapping listen paths (the snapshot is for one gateway, which serves them all); keys reference policies and
 * proxies that are in the snapshot.
 *
 * @param version    the control plane's configuration version; gateways only move forward
 * @param gatewayTags the tags of the gateway this snapshot was built for
 * @param secrets    the secrets the proxies reference, each sealed to the requesting gateway's X25519 key
 *                   (ADR 0002); empty, and then absent from the JSON, for a gateway that sent no key
 * @param sessionKeys the keys MCP session ids are sealed with, sealed to the gateway's X25519 key like the
 *                   secrets; null, and then absent from the JSON, for a gateway that sent no key
 * @param pins       the pinning of the proxies whose mode is not {@code off} (approved definitions by hash);
 *                   absent from the JSON when empty
 */
public record ConfigSnapshot(int schemaVersion, long version, Instant issuedAt, List<String> gatewayTags,
                             List<ProxyDefinition> proxies, List<KeyEntry> keys, List<Policy> policies,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, SealedSecret> secrets,
                             @JsonInclude(JsonInclude.Include.NON_NULL) SessionKeys sessionKeys,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProxyPins> pins) {

    public static final int SCHEMA_VERSION = 1;
    private static final StrictJsonReader<ConfigSnapshot> READER = new StrictJsonReader<>(ConfigSnapshot.class);

    public ConfigSnapshot {
        gatewayTags = Immutable.list(gatewayTags);
        proxies = Immutable.list(proxies);
        keys = Immutable.list(keys);
        policies = Immutable.list(policies);
        secrets = Immutable.map(secrets);
        pins = Immutable.list(pins);
    }

    /** A snapshot without pins. */
    public ConfigSnapshot(int schemaVersion, long version, Instant issuedAt, List<String> gatewayTags,
                          List<ProxyDefinition> proxies, List<KeyEntry> keys, List<Policy> policies,
                          Map<String, SealedSecret> secrets, SessionKeys sessionKeys) {
        this(schemaVersion, version, issuedAt, gatewayTags, proxies, keys, policies, secrets, sessionKeys, List.of());
    }

    /** A snapshot without session keys. */
    public ConfigSnapshot(int schemaVersion, long version, Instant issuedAt, List<String> gatewayTags,
                          List<ProxyDefinition> proxies, List<KeyEntry> keys, List<Policy> policies,
                          Map<String, SealedSecret> secrets) {
        this(schemaVersion, version, issuedAt, gatewayTags, proxies, keys, policies, secrets, null);
    }

    /** A snapshot without secrets. */
    public ConfigSnapshot(int schemaVersion, long version, Instant issuedAt, List<String> gatewayTags,
                          List<ProxyDefinition> proxies, List<KeyEntry> keys, List<Policy> policies) {
        this(schemaVersion, version, issuedAt, gatewayTags, proxies, keys, policies, Map.of(), null);
    }

    /** Binds and validates; throws {@link ValidationException} listing every problem. */
    public static ConfigSnapshot parse(byte[] json) {
        return READER.read(json, ConfigSnapshot::validate);
    }

    public List<FieldError> validate() {
        Violations root = Violations.root();
        if (schemaVersion != SCHEMA_VERSION) {
            root.add("schemaVersion", "unsupported version " + schemaVersion + " (supported: " + SCHEMA_VERSION + ")");
            return root.list(); // the rest of the document may mean something else in another schema
        }
        FieldRules.atLeast(root.at("version"), version, 0);
        FieldRules.required(root.at("issuedAt"), issuedAt);
        FieldRules.tags(root.at("gatewayTags"), gatewayTags);
        validateProxies(root.at("proxies"));
        validateMembers(root.at("proxies"));
        Set<String> policyIds = validatePolicies(root.at("policies"));
        Set<String> proxyIds = ids(proxies.stream().map(p -> p == null ? null : p.id()).toList());
        validateKeys(root.at("keys"), policyIds, proxyIds);
        validateSecrets(root.at("secrets"));
        if (sessionKeys != null) {
            sessionKeys.validate(root.at("sessionKeys"));
        }
        validatePins(root.at("pins"), proxyIds);
        return root.list();
    }

    private void validateProxies(Violations at) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < proxies.size(); i++) {
            ProxyDefinition proxy = proxies.get(i);
            Violations entry = at.index(i);
            if (proxy == null) {
                entry.add("must not be null");
                continue;
            }
            proxy.validate(entry);
            if (proxy.id() != null && !seen.add(proxy.id())) {
                entry.add("id", "duplicate proxy id '" + proxy.id() + "'");
            }
            for (int j = 0; j < i; j++) {
                ProxyDefinition earlier = proxies.get(j);
                if (earlier != null && ListenPaths.isValid(proxy.listenPath())
                        && ListenPaths.isValid(earlier.listenPath())
                        && ListenPaths.overlap(proxy.listenPath(), earlier.listenPath())) {
                    entry.add("listenPath", "overlaps '" + earlier.listenPath() + "' of proxy '" + earlier.id() + "'");
                }
            }
        }
    }

    /** A virtual server's members are proxies of this snapshot with an upstream (no virtual server in another). */
    private void validateMembers(Violations at) {
        Map<String, ProxyDefinition> byId = new HashMap<>();
        proxies.forEach(proxy -> {
            if (proxy != null && proxy.id() != null) {
                byId.putIfAbsent(proxy.id(), proxy);
            }
        });
        for (int i = 0; i < proxies.size(); i++) {
            ProxyDefinition proxy = proxies.get(i);
            if (proxy == null) {
                continue;
            }
            for (int m = 0; m < proxy.members().size(); m++) {
                VirtualMember member = proxy.members().get(m);
                if (member == null || member.proxy() == null || member.proxy().equals(proxy.id())) {
                    continue;
                }
                ProxyDefinition target = byId.get(member.proxy());
                Violations entry = at.index(i).at("members").index(m).at("proxy");
                if (target == null) {
                    entry.add("unknown proxy '" + member.proxy() + "'");
                } else if (target.isVirtual()) {
                    entry.add("'" + member.proxy() + "' is a virtual server; members must be proxies of an upstream");
                }
            }
        }
    }

    private Set<String> validatePolicies(Violations at) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            Policy policy = policies.get(i);
            Violations entry = at.index(i);
            if (policy == null) {
                entry.add("must not be null");
                continue;
            }
            policy.validate(entry);
            if (policy.id() == null) {
                entry.add("id", "is required");
            } else if (!seen.add(policy.id())) {
                entry.add("id", "duplicate policy id '" + policy.id() + "'");
            }
        }
        return seen;
    }

    private void validateKeys(Violations at, Set<String> policyIds, Set<String> proxyIds) {
        Set<String> seenIds = new HashSet<>();
        Set<String> seenHashes = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            KeyEntry key = keys.get(i);
            Violations entry = at.index(i);
            if (key == null) {
                entry.add("must not be null");
                continue;
            }
            key.validate(entry);
            if (key.id() != null && !seenIds.add(key.id())) {
                entry.add("id", "duplicate key id '" + key.id() + "'");
            }
            if (key.hash() != null && !seenHashes.add(key.hash())) {
                entry.add("hash", "duplicate key hash");
            }
            for (int p = 0; p < key.policies().size(); p++) {
                if (!policyIds.contains(key.policies().get(p))) {
                    entry.at("policies").index(p).add("unknown policy '" + key.policies().get(p) + "'");
                }
            }
            for (int p = 0; p < key.proxies().size(); p++) {
                if (!proxyIds.contains(key.proxies().get(p))) {
                    entry.at("proxies").index(p).add("unknown proxy '" + key.proxies().get(p) + "'");
                }
            }
        }
    }

    private void validatePins(Violations at, Set<String> proxyIds) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pins.size(); i++) {
            ProxyPins entry = pins.get(i);
            if (entry == null) {
                at.index(i).add("must not be null");
                continue;
            }
            entry.validate(at.index(i));
            if (entry.proxyId() != null && !proxyIds.contains(entry.proxyId())) {
                at.index(i).add("proxyId", "unknown proxy '" + entry.proxyId() + "'");
            } else if (entry.proxyId() != null && !seen.add(entry.proxyId())) {
                at.index(i).add("proxyId", "duplicate pins for proxy '" + entry.proxyId() + "'");
            }
        }
    }

    private void validateSecrets(Violations at) {
        secrets.forEach((name, sealed) -> {
            if (!SecretReferences.isValidName(name)) {
                at.add("invalid secret name '" + name + "'");
            } else if (sealed == null || sealed.epk() == null || sealed.nonce() == null
                    || sealed.ciphertext() == null) {
                at.at(name).add("must have epk, nonce and ciphertext");
            }
        });
    }

    private static Set<String> ids(List<String> ids) {
        Set<String> set = new HashSet<>();
        for (String id : ids) {
            if (id != null) {
                set.add(id);
            }
        }
        return set;
    }
}
