package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.key.KeyRequest;
import dev.portcullis.controlplane.key.KeyService;
import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.SseClient;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotRejectedException;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class FeedIT {

    @Inject
    DataSource dataSource;
    @Inject
    SnapshotBuilder builder;
    @Inject
    SigningKeys signingKeys;
    @Inject
    ConfigVersions versions;
    @Inject
    KeyService keys;

    @Test
    void feedNeedsTheGatewayToken() {
        unauthorized(RestAssured.given().get("/feed/v1/snapshot"));
        unauthorized(RestAssured.given().header("Authorization", "Bearer " + Api.adminToken()).get("/feed/v1/snapshot"));
        unauthorized(RestAssured.given().header("Authorization", "Bearer pcg_wrong").get("/feed/v1/stream?gatewayId=g"));
        unauthorized(RestAssured.given().contentType("application/json").body("{}").post("/feed/v1/reports"));
    }

    @Test
    void snapshotIsSignedAndVerifiesWithThePublishedKey() {
        createProxy("/" + unique() + "/");

        ConfigSnapshot snapshot = verifier().verify(fetch(""));

        assertThat(snapshot.schemaVersion()).isEqualTo(ConfigSnapshot.SCHEMA_VERSION);
        assertThat(snapshot.version()).isPositive();
        assertThat(snapshot.validate()).isEmpty();
    }

    @Test
    void aTamperedSnapshotDoesNotVerify() {
        SignedSnapshot signed = fetch("");
        SignedSnapshot forged = new SignedSnapshot(java.util.Base64.getEncoder().encodeToString(
                "{\"schemaVersion\":1}".getBytes()), signed.signature(), signed.keyId());

        assertThatThrownBy(() -> verifier().verify(forged)).isInstanceOf(SnapshotRejectedException.class);
    }

    @Test
    void snapshotHoldsOnlyTheProxiesAndKeysForTheGatewaysTags() {
        String tag = unique();
        String tagged = createProxy("/" + unique() + "/", tag);
        String otherTag = createProxy("/" + unique() + "/", unique());
        String untagged = createProxy("/" + unique() + "/");
        String key = createKey(tagged);
        String untaggedKey = createKey(untagged);

        ConfigSnapshot forTag = verifier().verify(fetch("tags=" + tag));
        ConfigSnapshot forUntagged = verifier().verify(fetch(""));

        assertThat(forTag.gatewayTags()).containsExactly(tag);
        assertThat(forTag.proxies()).extracting(ProxyDefinition::id).containsExactly(tagged);
        assertThat(forTag.keys()).extracting(KeyEntry::id).containsExactly(key);
        assertThat(forUntagged.proxies()).extracting(ProxyDefinition::id).contains(untagged)
                .doesNotContain(tagged, otherTag);
        assertThat(forUntagged.keys()).extracting(KeyEntry::id).contains(untaggedKey).doesNotContain(key);
    }

    @Test
    void snapshotCarriesKeyHashesAndLeavesOutRevokedKeysAndInactiveProxies() {
        String tag = unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        Response created = admin().body(Map.of("alias", "a", "proxies", new String[]{proxy})).post("/api/keys");
        String revoked = createKey(proxy);
        admin().delete("/api/keys/" + revoked).then().statusCode(204);
        String inactive = unique();
        admin().body("{\"id\":\"" + inactive + "\",\"name\":\"off\",\"active\":false,\"listenPath\":\"/" + inactive
                + "/\",\"gatewayTags\":[\"" + tag + "\"],\"upstream\":{\"url\":\"http://127.0.0.1:1\"}}")
                .post("/api/mcps").then().statusCode(201);

        ConfigSnapshot snapshot = verifier().verify(fetch("tags=" + tag));

        assertThat(snapshot.proxies()).extracting(ProxyDefinition::id).containsExactly(proxy);
        assertThat(snapshot.keys()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(created.path("id"));
            assertThat(entry.hash()).isEqualTo(KeyTokens.hash(created.path("key")));
        });
    }

    @Test
    void snapshotCarriesTheCertificateFingerprintsOfABoundKey() {
        String tag = unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        String fingerprint = "ab".repeat(32);
        admin().body(Map.of("alias", "bound", "proxies", new String[]{proxy},
                "certificateFingerprints", new String[]{fingerprint.toUpperCase()})).post("/api/keys")
                .then().statusCode(201);
        createKey(proxy);

        ConfigSnapshot snapshot = verifier().verify(fetch("tags=" + tag));

        assertThat(snapshot.keys()).extracting(entry -> entry.certificateFingerprints())
                .containsExactlyInAnyOrder(List.of(fingerprint), List.of());
    }

    @Test
    void everyChangeRaisesTheVersion() {
        long before = verifier().verify(fetch("")).version();

        createProxy("/" + unique() + "/");

        assertThat(verifier().verify(fetch("")).version()).isGreaterThan(before);
    }

    @Test
    void streamDeliversTheSnapshotAtOnceAndANewOneWithinASecondOfARevocation() throws Exception {
        String tag = unique();
        String gatewayId = "gw-" + unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        String key = createKey(proxy);

        try (SseClient stream = new SseClient("gatewayId=" + gatewayId + "&tags=" + tag, verifier())) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null);
            assertThat(stream.latest().keys()).extracting(KeyEntry::id).containsExactly(key);
            admin().get("/api/gateways").then().body("find { it.id == '" + gatewayId + "' }.connected", equalTo(true));

            admin().delete("/api/keys/" + key).then().statusCode(204);

            await().atMost(Duration.ofSeconds(1)).until(() -> stream.latest().keys().isEmpty());
            await().atMost(Duration.ofSeconds(3)).until(() -> stream.lines.contains(": ping"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> admin().get("/api/gateways").then()
                .body("find { it.id == '" + gatewayId + "' }.connected", equalTo(false)));
    }

    @Test
    void streamOnlyMovesForward() throws Exception {
        String tag = unique();
        try (SseClient stream = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier())) {
            createProxy("/" + unique() + "/", tag);
            createProxy("/" + unique() + "/", tag);

            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null
                    && stream.latest().proxies().size() == 2);
            assertThat(stream.snapshots).extracting(ConfigSnapshot::version).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aChangeCommittedWhileTheFirstSnapshotIsOnItsWayStillReachesTheStream() throws Exception {
        String tag = unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        AtomicBoolean changed = new AtomicBoolean();
        CountDownLatch broadcast = new CountDownLatch(1);
        // The first snapshot is built, then a key is created and its broadcast finishes before the stream starts.
        QuarkusMock.installMockForType(new Snapshots(builder, signingKeys, versions) {
            @Override
            public Published forGateway(Set<String> tags, GatewayEncryptionKey encryptionKey) {
                Published published = super.forGateway(tags, encryptionKey);
                if (!tags.contains(tag)) {
                    return published;
                }
                if (changed.compareAndSet(false, true)) {
                    keys.create(new KeyRequest("late-" + unique(), List.of(proxy), List.of(), null));
                    awaitQuietly(broadcast);
                } else {
                    broadcast.countDown();
                }
                return published;
            }
        }, Snapshots.class);

        try (SseClient stream = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null
                    && !stream.latest().keys().isEmpty());
            assertThat(stream.snapshots).extracting(ConfigSnapshot::version).isSorted().doesNotHaveDuplicates();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBroadcastThatFailsIsRetriedUntilTheStreamHasTheChange() throws Exception {
        String tag = unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        try (SseClient stream = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null);
            String key;
            // An unreadable stored policy makes every snapshot build fail, like a database outage would (an
            // unreadable proxy is only left out: InvalidStoredProxyIT).
            String policy = unique();
            admin().body(Map.of("id", policy, "name", "Broken " + policy)).post("/api/policies").then()
                    .statusCode(201);
            String definition = sql("select definition::text from policy where id = ?", policy);
            sql("update policy set definition = '{\"broken\":true}'::jsonb where id = ? returning id", policy);
            try {
                key = createKey(proxy);
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                        .until(() -> stream.latest().keys().isEmpty());
            } finally {
                sql("update policy set definition = cast(? as jsonb) where id = ? returning id", definition, policy);
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> !stream.latest().keys().isEmpty());
            assertThat(stream.latest().keys()).extracting(KeyEntry::id).containsExactly(key);
        }
    }

    @Test
    void aStreamWhoseReaderFallsBehindIsClosedSoTheGatewayReconnects() throws Exception {
        String tag = unique();
        String gatewayId = "gw-" + unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(URI.create(RestAssured.baseURI).getHost(), RestAssured.port));
            stalled.getOutputStream().write(("GET /feed/v1/stream?gatewayId=" + gatewayId + "&tags=" + tag
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Api.gatewayToken()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> connected(gatewayId));

            // Snapshots grow with every key (~0.4 KB each with the longest alias): a few hundred changes queue
            // megabytes nobody reads.
            for (int i = 0; i < 400 && connected(gatewayId); i++) {
                admin().body(Map.of("alias", "k".repeat(117) + unique(), "proxies", new String[]{proxy}))
                        .post("/api/keys").then().statusCode(201);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> !connected(gatewayId));
        }
    }

    private static boolean connected(String gatewayId) {
        return Boolean.TRUE.equals(admin().get("/api/gateways").then().statusCode(200).extract()
                .path("find { it.id == '" + gatewayId + "' }.connected"));
    }

    @Test
    void lastSeenOfAConnectedGatewayKeepsMoving() throws Exception {
        String gatewayId = "gw-" + unique();
        try (SseClient stream = new SseClient("gatewayId=" + gatewayId, verifier())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null);
            Instant connectedAt = lastSeen(gatewayId);

            await().atMost(Duration.ofSeconds(5)).until(() -> lastSeen(gatewayId).isAfter(connectedAt));
        }
    }

    @Test
    void aLateReportDoesNotMoveAppliedVersionBackwards() {
        String gatewayId = "gw-" + unique();

        report(Map.of("gatewayId", gatewayId, "appliedVersion", 9, "receivedVersion", 9, "accepted", true));
        report(Map.of("gatewayId", gatewayId, "appliedVersion", 7, "receivedVersion", 7, "accepted", true));

        admin().get("/api/gateways").then()
                .body("find { it.id == '" + gatewayId + "' }.appliedVersion", equalTo(9));
    }

    @Test
    void streamWithoutAGatewayIdIs400() {
        gateway().get("/feed/v1/stream").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("gatewayId"));
        gateway().get("/feed/v1/snapshot?tags=bad tag").then().statusCode(400).body("errors.field", hasItem("tags[0]"));
    }

    @Test
    void reportsShowUpInTheGatewayList() {
        String gatewayId = "gw-" + unique();

        report(Map.of("gatewayId", gatewayId, "tags", new String[]{"eu"}, "appliedVersion", 7, "receivedVersion", 7,
                "accepted", true));
        admin().get("/api/gateways").then().statusCode(200)
                .body("find { it.id == '" + gatewayId + "' }.appliedVersion", equalTo(7))
                .body("find { it.id == '" + gatewayId + "' }.tags", equalTo(java.util.List.of("eu")))
                .body("find { it.id == '" + gatewayId + "' }.lastRejection", equalTo(null));

        report(Map.of("gatewayId", gatewayId, "tags", "eu", "appliedVersion", 7, "receivedVersion", 9,
                "accepted", false, "reason", "bad signature"));
        admin().get("/api/gateways").then()
                .body("find { it.id == '" + gatewayId + "' }.appliedVersion", equalTo(7))
                .body("find { it.id == '" + gatewayId + "' }.lastRejection.version", equalTo(9))
                .body("find { it.id == '" + gatewayId + "' }.lastRejection.reason", equalTo("bad signature"))
                .body("find { it.id == '" + gatewayId + "' }.lastSeen", org.hamcrest.Matchers.notNullValue())
                .body("find { it.id == '" + gatewayId + "' }.connected", equalTo(false));
    }

    @Test
    void invalidReportNamesTheFields() {
        gateway().contentType("application/json").body(Map.of("appliedVersion", "x")).post("/feed/v1/reports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("gatewayId", "accepted", "appliedVersion"));
    }

    @Test
    void signingKeyIsPublishedAndItsPrivateHalfIsOwnerOnly() throws Exception {
        Response key = admin().get("/api/signing-key");
        key.then().statusCode(200);
        assertThat(Ed25519Keys.keyId(Ed25519Keys.publicFromBase64(key.path("publicKey")))).isEqualTo(key.path("keyId"));
        assertThat(Ed25519Keys.publicToBase64(Ed25519Keys.publicFromPem(key.path("pem")))).isEqualTo(key.path("publicKey"));

        Path dir = Path.of(ConfigProvider.getConfig().getValue("portcullis.data-dir", String.class), "signing");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ed25519-private.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ed25519-public.pem"))).isEqualTo(key.path("pem"));
    }

    private static Instant lastSeen(String gatewayId) {
        return Instant.parse(admin().get("/api/gateways").then().statusCode(200).extract()
                .path("find { it.id == '" + gatewayId + "' }.lastSeen"));
    }

    private String sql(String statement, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static void report(Map<String, Object> body) {
        gateway().contentType("application/json").body(body).post("/feed/v1/reports").then().statusCode(204);
    }

    private static SignedSnapshot fetch(String query) {
        Response response = gateway().get("/feed/v1/snapshot" + (query.isEmpty() ? "" : "?" + query));
        response.then().statusCode(200).contentType("application/json");
        return new SignedSnapshot(response.path("payload"), response.path("signature"), response.path("keyId"));
    }

    private static SnapshotVerifier verifier() {
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")));
    }

    private static String createKey(String proxy) {
        return admin().body(Map.of("alias", "agent-" + unique(), "proxies", new String[]{proxy})).post("/api/keys")
                .then().statusCode(201).extract().path("id");
    }

    private static void unauthorized(Response response) {
        response.then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"portcullis\""));
    }
}
