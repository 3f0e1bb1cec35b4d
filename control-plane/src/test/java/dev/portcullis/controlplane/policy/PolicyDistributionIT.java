package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.SseClient;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.RateLimit;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class PolicyDistributionIT {

    @Test
    void aKeyWithOnlyPoliciesReachesTheirServedProxiesAndTheSnapshotIsValid() {
        String tag = unique();
        String served = createProxy("/" + unique() + "/", tag);
        String elsewhere = createProxy("/" + unique() + "/", unique());
        String policy = unique();
        admin().body("{\"id\":\"" + policy + "\",\"name\":\"p\",\"accessRights\":{\"" + served + "\":{},\""
                + elsewhere + "\":{}}}").post("/api/policies").then().statusCode(201);
        String key = createKey(Map.of("policies", List.of(policy)));
        String unrelated = unique();
        admin().body("{\"id\":\"" + unrelated + "\",\"name\":\"u\",\"accessRights\":{\"" + elsewhere + "\":{}}}")
                .post("/api/policies").then().statusCode(201);

        ConfigSnapshot snapshot = verifier().verify(fetch("tags=" + tag));

        assertThat(snapshot.validate()).isEmpty();
        assertThat(snapshot.keys()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(key);
            assertThat(entry.proxies()).containsExactly(served);
            assertThat(entry.policies()).containsExactly(policy);
        });
        assertThat(snapshot.policies()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(policy);
            assertThat(p.accessRights()).containsOnlyKeys(served);
        });
    }

    @Test
    void aKeyWhosePoliciesGrantNothingHereIsLeftOut() {
        String tag = unique();
        createProxy("/" + unique() + "/", tag);
        String elsewhere = createProxy("/" + unique() + "/", unique());
        String policy = unique();
        admin().body("{\"id\":\"" + policy + "\",\"name\":\"p\",\"accessRights\":{\"" + elsewhere + "\":{}}}")
                .post("/api/policies").then().statusCode(201);
        createKey(Map.of("policies", List.of(policy)));

        ConfigSnapshot snapshot = verifier().verify(fetch("tags=" + tag));

        assertThat(snapshot.keys()).isEmpty();
        assertThat(snapshot.policies()).isEmpty();
    }

    @Test
    void aPolicyChangeReachesAConnectedGatewayAtOnce() throws Exception {
        String tag = unique();
        String proxy = createProxy("/" + unique() + "/", tag);
        String policy = unique();
        admin().body(PolicyApiIT.policy(policy, "Before", proxy)).post("/api/policies").then().statusCode(201);
        String key = createKey(Map.of("proxies", List.of(proxy), "policies", List.of(policy)));

        try (SseClient stream = new SseClient("gatewayId=gw-" + unique() + "&tags=" + tag, verifier())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.latest() != null);
            ConfigSnapshot first = stream.latest();
            assertThat(first.keys()).extracting(KeyEntry::id).containsExactly(key);
            assertThat(first.policies()).extracting(Policy::name).containsExactly("Before");

            admin().header("If-Match", "\"0\"").body("{\"name\":\"After\",\"accessRights\":{\"" + proxy
                    + "\":{\"limit\":{\"rate\":5,\"per\":1}}}}").put("/api/policies/" + policy)
                    .then().statusCode(200);

            await().atMost(Duration.ofSeconds(1)).until(() -> stream.latest().version() > first.version());
            ConfigSnapshot changed = stream.latest();
            assertThat(changed.validate()).isEmpty();
            assertThat(changed.policies()).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("After");
                assertThat(p.accessRights().get(proxy).limit()).isEqualTo(new RateLimit(5, 1));
            });
            assertThat(changed.keys()).extracting(KeyEntry::id).containsExactly(key);
        }
    }

    private static String createKey(Map<String, Object> grants) {
        Map<String, Object> body = new java.util.HashMap<>(grants);
        body.put("alias", "agent-" + unique());
        return admin().body(body).post("/api/keys").then().statusCode(201).extract().path("id");
    }

    private static SignedSnapshot fetch(String query) {
        Response response = gateway().get("/feed/v1/snapshot?" + query);
        response.then().statusCode(200);
        return new SignedSnapshot(response.path("payload"), response.path("signature"), response.path("keyId"));
    }

    private static SnapshotVerifier verifier() {
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")));
    }
}
