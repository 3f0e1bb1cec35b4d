package dev.portcullis.controlplane.history;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ConfigVersionSequence;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
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
class ConfigVersionApiIT {

    @Inject
    DataSource dataSource;

    @Test
    void everyKindOfChangeAddsAVersionWithItsSummaryAndActor() {
        long before = current();
        String proxy = unique();
        admin().body(Api.proxyJson(proxy, "P " + proxy, "/h-" + proxy + "/")).post("/api/mcps").then().statusCode(201);
        Dashboard.User editorUser = Dashboard.createUser("editor");
        String editor = Dashboard.createToken(Dashboard.signIn(editorUser), null);
        String editorName = editorUser.username();
        Dashboard.bearer(editor).header("If-Match", "\"0\"")
                .body(Api.proxyJson(proxy, "Renamed " + proxy, "/h-" + proxy + "/")).put("/api/mcps/" + proxy)
                .then().statusCode(200);
        String policy = admin().body("{\"name\":\"p-" + unique() + "\",\"accessRights\":{\"" + proxy + "\":{}}}")
                .post("/api/policies").then().statusCode(201).extract().path("id");
        Response createdKey = admin().body(Map.of("alias", "k-" + unique(), "proxies", List.of(proxy)))
                .post("/api/keys");
        String key = createdKey.then().statusCode(201).extract().path("id");
        String token = createdKey.path("key");
        admin().delete("/api/keys/" + key).then().statusCode(204);
        admin().delete("/api/keys/" + key).then().statusCode(204);
        String secret = "s-" + unique();
        admin().body(Map.of("value", "v-" + unique())).put("/api/secrets/" + secret).then().statusCode(201);
        admin().delete("/api/secrets/" + secret).then().statusCode(204);
        admin().delete("/api/policies/" + policy).then().statusCode(204);
        admin().delete("/api/mcps/" + proxy).then().statusCode(204);

        List<Map<String, Object>> entries = since(before);
        assertThat(entries).extracting(e -> e.get("change")).containsExactly("delete proxy " + proxy,
                "delete policy " + policy, "delete secret " + secret, "create secret " + secret,
                "revoke key " + key + " (already revoked)", "revoke key " + key, "create key " + key, "create policy " + policy, "update proxy " + proxy,
                "create proxy " + proxy);
        assertThat(entries).extracting(e -> e.get("actor")).containsExactly("admin", "admin", "admin", "admin",
                "admin", "admin", "admin", "admin", editorName, "admin");
        assertThat(entries).extracting(e -> e.get("current")).containsExactly(true, false, false, false, false,
                false, false, false, false, false);
        assertThat(((Number) entries.get(0).get("version")).longValue()).isEqualTo(current());
        assertThat(admin().get("/api/config/versions?size=200").asString()).doesNotContain(token);

        Response keyVersion = admin().get("/api/config/versions/" + entries.get(6).get("version"));
        keyVersion.then().statusCode(200).body("change", equalTo("create key " + key))
                .body("proxies.id", hasItem(proxy)).body("policies.id", hasItem(policy))
                .body("proxies.find { it.id == '" + proxy + "' }.name", equalTo("Renamed " + proxy))
                .header("ETag", equalTo("\"" + current() + "\""));
        List<String> proxyIds = keyVersion.path("proxies.id");
        assertThat(proxyIds).isSorted();
    }

    @Test
    void aChangeThatFailsLeavesNoVersionInHistory() throws Exception {
        String proxy = Api.createProxy("/fail-" + unique() + "/");
        long before = current();

        admin().body(Api.proxyJson(proxy, "again", "/fail-" + unique() + "/")).post("/api/mcps").then()
                .statusCode(409);

        assertThat(ConfigVersionSequence.last(dataSource)).as("the failed change took a version").isGreaterThan(before);
        assertThat(current()).isEqualTo(before);
        admin().get("/api/config/versions?size=1").then().body("entries[0].version", equalTo((int) before));
        admin().get("/api/config/versions/" + ConfigVersionSequence.last(dataSource)).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void diffListsTheChangedLeavesAgainstThePreviousVersionByDefault() {
        String proxy = unique();
        String path = "/diff-" + proxy + "/";
        admin().body(Api.proxyJson(proxy, "D", path, "eu", "prod")).post("/api/mcps").then().statusCode(201);
        long created = current();
        admin().header("If-Match", "\"0\"").body(Api.proxyJson(proxy, "D", path, "eu", "dev")
                        .replace("http://127.0.0.1:7878", "http://127.0.0.1:7979"))
                .put("/api/mcps/" + proxy).then().statusCode(200);
        long updated = current();

        admin().get("/api/config/versions/" + updated + "/diff").then().statusCode(200)
                .body("from", equalTo((int) created)).body("to", equalTo((int) updated))
                .body("changes.size()", equalTo(1))
                .body("changes[0].type", equalTo("proxy")).body("changes[0].id", equalTo(proxy))
                .body("changes[0].change", equalTo("changed"))
                .body("changes[0].fields.path", contains("gatewayTags[1]", "upstream.url"))
                .body("changes[0].fields[0].before", equalTo("prod"))
                .body("changes[0].fields[0].after", equalTo("dev"))
                .body("changes[0].fields[1].after", equalTo("http://127.0.0.1:7979"));
        admin().get("/api/config/versions/" + created + "/diff?against=" + updated).then().statusCode(200)
                .body("from", equalTo((int) updated)).body("changes[0].fields[0].after", equalTo("prod"));
        admin().get("/api/config/versions/" + updated + "/diff?against=" + (created - 1)).then().statusCode(200)
                .body("changes.find { it.id == '" + proxy + "' }.change", equalTo("added"));

        admin().get("/api/config/versions/abc").then().statusCode(400).body("errors[0].field", equalTo("version"));
        admin().get("/api/config/versions/" + updated + "/diff?against=-1").then().statusCode(400)
                .body("errors[0].field", equalTo("against"));
        admin().get("/api/config/versions/" + (updated + 1000000) + "/diff").then().statusCode(404);
        admin().get("/api/config/versions?page=2147483647").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        admin().get("/api/audit?page=2147483647").then().statusCode(400).body("errors[0].field", equalTo("page"));
    }

    @Test
    void rollbackRestoresProxiesAndGatewaysReceiveThem() {
        String kept = unique();
        String deleted = unique();
        admin().body(Api.proxyJson(kept, "Kept", "/rb-" + kept + "/")).post("/api/mcps").then().statusCode(201);
        admin().body(Api.proxyJson(deleted, "Deleted", "/rb-" + deleted + "/")).post("/api/mcps").then()
                .statusCode(201);
        long target = current();
        admin().header("If-Match", "\"0\"").body(Api.proxyJson(kept, "Kept", "/rb-" + kept + "/")
                        .replace("http://127.0.0.1:7878", "http://127.0.0.1:7979"))
                .put("/api/mcps/" + kept).then().statusCode(200);
        admin().delete("/api/mcps/" + deleted).then().statusCode(204);
        String later = Api.createProxy("/rb-later-" + unique() + "/");
        String key = admin().body(Map.of("alias", "k-" + unique(), "proxies", List.of(later, kept)))
                .post("/api/keys").then().statusCode(201).extract().path("id");
        long beforeRollback = current();

        admin().header("If-Match", "\"" + beforeRollback + "\"").post("/api/config/versions/" + target + "/rollback")
                .then().statusCode(200).body("changed", equalTo(true)).body("current", equalTo(true))
                .body("actor", equalTo("admin")).body("change", equalTo("rollback to version " + target))
                .header("ETag", equalTo("\"" + current() + "\""));

        long rolledBack = current();
        assertThat(rolledBack).isGreaterThan(beforeRollback);
        admin().get("/api/mcps/" + kept).then().statusCode(200).body("upstream.url", equalTo("http://127.0.0.1:7878"));
        admin().get("/api/mcps/" + deleted).then().statusCode(200).body("name", equalTo("Deleted"));
        admin().get("/api/mcps/" + later).then().statusCode(404);
        admin().get("/api/keys/" + key).then().statusCode(200).body("proxies", contains(kept))
                .body("state", equalTo("active"));
        admin().get("/api/config/versions/" + rolledBack + "/diff?against=" + target).then()
                .body("changes", equalTo(List.of()));
        admin().get("/api/audit?entityType=config&entityId=" + rolledBack).then()
                .body("entries[0].action", equalTo("rollback"))
                .body("entries[0].before.version", equalTo((int) beforeRollback))
                .body("entries[0].before.proxies", hasItem(later))
                .body("entries[0].after.rolledBackTo", equalTo((int) target))
                .body("entries[0].after.changes", hasItem("delete proxy " + later))
                .body("entries[0].after.proxies", not(hasItem(later)));

        ConfigSnapshot snapshot = snapshot();
        assertThat(snapshot.version()).isEqualTo(rolledBack);
        assertThat(snapshot.proxies()).extracting(ProxyDefinition::id).contains(kept, deleted).doesNotContain(later);
        ProxyDefinition restored = snapshot.proxies().stream().filter(p -> p.id().equals(kept)).findFirst()
                .orElseThrow();
        assertThat(restored.upstream().url().toString()).isEqualTo("http://127.0.0.1:7878");

        admin().header("If-Match", "\"" + rolledBack + "\"").post("/api/config/versions/" + target + "/rollback")
                .then().statusCode(200).body("changed", equalTo(false)).body("version", equalTo((int) rolledBack));
        assertThat(current()).as("nothing to change makes no version").isEqualTo(rolledBack);
    }

    @Test
    void rollbackNeedsTheCurrentVersionInIfMatchAndAnEditor() {
        Api.createProxy("/rb-match-" + unique() + "/");
        long target = current();
        Api.createProxy("/rb-match-" + unique() + "/");
        long now = current();
        String viewer = Dashboard.createToken(Dashboard.signIn(Dashboard.createUser("viewer")), null);

        Dashboard.bearer(viewer).get("/api/config/versions").then().statusCode(200);
        Dashboard.bearer(viewer).header("If-Match", "\"" + now + "\"")
                .post("/api/config/versions/" + target + "/rollback").then().statusCode(403);
        admin().post("/api/config/versions/" + target + "/rollback").then().statusCode(428)
                .contentType("application/problem+json");
        admin().header("If-Match", "\"" + target + "\"").post("/api/config/versions/" + target + "/rollback")
                .then().statusCode(412).body("currentEtag", equalTo("\"" + now + "\""));
        admin().header("If-Match", "\"" + now + "\"").post("/api/config/versions/x/rollback").then()
                .statusCode(400);
        admin().header("If-Match", "\"" + now + "\"").post("/api/config/versions/" + (now + 1000000) + "/rollback")
                .then().statusCode(404);
        assertThat(current()).isEqualTo(now);
    }

    @Test
    void rollbackRefusesAProxyWhoseSecretWasDeleted() {
        String secret = "s-" + unique();
        admin().body(Map.of("value", "v-" + unique())).put("/api/secrets/" + secret).then().statusCode(201);
        String proxy = unique();
        String withSecret = Api.proxyJson(proxy, "S", "/rb-secret-" + proxy + "/").replace(
                "{\"url\":\"http://127.0.0.1:7878\"}", "{\"url\":\"http://127.0.0.1:7878\",\"authentication\":"
                        + "{\"headers\":{\"Authorization\":\"Bearer ${secret:" + secret + "}\"}}}");
        admin().body(withSecret).post("/api/mcps").then().statusCode(201);
        long target = current();
        admin().delete("/api/mcps/" + proxy).then().statusCode(204);
        admin().delete("/api/secrets/" + secret).then().statusCode(204);
        long now = current();

        admin().header("If-Match", "\"" + now + "\"").post("/api/config/versions/" + target + "/rollback").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString(secret))
                .body("missingSecrets", equalTo(List.of(Map.of("secret", secret, "proxy", proxy))));
        assertThat(current()).isEqualTo(now);
        admin().get("/api/mcps/" + proxy).then().statusCode(404);
    }

    @Test
    void rollbackRefusesToRemoveAPolicyKeysStillUse() {
        String proxy = Api.createProxy("/rb-policy-" + unique() + "/");
        long target = current();
        String policy = admin().body("{\"name\":\"p-" + unique() + "\",\"accessRights\":{\"" + proxy + "\":{}}}")
                .post("/api/policies").then().statusCode(201).extract().path("id");
        String alias = "k-" + unique();
        String key = admin().body(Map.of("alias", alias, "policies", List.of(policy))).post("/api/keys").then()
                .statusCode(201).extract().path("id");
        long now = current();

        admin().header("If-Match", "\"" + now + "\"").post("/api/config/versions/" + target + "/rollback").then()
                .statusCode(409).body("boundKeys", equalTo(List.of(Map.of("id", key, "alias", alias))))
                .body("boundKeyCount", equalTo(1));
        assertThat(current()).isEqualTo(now);

        admin().delete("/api/keys/" + key).then().statusCode(204);
        long afterRevoke = current();
        admin().header("If-Match", "\"" + afterRevoke + "\"").post("/api/config/versions/" + target + "/rollback")
                .then().statusCode(200).body("changed", equalTo(true));
        admin().get("/api/policies/" + policy).then().statusCode(404);
        admin().get("/api/keys/" + key).then().body("state", equalTo("revoked")).body("policies", equalTo(List.of()));
    }

    private static long current() {
        return Long.parseLong(admin().get("/api/config/versions?size=1").then().statusCode(200).extract()
                .header("ETag").replace("\"", ""));
    }

    /** History entries newer than {@code version}, newest first. */
    private static List<Map<String, Object>> since(long version) {
        List<Map<String, Object>> entries = admin().get("/api/config/versions?size=200").then().statusCode(200)
                .extract().path("entries");
        return entries.stream().filter(e -> ((Number) e.get("version")).longValue() > version).toList();
    }

    private static ConfigSnapshot snapshot() {
        Response response = gateway().get("/feed/v1/snapshot");
        response.then().statusCode(200);
        SignedSnapshot signed = new SignedSnapshot(response.path("payload"), response.path("signature"),
                response.path("keyId"));
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")))
                .verify(signed);
    }
}
