package dev.portcullis.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.SecretSealer;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSecretResolverTest {

    private final KeyPair gateway = X25519Keys.generate();
    private final ProxyDefinition proxy = ProxyDefinition.parse("""
            {"id":"p","name":"p","listenPath":"/p/","upstream":{"url":"http://127.0.0.1:1","authentication":{
              "headers":{"X-Upstream-Key":"Bearer ${secret:pat}"},
              "oauthClientCredentials":{"tokenUrl":"http://127.0.0.1:2/t","clientId":"c",
                                        "clientSecret":"${secret:cs}"}}}}
            """);

    @Test
    void compilesAProxyWithItsSecretsResolved() {
        GatewayRuntime runtime = build(Map.of("pat", seal(gateway, "pat", "ghp_1"), "cs", seal(gateway, "cs", "s3")));

        CompiledProxy compiled = runtime.listenPaths().match("/p/mcp").orElseThrow().proxy();
        assertThat(compiled.upstreamHeaders()).containsEntry("X-Upstream-Key", "Bearer ghp_1");
        assertThat(compiled.upstreamOAuth().clientSecret()).isEqualTo("s3");
        assertThat(compiled.toString()).doesNotContain("ghp_1").doesNotContain("s3");
    }

    @Test
    void refusesASnapshotWhoseSecretWasSealedToAnotherGateway() {
        KeyPair other = X25519Keys.generate();

        assertThatThrownBy(() -> build(Map.of("pat", seal(other, "pat", "ghp_1"), "cs", seal(gateway, "cs", "s3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upstream.authentication.headers.X-Upstream-Key")
                .hasMessageContaining("'pat'")
                .hasMessageNotContaining("ghp_1");
    }

    @Test
    void refusesASnapshotWithoutAReferencedSecret() {
        assertThatThrownBy(() -> build(Map.of("pat", seal(gateway, "pat", "ghp_1"))))
                .hasMessageContaining("oauthClientCredentials.clientSecret")
                .hasMessageContaining("secret 'cs' is not in the snapshot");
    }

    @Test
    void keepsItsKeyAcrossRestarts(@TempDir Path dataDir) throws Exception {
        KeyPair first = GatewaySecretKey.loadOrCreate(dataDir);
        KeyPair again = GatewaySecretKey.loadOrCreate(dataDir);

        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(new SecretOpener(again.getPrivate()).open("n", seal(first, "n", "v"))).isEqualTo("v");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(GatewaySecretKey.FILE_NAME)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private GatewayRuntime build(Map<String, SealedSecret> secrets) {
        ConfigSnapshot snapshot = new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, 1, Instant.now(), List.of(),
                List.of(proxy), List.of(), List.of(), secrets);
        return GatewayRuntime.build(snapshot, Set.of(), new SnapshotSecretResolver(snapshot,
                new SecretOpener(gateway.getPrivate())));
    }

    private static SealedSecret seal(KeyPair to, String name, String value) {
        return new SecretSealer(to.getPublic()).seal(name, value);
    }
}
