package dev.portcullis.gateway.sync;

import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotRejectedException;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Verifies a signed snapshot, refuses stale versions, compiles the new {@link GatewayRuntime} and publishes it with
 * one atomic swap, then keeps a copy on disk. A rejected snapshot leaves the runtime in force untouched.
 *
 * <p>All work runs on a worker thread ({@link #apply}) and applications are serialised, so a stream push and a
 * periodic resync racing each other cannot publish versions out of order. A snapshot built for other gateway tags
 * than this gateway's is rejected (a tag change, or a snapshot replayed from another gateway group), the disk copy
 * at boot included.
 */
public final class SnapshotApplier {

    private static final Logger LOG = Logger.getLogger(SnapshotApplier.class);

    private final Vertx vertx;
    private final SnapshotVerifier verifier;
    private final AtomicReference<GatewayRuntime> runtime;
    private final Set<String> gatewayTags;
    private final Function<ConfigSnapshot, SecretResolver> secrets;
    private final SnapshotFile file;
    private final Consumer<GatewayRuntime> applied;
    private final InstalledPlugins plugins;
    /** Key id of the copy on disk, once one was written or booted from; guarded by {@code this}. */
    private String storedKeyId;

    public SnapshotApplier(Vertx vertx, SnapshotVerifier verifier, AtomicReference<GatewayRuntime> runtime,
                           Set<String> gatewayTags, SecretResolver secrets, SnapshotFile file) {
        this(vertx, verifier, runtime, gatewayTags, (Function<ConfigSnapshot, SecretResolver>) snapshot -> secrets,
                file);
    }

    /** @param secrets the resolver for the secrets sealed into a given snapshot (ADR 0002) */
    public SnapshotApplier(Vertx vertx, SnapshotVerifier verifier, AtomicReference<GatewayRuntime> runtime,
                           Set<String> gatewayTags, Function<ConfigSnapshot, SecretResolver> secrets,
                           SnapshotFile file) {
        this(vertx, verifier, runtime, gatewayTags, secrets, file, next -> { });
    }

    /**
     * @param applied told of each runtime right after it is published, on the applying (worker) thread, before the
     *                next snapshot is applied; for state kept across snapshots that a snapshot can make stale
     */
    public SnapshotApplier(Vertx vertx, SnapshotVerifier verifier, AtomicReference<GatewayRuntime> runtime,
                           Set<String> gatewayTags, Function<ConfigSnapshot, SecretResolver> secrets,
                           SnapshotFile file, Consumer<GatewayRuntime> applied) {
        this(vertx, verifier, runtime, gatewayTags, secrets, file, applied, InstalledPlugins.NONE);
    }

    /**
     * @param plugins the operator plugins this gateway has: a snapshot naming another, or a config its plugin
     *                refuses, is rejected
     */
    public SnapshotApplier(Vertx vertx, SnapshotVerifier verifier, AtomicReference<GatewayRuntime> runtime,
                           Set<String> gatewayTags, Function<ConfigSnapshot, SecretResolver> secrets,
                           SnapshotFile file, Consumer<GatewayRuntime> applied, InstalledPlugins plugins) {
        this.applied = applied;
        this.plugins = plugins;
        this.vertx = vertx;
        this.verifier = verifier;
        this.runtime = runtime;
        this.gatewayTags = Set.copyOf(gatewayTags);
        this.secrets = secrets;
        this.file = file;
    }

    /**
     * Parses and applies a signed snapshot received from the feed, off the event loop.
     *
     * @param knownBefore the version applied when the snapshot was requested or received (null: none); an older
     *                    snapshot is only a NACK-worthy stale one when it is older than this too
     */
    public Future<ApplyOutcome> apply(byte[] signedJson, Long knownBefore) {
        return vertx.executeBlocking(() -> {
            SignedSnapshot signed;
            try {
                signed = Json.mapper().readValue(signedJson, SignedSnapshot.class);
            } catch (IOException | RuntimeException e) {
                return rejected(null, "snapshot message is not a signed snapshot");
            }
            return applyBlocking(signed, true, knownBefore);
        }, false);
    }

    /**
     * Boots from the disk copy when there is one and it still verifies. Blocking. A refusal's reason starts with
     * {@code stored snapshot}, so the control plane's report tells it from a refused feed snapshot.
     */
    public Optional<ApplyOutcome> applyStoredCopy() {
        Optional<SignedSnapshot> stored;
        try {
            stored = file.read();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("stored snapshot %s is unreadable (%s); waiting for the control plane", file.path(),
                    e.getClass().getSimpleName());
            return Optional.of(new ApplyOutcome.Rejected(null, "stored snapshot is unreadable"));
        }
        return stored.map(signed -> applyBlocking(signed, false, null)).map(outcome ->
                outcome instanceof ApplyOutcome.Rejected rejected
                        ? new ApplyOutcome.Rejected(rejected.version(), "stored snapshot refused at boot: "
                        + rejected.reason())
                        : outcome);
    }

    /** The version being served, or null before the first snapshot. */
    public Long appliedVersion() {
        GatewayRuntime current = runtime.get();
        return current == null ? null : current.version();
    }

    synchronized ApplyOutcome applyBlocking(SignedSnapshot signed, boolean persist, Long knownBefore) {
        ConfigSnapshot snapshot;
        try {
            snapshot = verifier.verify(signed);
        } catch (SnapshotRejectedException e) {
            return rejected(null, e.reason());
        }
        if (!Set.copyOf(snapshot.gatewayTags()).equals(gatewayTags)) {
            return rejected(snapshot.version(), "snapshot is for gateway tags " + new TreeSet<>(snapshot.gatewayTags())
                    + " but this gateway has tags " + new TreeSet<>(gatewayTags));
        }
        GatewayRuntime current = runtime.get();
        if (current != null && snapshot.version() == current.version()) {
            if (persist && !signed.keyId().equals(storedKeyId)) {
                // The same version re-signed with a rotated key: store it, so the disk copy still verifies at the
                // next boot once the old key is no longer trusted.
                store(signed, snapshot.version());
            }
            return new ApplyOutcome.AlreadyApplied(snapshot.version());
        }
        if (current != null && snapshot.version() < current.version()) {
            if (knownBefore == null || snapshot.version() >= knownBefore) {
                LOG.debugf("ignored snapshot version %d: version %d was applied meanwhile", snapshot.version(),
                        current.version());
                return new ApplyOutcome.Superseded(snapshot.version(), current.version());
            }
            return rejected(snapshot.version(), "stale snapshot: version " + snapshot.version()
                    + " is older than the applied version " + current.version());
        }
        GatewayRuntime next;
        try {
            next = GatewayRuntime.build(snapshot, gatewayTags, secrets.apply(snapshot), plugins);
        } catch (RuntimeException e) {
            return rejected(snapshot.version(), "snapshot cannot be served: " + e.getMessage());
        }
        runtime.set(next);
        applied.accept(next);
        LOG.infof("applied config snapshot version %d (%d proxies, %d keys)", next.version(),
                next.listenPaths().size(), next.keys().size());
        if (!next.sessionKeys().canSeal() && snapshot.proxies().stream().anyMatch(proxy ->
                proxy.authentication() != null && proxy.authentication().enabled())) {
            LOG.warnf("config snapshot version %d carries no session keys: MCP sessions are not bound to their"
                    + " consumer until the control plane sends them", next.version());
        }
        if (persist) {
            store(signed, next.version());
        } else {
            storedKeyId = signed.keyId();
        }
        return new ApplyOutcome.Applied(next.version());
    }

    private void store(SignedSnapshot signed, long version) {
        try {
            file.write(signed);
            storedKeyId = signed.keyId();
        } catch (IOException e) {
            LOG.warnf("could not store snapshot version %d in %s: %s", version, file.path(),
                    e.getClass().getSimpleName());
        }
    }

    private static ApplyOutcome rejected(Long version, String reason) {
        LOG.warnf("rejected config snapshot%s: %s", version == null ? "" : " version " + version, reason);
        return new ApplyOutcome.Rejected(version, reason);
    }
}
