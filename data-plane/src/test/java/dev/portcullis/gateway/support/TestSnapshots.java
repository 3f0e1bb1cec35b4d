package dev.portcullis.gateway.support;

import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotSigner;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/** Signs snapshots with a key pair made for one test run, as the control plane would. */
public final class TestSnapshots {

    private final KeyPair keys;
    private final SnapshotSigner signer;

    public TestSnapshots() {
        this(Ed25519Keys.generate());
    }

    public TestSnapshots(KeyPair keys) {
        this.keys = keys;
        this.signer = new SnapshotSigner(keys.getPrivate());
    }

    /** Signs with a key given as PEM, e.g. handed over from another class loader. */
    public static TestSnapshots fromPrivatePem(String pem) {
        var privateKey = Ed25519Keys.privateFromPem(pem);
        return new TestSnapshots(new KeyPair(Ed25519Keys.publicFromPrivate(privateKey), privateKey));
    }

    public String privatePem() {
        return Ed25519Keys.toPem(keys.getPrivate());
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public SignedSnapshot sign(long version, List<ProxyDefinition> proxies, List<KeyEntry> keyEntries) {
        return sign(version, List.of(), proxies, keyEntries);
    }

    /** A snapshot built for gateways carrying {@code gatewayTags}. */
    public SignedSnapshot sign(long version, List<String> gatewayTags, List<ProxyDefinition> proxies,
                               List<KeyEntry> keyEntries) {
        return signer.sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, Instant.now(), gatewayTags,
                proxies, keyEntries, List.of()));
    }

    /** Same, with policies. */
    public SignedSnapshot signWithPolicies(long version, List<ProxyDefinition> proxies, List<KeyEntry> keyEntries,
                                           List<dev.portcullis.model.policy.Policy> policies) {
        return signer.sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, Instant.now(), List.of(),
                proxies, keyEntries, policies));
    }

    /** Same, with policies and the session keys gateways bind sessions with. */
    public SignedSnapshot signWithSessionKeys(long version, List<ProxyDefinition> proxies, List<KeyEntry> keyEntries,
                                              List<dev.portcullis.model.policy.Policy> policies,
                                              dev.portcullis.model.snapshot.SessionKeys sessionKeys) {
        return signer.sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, Instant.now(), List.of(),
                proxies, keyEntries, policies, java.util.Map.of(), sessionKeys));
    }

    /** A snapshot whose proxies pin their primitives as {@code pins} says. */
    public SignedSnapshot signWithPins(long version, List<ProxyDefinition> proxies, List<KeyEntry> keyEntries,
                                       List<dev.portcullis.model.pin.ProxyPins> pins) {
        return signer.sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, Instant.now(), List.of(),
                proxies, keyEntries, List.of(), java.util.Map.of(), null, pins));
    }

    /** A key entry for {@code token}, granting {@code proxies}; {@code expiresAt} null for no expiry. */
    public static KeyEntry key(String id, String token, Instant expiresAt, String... proxies) {
        return new KeyEntry(id, id + "-alias", KeyTokens.hash(token), expiresAt, List.of(proxies), List.of());
    }

    public static String newToken() {
        return KeyTokens.generate();
    }
}
