package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class SecretApiIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createsReplacesAndNeverReturnsTheValue() {
        String name = "pat-" + unique();
        String value = "ghp_" + unique() + unique();

        admin().body(Map.of("value", value)).put("/api/secrets/" + name).then().statusCode(201);
        admin().body(Map.of("value", value + "2")).put("/api/secrets/" + name).then().statusCode(204);

        String one = admin().get("/api/secrets/" + name).then().statusCode(200)
                .body("name", equalTo(name)).extract().asString();
        String all = admin().get("/api/secrets").then().statusCode(200)
                .body("name", hasItem(name)).extract().asString();
        assertThat(one).contains("createdAt", "updatedAt").doesNotContain(value);
        assertThat(all).doesNotContain(value);
    }

    @Test
    void theDatabaseHoldsOnlyCiphertext() throws Exception {
        String name = "db-" + unique();
        String value = "plain-" + unique() + unique();
        admin().body(Map.of("value", value)).put("/api/secrets/" + name).then().statusCode(201);

        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select s::text, nonce, ciphertext from secret s where name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).doesNotContain(value);
                assertThat(new String(row.getBytes(3), StandardCharsets.ISO_8859_1)).doesNotContain(value);
                assertThat(row.getBytes(2)).hasSize(12);
            }
        }
    }

    @Test
    void refusesBadNamesAndBodiesWithoutEchoingThem() {
        admin().body(Map.of("value", "x")).put("/api/secrets/bad%20name").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        admin().body(Map.of("value", "")).put("/api/secrets/" + unique()).then().statusCode(400)
                .body("errors[0].field", equalTo("value"));
        String body = admin().body("{\"value\": ghp_notjson}").put("/api/secrets/" + unique()).then()
                .statusCode(400).extract().asString();
        assertThat(body).doesNotContain("ghp_notjson");
        admin().get("/api/secrets/" + unique()).then().statusCode(404);
    }

    @Test
    void aProxyReferencingAnUnknownSecretIsRefusedNamingTheField() {
        String missing = "missing-" + unique();

        admin().body(proxyWithSecret(unique(), missing)).post("/api/mcps").then().statusCode(400)
                .body("errors[0].field", equalTo("upstream.authentication.headers.Authorization"))
                .body("errors[0].message", equalTo("unknown secret '" + missing + "'"));
    }

    @Test
    void aReferencedSecretCannotBeDeletedUntilTheProxyStopsUsingIt() {
        String name = "used-" + unique();
        admin().body(Map.of("value", "v")).put("/api/secrets/" + name).then().statusCode(201);
        String proxy = unique();
        admin().body(proxyWithSecret(proxy, name)).post("/api/mcps").then().statusCode(201);

        admin().get("/api/secrets/" + name).then().body("referencedBy", contains(proxy));
        admin().delete("/api/secrets/" + name).then().statusCode(409).body("referencedBy", contains(proxy));

        admin().delete("/api/mcps/" + proxy).then().statusCode(204);
        admin().delete("/api/secrets/" + name).then().statusCode(204);
        admin().get("/api/secrets").then().body("name", not(hasItem(name)));
    }

    @Test
    void aSecretChangeBumpsTheConfigurationVersion() {
        long before = snapshot(null).version();

        admin().body(Map.of("value", "v")).put("/api/secrets/" + unique()).then().statusCode(201);

        assertThat(snapshot(null).version()).isGreaterThan(before);
    }

    @Test
    void onlyAGatewayWithAnEncryptionKeyReceivesTheSecretsItsProxiesReference() {
        String tag = unique();
        String name = "sealed-" + unique();
        String unused = "unused-" + unique();
        String value = "ghp_" + unique();
        admin().body(Map.of("value", value)).put("/api/secrets/" + name).then().statusCode(201);
        admin().body(Map.of("value", "other")).put("/api/secrets/" + unused).then().statusCode(201);
        admin().body(proxyWithSecret(unique(), name, tag)).post("/api/mcps").then().statusCode(201);
        KeyPair gatewayKey = X25519Keys.generate();

        ConfigSnapshot withKey = snapshot("tags=" + tag + "&encryptionKey="
                + X25519Keys.encodePublic(gatewayKey.getPublic()));
        ConfigSnapshot withoutKey = snapshot("tags=" + tag);

        assertThat(withKey.secrets()).containsOnlyKeys(name);
        assertThat(new SecretOpener(gatewayKey.getPrivate()).open(name, withKey.secrets().get(name)))
                .isEqualTo(value);
        assertThat(withoutKey.secrets()).isEmpty();
        gateway().get("/feed/v1/snapshot?tags=" + tag + "&encryptionKey=nope").then().statusCode(400)
                .body("errors[0].field", equalTo("encryptionKey"));
    }

    private static ConfigSnapshot snapshot(String query) {
        Response response = gateway().get("/feed/v1/snapshot" + (query == null ? "" : "?" + query));
        response.then().statusCode(200);
        SignedSnapshot signed = new SignedSnapshot(response.path("payload"), response.path("signature"),
                response.path("keyId"));
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")))
                .verify(signed);
    }

    private static String proxyWithSecret(String id, String secret, String... tags) {
        String tagList = tags.length == 0 ? "" : "\"" + String.join("\",\"", tags) + "\"";
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\",\"gatewayTags\":["
                + tagList + "],\"upstream\":{\"url\":\"http://127.0.0.1:7878\",\"authentication\":{\"headers\":"
                + "{\"Authorization\":\"Bearer ${secret:" + secret + "}\"}}}}";
    }
}
