package dev.portcullis.controlplane.key;

import dev.portcullis.controlplane.support.ConfigVersionSequence;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.key.KeyTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class KeyApiIT {

    @Inject
    DataSource dataSource;

    @Test
    void createReturnsTheKeyOnceAndStoresOnlyItsHash() throws Exception {
        String proxy = createProxy("/" + unique() + "/");
        String alias = "agent-" + unique();

        Response created = admin().body(Map.of("alias", alias, "proxies", new String[]{proxy})).post("/api/keys");

        created.then().statusCode(201)
                .header("Location", containsString("/api/keys/"))
                .header("ETag", equalTo("\"0\""))
                .body("alias", equalTo(alias))
                .body("proxies", contains(proxy))
                .body("policies.size()", equalTo(0))
                .body("state", equalTo("active"))
                .body("createdAt", notNullValue())
                .body("lastUsedAt", nullValue())
                .body("expiresAt", nullValue());
        String id = created.path("id");
        String key = created.path("key");
        assertThat(key).startsWith("pcs_").hasSize(47);

        String single = admin().get("/api/keys/" + id).then().statusCode(200).header("ETag", equalTo("\"0\""))
                .body("id", equalTo(id)).extract().asString();
        String list = admin().get("/api/keys").then().statusCode(200).body("id", hasItem(id)).extract().asString();
        String stored = storedHash(id);
        assertThat(single + list).doesNotContain(key).doesNotContain(stored).doesNotContain("\"key\"")
                .doesNotContain("hash");
        assertThat(stored).isNotEqualTo(key).isEqualTo(KeyTokens.hash(key));
    }

    @Test
    void listFiltersByAlias() {
        String proxy = createProxy("/" + unique() + "/");
        String tag = unique();
        admin().body(Map.of("alias", "Billing-" + tag, "proxies", new String[]{proxy})).post("/api/keys")
                .then().statusCode(201);
        admin().body(Map.of("alias", "other-" + unique(), "proxies", new String[]{proxy})).post("/api/keys")
                .then().statusCode(201);

        admin().queryParam("alias", "billing-" + tag).get("/api/keys").then().statusCode(200)
                .body("alias", contains("Billing-" + tag));
    }

    @Test
    void revokeKeepsTheKeyAsRevoked() {
        String id = createKey(createProxy("/" + unique() + "/"));

        admin().delete("/api/keys/" + id).then().statusCode(204);

        admin().get("/api/keys/" + id).then().statusCode(200)
                .body("state", equalTo("revoked"))
                .body("revokedAt", notNullValue());
        admin().delete("/api/keys/" + id).then().statusCode(204);
    }

    @Test
    void revokeHonoursIfMatch() {
        String id = createKey(createProxy("/" + unique() + "/"));

        admin().header("If-Match", "\"9\"").delete("/api/keys/" + id).then().statusCode(412);
        admin().get("/api/keys/" + id).then().body("state", equalTo("active"));
    }

    @Test
    void unknownProxyIsRejectedNamingTheField() {
        String proxy = createProxy("/" + unique() + "/");

        admin().body(Map.of("alias", "a", "proxies", new String[]{proxy, "nope-" + unique()})).post("/api/keys")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("proxies[1]"));
    }

    @Test
    void pastExpiryIsRejectedNamingTheField() {
        String proxy = createProxy("/" + unique() + "/");
        String past = Instant.now().minus(1, ChronoUnit.MINUTES).toString();

        admin().body(Map.of("alias", "a", "proxies", new String[]{proxy}, "expiresAt", past)).post("/api/keys")
                .then().statusCode(400).body("errors.field", contains("expiresAt"));
        admin().body(Map.of("alias", "a", "proxies", new String[]{proxy}, "expiresAt", "tomorrow")).post("/api/keys")
                .then().statusCode(400).body("errors.field", contains("expiresAt"));
    }

    @Test
    void futureExpiryIsStored() {
        String proxy = createProxy("/" + unique() + "/");
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        admin().body(Map.of("alias", "a", "proxies", new String[]{proxy}, "expiresAt", later.toString()))
                .post("/api/keys").then().statusCode(201).body("expiresAt", equalTo(later.toString()));
    }

    @Test
    void missingAndUnknownFieldsAreNamed() {
        admin().body(Map.of("proxie", new String[]{"x"})).post("/api/keys")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("alias", "proxies", "proxie"));
    }

    @Test
    void updateChangesAliasProxiesAndExpiryWithIfMatch() {
        String first = createProxy("/" + unique() + "/");
        String second = createProxy("/" + unique() + "/");
        String id = createKey(first);
        Map<String, Object> change = Map.of("alias", "renamed", "proxies", new String[]{second});

        admin().body(change).put("/api/keys/" + id).then().statusCode(428);
        admin().header("If-Match", "\"5\"").body(change).put("/api/keys/" + id).then().statusCode(412);
        admin().header("If-Match", "\"0\"").body(change).put("/api/keys/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("alias", equalTo("renamed"))
                .body("proxies", contains(second))
                .body("key", nullValue());
    }

    @Test
    void bindsAKeyToCertificateFingerprintsOnCreateAndUpdate() {
        String proxy = createProxy("/" + unique() + "/");
        String hex = "0123456789abcdef".repeat(4);
        String other = "fedcba9876543210".repeat(4);
        String colons = String.join(":", hex.toUpperCase().split("(?<=\\G..)"));

        Response created = admin().body(Map.of("alias", "bound", "proxies", new String[]{proxy},
                "certificateFingerprints", new String[]{colons})).post("/api/keys");
        created.then().statusCode(201).body("certificateFingerprints", contains(hex));
        String id = created.path("id");

        admin().header("If-Match", "\"0\"").body(Map.of("alias", "renamed", "proxies", new String[]{proxy}))
                .put("/api/keys/" + id).then().statusCode(200).body("certificateFingerprints", contains(hex));
        admin().header("If-Match", "\"1\"").body(Map.of("alias", "renamed", "proxies", new String[]{proxy},
                "certificateFingerprints", new String[]{other, hex})).put("/api/keys/" + id)
                .then().statusCode(200).body("certificateFingerprints", contains(other, hex));
        admin().get("/api/audit?entityType=key&entityId=" + id).then().statusCode(200)
                .body("entries[0].before.certificateFingerprints", contains(hex))
                .body("entries[0].after.certificateFingerprints", contains(other, hex));
        admin().header("If-Match", "\"2\"").body(Map.of("alias", "renamed", "proxies", new String[]{proxy},
                "certificateFingerprints", new String[0])).put("/api/keys/" + id)
                .then().statusCode(200).body("certificateFingerprints.size()", equalTo(0));
        admin().get("/api/keys/" + id).then().body("certificateFingerprints.size()", equalTo(0));
    }

    @Test
    void badCertificateFingerprintIsRejectedNamingTheField() {
        String proxy = createProxy("/" + unique() + "/");

        admin().body(Map.of("alias", "a", "proxies", new String[]{proxy},
                        "certificateFingerprints", new String[]{"ab".repeat(32), "SHA256:nope"})).post("/api/keys")
                .then().statusCode(400).body("errors.field", contains("certificateFingerprints[1]"));
    }

    @Test
    void revokedKeyCannotBeUpdated() {
        String proxy = createProxy("/" + unique() + "/");
        String id = createKey(proxy);
        admin().delete("/api/keys/" + id).then().statusCode(204);
        String etag = admin().get("/api/keys/" + id).header("ETag");

        admin().header("If-Match", etag).body(Map.of("alias", "x", "proxies", new String[]{proxy}))
                .put("/api/keys/" + id).then().statusCode(409).body("detail", not(containsString("Exception")));
    }

    @Test
    void refusedUpdatesUseNoVersion() throws Exception {
        String proxy = createProxy("/" + unique() + "/");
        String id = createKey(proxy);
        String revoked = createKey(proxy);
        admin().delete("/api/keys/" + revoked).then().statusCode(204);
        long before = ConfigVersionSequence.last(dataSource);

        admin().header("If-Match", "\"5\"").body(Map.of("alias", "x", "proxies", new String[]{proxy}))
                .put("/api/keys/" + id).then().statusCode(412);
        admin().header("If-Match", "\"0\"").body(Map.of("alias", "x", "proxies", new String[]{"nope-" + unique()}))
                .put("/api/keys/" + id).then().statusCode(400);
        admin().header("If-Match", "*").body(Map.of("alias", "x", "proxies", new String[]{proxy}))
                .put("/api/keys/" + revoked).then().statusCode(409);

        assertThat(ConfigVersionSequence.last(dataSource)).isEqualTo(before);
    }

    @Test
    void unknownKeyIs404() {
        admin().get("/api/keys/" + unique()).then().statusCode(404).contentType("application/problem+json");
        admin().delete("/api/keys/" + unique()).then().statusCode(404);
    }

    @Test
    void deletingAProxyRemovesItFromKeys() {
        String kept = createProxy("/" + unique() + "/");
        String deleted = createProxy("/" + unique() + "/");
        String id = admin().body(Map.of("alias", "a", "proxies", new String[]{kept, deleted})).post("/api/keys")
                .then().statusCode(201).extract().path("id");

        admin().delete("/api/mcps/" + deleted).then().statusCode(204);

        admin().get("/api/keys/" + id).then().body("proxies", contains(kept));
    }

    @Test
    void revokeRacingAnUpdateAlwaysRevokes() throws Exception {
        String proxy = createProxy("/" + unique() + "/");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                String id = createKey(proxy);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Integer> update = pool.submit(() -> {
                    together.await();
                    return admin().header("If-Match", "\"0\"").body(Map.of("alias", "renamed", "proxies",
                            new String[]{proxy})).put("/api/keys/" + id).statusCode();
                });
                Future<Integer> revoke = pool.submit(() -> {
                    together.await();
                    return admin().delete("/api/keys/" + id).statusCode();
                });

                assertThat(revoke.get(30, TimeUnit.SECONDS)).as("DELETE status, round %d", round).isEqualTo(204);
                assertThat(update.get(30, TimeUnit.SECONDS)).as("PUT status, round %d", round).isIn(200, 409, 412);
                admin().get("/api/keys/" + id).then().body("state", equalTo("revoked"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String createKey(String proxy) {
        return admin().body(Map.of("alias", "agent-" + unique(), "proxies", new String[]{proxy})).post("/api/keys")
                .then().statusCode(201).extract().path("id");
    }

    private String storedHash(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select token_hash from api_key where id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }
}
