package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SessionKeys;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class SessionKeyApiIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyGatewayReceivesTheSameSessionKeySealedToItsOwnKey() {
        String tag = unique();
        KeyPair first = X25519Keys.generate();
        KeyPair second = X25519Keys.generate();

        ConfigSnapshot forFirst = snapshot(tag, first);
        ConfigSnapshot forSecond = snapshot(tag, second);

        SessionKeys keys = forFirst.sessionKeys();
        assertThat(keys).isNotNull();
        assertThat(keys.keys()).extracting(SessionKeys.SessionKey::id).contains(keys.current());
        assertThat(forSecond.sessionKeys().current()).isEqualTo(keys.current());
        byte[] opened = open(first, forFirst, keys.current());
        assertThat(opened).hasSize(32).isEqualTo(open(second, forSecond, keys.current()));
        assertThat(current(forFirst).openUntil()).isNull();
        assertThat(snapshot(tag, null).sessionKeys()).isNull();
    }

    @Test
    void aRotationMakesANewCurrentKeyKeepsThePreviousOneOpeningAndIsAudited() {
        String tag = unique();
        KeyPair gatewayKey = X25519Keys.generate();
        ConfigSnapshot before = snapshot(tag, gatewayKey);
        String previous = before.sessionKeys().current();

        String rotated = admin().post("/api/gateways/session-keys/rotate").then().statusCode(200)
                .body("[0].current", equalTo(true)).extract().path("[0].id");
        ConfigSnapshot after = snapshot(tag, gatewayKey);

        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.sessionKeys().current()).isEqualTo(rotated).isNotEqualTo(previous);
        Map<String, SessionKeys.SessionKey> byId = after.sessionKeys().keys().stream()
                .collect(Collectors.toMap(SessionKeys.SessionKey::id, Function.identity()));
        assertThat(byId).containsKeys(previous, rotated);
        assertThat(byId.get(previous).openUntil()).isBetween(Instant.now().plus(Duration.ofHours(23)),
                Instant.now().plus(Duration.ofHours(25)));
        assertThat(open(gatewayKey, after, previous)).isEqualTo(open(gatewayKey, before, previous));
        assertThat(open(gatewayKey, after, rotated)).isNotEqualTo(open(gatewayKey, after, previous));
        admin().get("/api/gateways/session-keys").then().statusCode(200)
                .body("find { it.id == '" + previous + "' }.current", equalTo(false));
        admin().queryParam("entityType", "session-key").queryParam("entityId", rotated).get("/api/audit").then()
                .statusCode(200).body("entries[0].action", equalTo("rotate"))
                .body("entries[0].before.current", equalTo(previous))
                .body("entries[0].after.current", equalTo(rotated));
    }

    @Test
    void aRotationThatEndsLiveSessionsLeavesOnlyTheNewKey() {
        String tag = unique();
        KeyPair gatewayKey = X25519Keys.generate();
        snapshot(tag, gatewayKey);

        String rotated = admin().queryParam("keepPrevious", "false").post("/api/gateways/session-keys/rotate")
                .then().statusCode(200).extract().path("[0].id");

        SessionKeys keys = snapshot(tag, gatewayKey).sessionKeys();
        assertThat(keys.keys()).extracting(SessionKeys.SessionKey::id).containsExactly(rotated);
    }

    @Test
    void theDatabaseHoldsSessionKeysOnlyEncrypted() throws Exception {
        KeyPair gatewayKey = X25519Keys.generate();
        ConfigSnapshot snapshot = snapshot(unique(), gatewayKey);
        String current = snapshot.sessionKeys().current();
        String plain = Base64.getUrlEncoder().withoutPadding().encodeToString(open(gatewayKey, snapshot, current));

        try (Connection connection = dataSource.getConnection();
             Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("select k::text, ciphertext from session_key k where id = "
                     + Integer.parseInt(current))) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).doesNotContain(plain);
            assertThat(new String(row.getBytes(2), StandardCharsets.ISO_8859_1)).doesNotContain(plain);
        }
        String listed = admin().get("/api/gateways/session-keys").then().statusCode(200).extract().asString();
        assertThat(listed).contains("\"id\":\"" + current + "\"").doesNotContain(plain);
    }

    private static SessionKeys.SessionKey current(ConfigSnapshot snapshot) {
        return snapshot.sessionKeys().keys().stream()
                .filter(key -> key.id().equals(snapshot.sessionKeys().current())).findFirst().orElseThrow();
    }

    private static byte[] open(KeyPair gatewayKey, ConfigSnapshot snapshot, String id) {
        SessionKeys.SessionKey key = snapshot.sessionKeys().keys().stream().filter(k -> k.id().equals(id))
                .findFirst().orElseThrow();
        return Base64.getUrlDecoder().decode(new SecretOpener(gatewayKey.getPrivate())
                .open(SessionKeys.sealedName(id), key.key()));
    }

    private static ConfigSnapshot snapshot(String tag, KeyPair gatewayKey) {
        String query = "tags=" + tag + (gatewayKey == null ? ""
                : "&encryptionKey=" + X25519Keys.encodePublic(gatewayKey.getPublic()));
        Response response = gateway().get("/feed/v1/snapshot?" + query);
        response.then().statusCode(200);
        SignedSnapshot signed = new SignedSnapshot(response.path("payload"), response.path("signature"),
                response.path("keyId"));
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")))
                .verify(signed);
    }
}
