package dev.portcullis.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotApplierTest {

    private static final List<ProxyDefinition> PROXIES =
            List.of(TestProxies.definition("mock", "/mock-mcp/", "http://127.0.0.1:7878"));

    @TempDir
    Path dataDir;

    private final TestSnapshots snapshots = new TestSnapshots();
    private final AtomicReference<GatewayRuntime> runtime = new AtomicReference<>();

    @Test
    void rejectsASnapshotBuiltForOtherGatewayTags() {
        SnapshotApplier applier = applier(Set.of("prod"));

        ApplyOutcome outcome = applier.applyBlocking(snapshots.sign(1, List.of("staging"), PROXIES, List.of()),
                true, null);

        assertThat(outcome).isInstanceOfSatisfying(ApplyOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("tags").contains("staging").contains("prod"));
        assertThat(runtime.get()).isNull();
    }

    @Test
    void rejectsAnUntaggedSnapshotOnATaggedGateway() {
        ApplyOutcome outcome = applier(Set.of("prod")).applyBlocking(snapshots.sign(1, PROXIES, List.of()), true,
                null);

        assertThat(outcome).isInstanceOf(ApplyOutcome.Rejected.class);
    }

    @Test
    void ignoresADiskCopyBuiltForOtherTagsAtBoot() {
        applier(Set.of()).applyBlocking(snapshots.sign(1, PROXIES, List.of()), true, null);
        runtime.set(null);

        SnapshotApplier retagged = applier(Set.of("prod"));

        assertThat(retagged.applyStoredCopy()).get().isInstanceOf(ApplyOutcome.Rejected.class);
        assertThat(runtime.get()).isNull();
    }

    @Test
    void ignoresSilentlyAnOlderSnapshotOvertakenByANewerOne() {
        SnapshotApplier applier = applier(Set.of());
        applier.applyBlocking(snapshots.sign(1, PROXIES, List.of()), true, null);
        SignedSnapshot resyncAnswer = snapshots.sign(2, PROXIES, List.of());
        applier.applyBlocking(snapshots.sign(3, PROXIES, List.of()), true, 1L);

        ApplyOutcome outcome = applier.applyBlocking(resyncAnswer, true, 1L);

        assertThat(outcome).isEqualTo(new ApplyOutcome.Superseded(2, 3));
        assertThat(runtime.get().version()).isEqualTo(3);
    }

    @Test
    void rejectsAsStaleASnapshotOlderThanWhatWasAppliedWhenItWasAskedFor() {
        SnapshotApplier applier = applier(Set.of());
        applier.applyBlocking(snapshots.sign(3, PROXIES, List.of()), true, null);

        ApplyOutcome outcome = applier.applyBlocking(snapshots.sign(2, PROXIES, List.of()), true, 3L);

        assertThat(outcome).isInstanceOfSatisfying(ApplyOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).contains("stale"));
    }

    @Test
    void rejectsAProxyWithUpstreamCredentialsTheGatewayCannotProduce() {
        ProxyDefinition secretRef = ProxyDefinition.parse("""
                {"id":"gh","name":"gh","listenPath":"/gh/","upstream":{"url":"https://api.example.com",
                 "authentication":{"headers":{"Authorization":"Bearer ${secret:github_pat}"}}}}""");

        ApplyOutcome outcome = applier(Set.of()).applyBlocking(snapshots.sign(1, List.of(secretRef), List.of()),
                true, null);

        assertThat(outcome).isInstanceOfSatisfying(ApplyOutcome.Rejected.class, rejected -> assertThat(
                rejected.reason()).contains("gh").contains("upstream.authentication.headers.Authorization")
                .contains("secret"));
        assertThat(runtime.get()).isNull();
    }

    @Test
    void forgetsLearnedPrimitiveNamesOfDeletedProxiesAndChangedUpstreamsWhenASnapshotIsApplied() {
        KnownPrimitives known = new KnownPrimitives();
        SnapshotApplier applier = new SnapshotApplier(null, new SnapshotVerifier(snapshots.publicKey()), runtime,
                Set.of(), snapshot -> SecretResolver.LITERAL, new SnapshotFile(dataDir),
                next -> known.retainFor(next.snapshot()));
        ProxyDefinition crm = TestProxies.definition("crm", "/crm/", "http://127.0.0.1:7001");
        ProxyDefinition erp = TestProxies.definition("erp", "/erp/", "http://127.0.0.1:7002");
        ProxyDefinition wiki = TestProxies.definition("wiki", "/wiki/", "http://127.0.0.1:7003");
        applier.applyBlocking(snapshots.sign(1, List.of(crm, erp, wiki), List.of()), true, null);
        known.learn("crm", PrimitiveType.TOOL, "get_users");
        known.learn("erp", PrimitiveType.TOOL, "get_users");
        known.learn("wiki", PrimitiveType.TOOL, "get_users");

        applier.applyBlocking(snapshots.sign(2, List.of(crm,
                TestProxies.definition("erp", "/erp/", "http://127.0.0.1:7999")), List.of()), true, null);

        assertThat(known.knows("crm", PrimitiveType.TOOL, "get_users")).isTrue();
        assertThat(known.knows("erp", PrimitiveType.TOOL, "get_users")).isFalse();
        assertThat(known.knows("wiki", PrimitiveType.TOOL, "get_users")).isFalse();
    }

    @Test
    void storesTheSameVersionAgainWhenItArrivesSignedByTheRotatedKey() throws Exception {
        TestSnapshots rotated = new TestSnapshots();
        SnapshotVerifier both = new SnapshotVerifier(List.of(snapshots.publicKey(), rotated.publicKey()));
        SnapshotApplier applier = new SnapshotApplier(null, both, runtime, Set.of(), SecretResolver.LITERAL,
                new SnapshotFile(dataDir));
        applier.applyBlocking(snapshots.sign(1, PROXIES, List.of()), true, null);

        ApplyOutcome outcome = applier.applyBlocking(rotated.sign(1, PROXIES, List.of()), true, 1L);

        assertThat(outcome).isEqualTo(new ApplyOutcome.AlreadyApplied(1));
        runtime.set(null);
        SnapshotApplier newKeyOnly = new SnapshotApplier(null, new SnapshotVerifier(rotated.publicKey()), runtime,
                Set.of(), SecretResolver.LITERAL, new SnapshotFile(dataDir));
        assertThat(newKeyOnly.applyStoredCopy()).contains(new ApplyOutcome.Applied(1));
    }

    private SnapshotApplier applier(Set<String> tags) {
        return new SnapshotApplier(null, new SnapshotVerifier(snapshots.publicKey()), runtime, tags,
                SecretResolver.LITERAL, new SnapshotFile(dataDir));
    }
}
