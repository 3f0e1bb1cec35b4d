package dev.portcullis.model.snapshot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSnapshotTest {

    private final ObjectNode snapshot = Json.mapper().valueToTree(Snapshots.sample(5));

    private List<String> errors() {
        return Fixtures.errors(ConfigSnapshot::parse, snapshot);
    }

    private ObjectNode secondProxy(String id, String listenPath) {
        ObjectNode copy = ((ObjectNode) snapshot.get("proxies").get(0)).deepCopy();
        copy.put("id", id).put("listenPath", listenPath);
        ((ArrayNode) snapshot.get("proxies")).add(copy);
        return copy;
    }

    @Test
    void parsesAValidSnapshot() {
        assertThat(errors()).isEmpty();
        assertThat(ConfigSnapshot.parse(Json.write(snapshot))).isEqualTo(Snapshots.sample(5));
    }

    @Test
    void readsKeysWithoutCertificateFingerprintsAsUnboundAndKeepsBoundOnes() {
        assertThat(snapshot.at("/keys/0").has("certificateFingerprints")).isFalse();
        assertThat(ConfigSnapshot.parse(Json.write(snapshot)).keys().get(0).boundToCertificate()).isFalse();

        ((ObjectNode) snapshot.at("/keys/0")).putArray("certificateFingerprints").add("ab".repeat(32));

        assertThat(errors()).isEmpty();
        assertThat(ConfigSnapshot.parse(Json.write(snapshot)).keys().get(0).certificateFingerprints())
                .containsExactly("ab".repeat(32));
    }

    @Test
    void rejectsAKeyFingerprintThatIsNotCanonical() {
        ((ObjectNode) snapshot.at("/keys/0")).putArray("certificateFingerprints").add("AB:CD");

        assertThat(errors()).containsExactly(
                "keys[0].certificateFingerprints[0]: must be 64 lowercase hex characters (SHA-256 of the certificate)");
    }

    @Test
    void rejectsAnUnsupportedSchemaVersion() {
        snapshot.put("schemaVersion", 2);

        assertThat(errors()).containsExactly("schemaVersion: unsupported version 2 (supported: 1)");
    }

    @Test
    void rejectsProxiesWithOverlappingListenPaths() {
        secondProxy("nested", "/mock-mcp/v2/");
        secondProxy("apart", "/other/");

        assertThat(errors()).containsExactly("proxies[1].listenPath: overlaps '/mock-mcp/' of proxy 'mock-mcp'");
    }

    @Test
    void rejectsDuplicateIdsAndDanglingKeyReferences() {
        secondProxy("mock-mcp", "/copy/");
        ((ArrayNode) snapshot.at("/keys/0/policies")).add("silver");

        assertThat(errors()).containsExactlyInAnyOrder(
                "proxies[1].id: duplicate proxy id 'mock-mcp'",
                "keys[0].policies[1]: unknown policy 'silver'");
    }

    @Test
    void reportsErrorsInsideDefinitionsWithTheirFullPath() {
        ((ObjectNode) snapshot.at("/proxies/0/tools/get_users")).putObject("rateLimit").put("rate", 1);
        ((ObjectNode) snapshot.at("/keys/0")).put("hash", "not-a-hash");
        ((ObjectNode) snapshot.at("/policies/0/accessRights/mock-mcp/mcpAccessRights/tools")).putArray("allowed")
                .add("get_(");
        snapshot.put("issuedAt", "yesterday");

        assertThat(errors()).containsExactlyInAnyOrder(
                "issuedAt: must be an ISO-8601 instant",
                "proxies[0].tools.get_users.rateLimit.per: must be greater than 0",
                "keys[0].hash: must be 64 lowercase hex characters",
                "policies[0].accessRights.mock-mcp.mcpAccessRights.tools.allowed[0]: "
                        + "invalid regular expression: Unclosed group near index 5");
    }

    @Test
    void leavesSessionKeysOutOfTheJsonWhenThereAreNone() {
        assertThat(snapshot.has("sessionKeys")).isFalse();
        assertThat(ConfigSnapshot.parse(Json.write(snapshot)).sessionKeys()).isNull();
    }

    @Test
    void readsSessionKeysAndTheirDeadlines() {
        ObjectNode keys = snapshot.putObject("sessionKeys").put("current", "2");
        keys.putArray("keys").add(sessionKey("2", null)).add(sessionKey("1", "2026-12-07T04:00:00Z"));

        assertThat(errors()).isEmpty();
        SessionKeys parsed = ConfigSnapshot.parse(Json.write(snapshot)).sessionKeys();
        assertThat(parsed.current()).isEqualTo("2");
        assertThat(parsed.keys()).extracting(SessionKeys.SessionKey::openUntil)
                .containsExactly(null, java.time.Instant.parse("2026-12-07T04:00:00Z"));
    }

    @Test
    void rejectsSessionKeysWithoutTheirCurrentKeyOrWithBadIds() {
        ObjectNode keys = snapshot.putObject("sessionKeys").put("current", "3");
        keys.putArray("keys").add(sessionKey("1", null)).add(sessionKey("1", null)).add(sessionKey("Bad.Id", null))
                .add(((ObjectNode) sessionKey("4", null)).putNull("key"));

        assertThat(errors()).containsExactlyInAnyOrder(
                "sessionKeys.keys[1].id: duplicate session key id '1'",
                "sessionKeys.keys[2].id: must match [0-9a-z]{1,16}",
                "sessionKeys.keys[3].key: must have epk, nonce and ciphertext",
                "sessionKeys.current: must be the id of one of the keys");
    }

    private static ObjectNode sessionKey(String id, String openUntil) {
        ObjectNode key = Json.mapper().createObjectNode().put("id", id);
        key.putObject("key").put("epk", "e").put("nonce", "n").put("ciphertext", "c");
        if (openUntil != null) {
            key.put("openUntil", openUntil);
        }
        return key;
    }
}
