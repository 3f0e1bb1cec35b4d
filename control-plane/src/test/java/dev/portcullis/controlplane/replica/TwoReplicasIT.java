package dev.portcullis.controlplane.replica;

import dev.portcullis.controlplane.support.ManagementInterface;
import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.Dashboard;
import dev.portcullis.controlplane.support.SseClient;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.X25519Keys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one database (see {@link TwoReplicasResource}): a change through either reaches the gateways of
 * both within a second, and credentials, secrets, gateway reports and dashboard sessions mean the same on both.
 */
@QuarkusTest
@WithTestResource(TwoReplicasResource.class)
class TwoReplicasIT {

    /** The product's promise for a change reaching every connected gateway. */
    private static final Duration PUSH = Duration.ofSeconds(1);
    /**
     * A listener whose connection was cut waits up to 10 s (its longest backoff) before it listens again; another
     * test cuts them again and again.
     */
    private static final Duration RECONNECTED = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    private final URL metrics = ManagementInterface.metrics();

    private String replicaB;
    private SnapshotVerifier verifier;

    @BeforeEach
    void replicaBIsUp() {
        replicaB = ConfigProvider.getConfig().getValue(TwoReplicasResource.B_URL, String.class);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> onB().get("/q/health/ready").statusCode() == 200);
        verifier = new SnapshotVerifier(
                Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")));
    }

    @Test
    void bothReplicasSignWithTheSameConfiguredKey() {
        assertThat(adminOnB().get("/api/signing-key").then().statusCode(200).extract().<String>path("keyId"))
                .isEqualTo(admin().get("/api/signing-key").path("keyId"));
    }

    @Test
    void eachReplicaSaysItListensForTheOthersChanges() {
        await().atMost(RECONNECTED).untilAsserted(() -> {
            assertThat(RestAssured.get(metrics).asString()).contains("portcullis_config_listener_connected 1.0");
            assertThat(RestAssured.get(ConfigProvider.getConfig().getValue(TwoReplicasResource.B_MANAGEMENT_URL,
                    String.class) + "/q/metrics").asString()).contains("portcullis_config_listener_connected 1.0");
        });
    }

    @Test
    void aKeyRevokedThroughBLeavesTheFeedOfAGatewayOnAWithinASecond() throws Exception {
        String tag = unique();
        String proxy = Api.createProxy("/" + unique() + "/", tag);
        String key = admin().body(Map.of("alias", "agent-" + unique(), "proxies", new String[]{proxy}))
                .post("/api/keys").then().statusCode(201).extract().path("id");
        try (SseClient gatewayOnA = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> holdsKey(gatewayOnA, key));

            adminOnB().delete("/api/keys/" + key).then().statusCode(204);

            await().atMost(PUSH).pollInterval(Duration.ofMillis(20)).until(() -> !holdsKey(gatewayOnA, key));
        }
    }

    @Test
    void aProxyCreatedThroughEitherReplicaReachesAGatewayOnTheOtherWithinASecond() throws Exception {
        String tag = unique();
        try (SseClient gatewayOnA = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier);
             SseClient gatewayOnB = new SseClient(replicaB, "gatewayId=gw-" + unique() + "&tags=" + tag, verifier)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gatewayOnA.latest() != null && gatewayOnB.latest() != null);

            String throughA = unique();
            admin().body(Api.proxyJson(throughA, "through A", "/" + throughA + "/", tag)).post("/api/mcps")
                    .then().statusCode(201);
            await().atMost(PUSH).pollInterval(Duration.ofMillis(20)).until(() -> servesProxy(gatewayOnB, throughA));

            String throughB = unique();
            adminOnB().body(Api.proxyJson(throughB, "through B", "/" + throughB + "/", tag)).post("/api/mcps")
                    .then().statusCode(201);
            await().atMost(PUSH).pollInterval(Duration.ofMillis(20)).until(() -> servesProxy(gatewayOnA, throughB));
        }
    }

    @Test
    void aReplicaWhoseListenerConnectionWasCutCatchesUpWithTheChangesItMissed() throws Exception {
        String tag = unique();
        try (SseClient gatewayOnB = new SseClient(replicaB, "gatewayId=gw-" + unique() + "&tags=" + tag, verifier)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> gatewayOnB.latest() != null);

            // Cut the listeners' connections again and again, so the change commits while B does not listen.
            AtomicInteger cut = new AtomicInteger();
            ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor();
            String proxy = unique();
            try {
                cutter.scheduleWithFixedDelay(() -> cut.addAndGet(terminateChangeListeners()), 0, 10,
                        TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> cut.get() >= 2);
                admin().body(Api.proxyJson(proxy, "while B was not listening", "/" + proxy + "/", tag))
                        .post("/api/mcps").then().statusCode(201);
            } finally {
                cutter.shutdownNow();
            }

            await().atMost(RECONNECTED).pollInterval(Duration.ofMillis(20))
                    .until(() -> servesProxy(gatewayOnB, proxy));
        }
    }

    @Test
    void anApiTokenMintedOnAWorksOnBUntilItIsRevoked() {
        Response created = admin().body(Map.of("name", "ci " + unique(), "role", "editor")).post("/api/tokens");
        created.then().statusCode(201);
        String token = created.path("token");

        onB().header("Authorization", "Bearer " + token).get("/api/mcps").then().statusCode(200);

        admin().delete("/api/tokens/" + created.path("id")).then().statusCode(204);
        onB().header("Authorization", "Bearer " + token).get("/api/mcps").then().statusCode(401);
    }

    @Test
    void aSecretWrittenThroughAIsUsableThroughB() {
        String name = "pat-" + unique();
        String value = "ghp_" + unique();
        admin().body(Map.of("value", value)).put("/api/secrets/" + name).then().statusCode(201);
        String tag = unique();
        String proxy = unique();
        adminOnB().body("{\"id\":\"" + proxy + "\",\"name\":\"" + proxy + "\",\"listenPath\":\"/" + proxy + "/\","
                        + "\"gatewayTags\":[\"" + tag + "\"],\"upstream\":{\"url\":\"http://127.0.0.1:7878\","
                        + "\"authentication\":{\"headers\":{\"Authorization\":\"Bearer ${secret:" + name + "}\"}}}}")
                .post("/api/mcps").then().statusCode(201);
        KeyPair gatewayKey = X25519Keys.generate();

        Response response = onB().header("Authorization", "Bearer " + Api.gatewayToken())
                .get("/feed/v1/snapshot?tags=" + tag + "&encryptionKey="
                        + X25519Keys.encodePublic(gatewayKey.getPublic()));
        response.then().statusCode(200);
        ConfigSnapshot snapshot = verifier.verify(new SignedSnapshot(response.path("payload"),
                response.path("signature"), response.path("keyId")));

        assertThat(new SecretOpener(gatewayKey.getPrivate()).open(name, snapshot.secrets().get(name))).isEqualTo(value);
    }

    @Test
    void gatewaysLookTheSameFromEitherReplica() throws Exception {
        String onA = "gw-a-" + unique();
        String onB = "gw-b-" + unique();
        Predicate<Map<String, Object>> ours = gateway -> onA.equals(gateway.get("id")) || onB.equals(gateway.get("id"));
        try (SseClient gatewayOnA = new SseClient("gatewayId=" + onA, verifier);
             SseClient gatewayOnB = new SseClient(replicaB, "gatewayId=" + onB, verifier)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gatewayOnA.latest() != null && gatewayOnB.latest() != null);
            long version = gatewayOnA.latest().version();
            onB().header("Authorization", "Bearer " + Api.gatewayToken()).contentType(ContentType.JSON)
                    .body(Map.of("gatewayId", onA, "appliedVersion", version, "receivedVersion", version + 1,
                            "accepted", false, "reason", "unknown key id"))
                    .post("/feed/v1/reports").then().statusCode(204);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<Map<String, Object>> fromA = gateways(admin(), ours);
                assertThat(fromA).hasSize(2)
                        .allSatisfy(gateway -> assertThat(gateway).containsEntry("connected", true));
                assertThat(fromA.get(0)).containsEntry("appliedVersion", (int) version);
                assertThat(fromA.get(0)).extracting("lastRejection").asString().contains("unknown key id");
                assertThat(gateways(adminOnB(), ours)).isEqualTo(fromA);
            });

            gatewayOnB.close();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<Map<String, Object>> fromA = gateways(admin(), ours);
                assertThat(fromA).extracting(gateway -> gateway.get("connected")).containsExactly(true, false);
                assertThat(gateways(adminOnB(), ours)).isEqualTo(fromA);
            });
        }
    }

    @Test
    void aDashboardSessionAndTheSignInThrottleHoldOnBothReplicas() {
        Dashboard.User user = Dashboard.createUser("editor");
        Dashboard.Session session = Dashboard.signIn(user);

        onB().redirects().follow(false).cookie("portcullis_session", session.cookie()).get("/ui/mcps")
                .then().statusCode(200);
        onB().cookie("portcullis_session", session.cookie()).header("X-CSRF-Token", session.csrfToken())
                .contentType(ContentType.JSON).body(Map.of("name", "from B")).post("/api/tokens")
                .then().statusCode(201);

        Dashboard.User guessed = Dashboard.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            assertThat(Dashboard.postSignIn(guessed.username(), "wrong-" + i).statusCode()).isNotEqualTo(303);
        }
        assertThat(signInOnB(guessed.username(), guessed.password()).statusCode()).isEqualTo(429);
    }

    private int terminateChangeListeners() {
        try (Connection connection = dataSource.getConnection();
             // "offset 0" keeps the filter apart from the call: nothing but the listeners may be terminated.
             ResultSet terminated = connection.createStatement().executeQuery("select count(*) filter (where"
                     + " pg_terminate_backend(pid)) from (select pid from pg_stat_activity where application_name ="
                     + " 'portcullis-change-listener' and datname = current_database() offset 0) listeners")) {
            terminated.next();
            return terminated.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response signInOnB(String username, String password) {
        Response page = onB().redirects().follow(false).get("/ui/sign-in");
        String field = page.asString().replaceAll("(?s).*name=\"_signin\" value=\"([^\"]*)\".*", "$1");
        return onB().redirects().follow(false).contentType(ContentType.URLENC)
                .cookie("portcullis_signin", page.getCookie("portcullis_signin")).formParam("_signin", field)
                .formParam("username", username).formParam("password", password).post("/ui/sign-in");
    }

    /** The gateways {@code ours} selects, sorted by id, without {@code lastSeen} (it moves on every ping). */
    private static List<Map<String, Object>> gateways(RequestSpecification replica,
                                                      Predicate<Map<String, Object>> ours) {
        List<Map<String, Object>> all = JsonPath.from(replica.get("/api/gateways").then().statusCode(200)
                .extract().asString()).getList("$");
        return all.stream().filter(ours).peek(gateway -> gateway.remove("lastSeen")).toList();
    }

    private static boolean holdsKey(SseClient gateway, String keyId) {
        ConfigSnapshot latest = gateway.latest();
        return latest != null && latest.keys().stream().map(KeyEntry::id).anyMatch(keyId::equals);
    }

    private static boolean servesProxy(SseClient gateway, String proxyId) {
        ConfigSnapshot latest = gateway.latest();
        return latest != null && latest.proxies().stream().map(ProxyDefinition::id).anyMatch(proxyId::equals);
    }

    private RequestSpecification onB() {
        URI uri = URI.create(replicaB);
        return RestAssured.given().baseUri(uri.getScheme() + "://" + uri.getHost()).port(uri.getPort());
    }

    private RequestSpecification adminOnB() {
        return onB().header("Authorization", "Bearer " + Api.adminToken()).contentType(ContentType.JSON);
    }
}
