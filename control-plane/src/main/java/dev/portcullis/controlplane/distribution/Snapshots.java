package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * Signed snapshots per gateway tag set and encryption key, cached for the configuration version they were built
 * at, so N gateways with the same tags (and no key) cost one build and one signature per change. Secrets are sealed
 * per gateway key (ADR 0002), so gateways with keys cost one build each. Blocking: call on a worker thread.
 */
@ApplicationScoped
public class Snapshots {

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    /** A signed snapshot and the version inside it, so callers need not decode the payload to compare versions. */
    public record Published(long version, SignedSnapshot signed) {
    }

    private final SnapshotBuilder builder;
    private final SigningKeys signingKeys;
    private final ConfigVersions versions;
    /** Far more tag sets (and gateway encryption keys) than a real deployment has gateway groups or gateways. */
    private static final int CACHED_GATEWAY_VIEWS = 1024;

    private record CacheKey(Set<String> tags, String encryptionKey) {
    }

    private final SnapshotCache<CacheKey> latest = new SnapshotCache<>(CACHED_GATEWAY_VIEWS);

    Snapshots(SnapshotBuilder builder, SigningKeys signingKeys, ConfigVersions versions) {
        this.builder = builder;
        this.signingKeys = signingKeys;
        this.versions = versions;
    }

    public Published forTags(Set<String> gatewayTags) {
        return forGateway(gatewayTags, null);
    }

    /** @param encryptionKey the gateway's key for sealed secrets, or null */
    public Published forGateway(Set<String> gatewayTags, GatewayEncryptionKey encryptionKey) {
        Set<String> tags = Set.copyOf(gatewayTags);
        CacheKey key = new CacheKey(tags, encryptionKey == null ? null : encryptionKey.encoded());
        Published cached = latest.get(key);
        if (cached != null && cached.version() == versions.committed()) {
            return cached;
        }
        ConfigSnapshot snapshot = builder.build(tags, encryptionKey);
        List<FieldError> problems = snapshot.validate();
        if (!problems.isEmpty()) {
            // Possible when a gateway carries the tags of two proxies that share a path. Gateways refuse it and
            // report the rejection, which /api/gateways shows; the operator fixes the tags.
            LOG.warnf("snapshot %d for gateway tags %s is invalid, gateways will refuse it: %s",
                    snapshot.version(), tags, problems);
        }
        Published fresh = new Published(snapshot.version(), signingKeys.signer().sign(snapshot));
        return latest.offer(key, fresh);
    }
}
