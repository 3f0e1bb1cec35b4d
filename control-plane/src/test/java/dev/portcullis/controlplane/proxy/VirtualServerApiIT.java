package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.proxyJson;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Virtual servers through {@code /api/mcps}: the rules between a virtual server and its members at save (400 naming
 * the member), changes to a member that would break a virtual server (409 naming it), pinning refused, policies
 * granting it, and what a gateway's snapshot holds.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class VirtualServerApiIT {

    static String virtualJson(String id, String listenPath, List<String> tags, String... members) {
        StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"name\":\"Virtual " + id
                + "\",\"listenPath\":\"" + listenPath + "\",\"gatewayTags\":[");
        for (int i = 0; i < tags.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tags.get(i)).append('"');
        }
        json.append("],\"members\":[");
        for (int i = 0; i < members.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"proxy\":\"").append(members[i]).append("\",\"prefix\":\"m")
                    .append(i).append("_\"}");
        }
        return json.append("]}").toString();
    }

    private static String createVirtual(List<String> tags, String... members) {
        String id = unique();
        admin().body(virtualJson(id, "/" + id + "/", tags, members)).post("/api/mcps").then().statusCode(201)
                .body("members.proxy", contains(members))
                .body("members[0].prefix", equalTo("m0_"));
        return id;
    }

    @Test
    void createsAVirtualServerOverTwoProxiesAndReadsItBack() {
        String first = createProxy("/" + unique() + "/");
        String second = createProxy("/" + unique() + "/");

        String id = createVirtual(List.of(), first, second);

        admin().get("/api/mcps/" + id).then().statusCode(200)
                .body("members.proxy", contains(first, second))
                .body("upstream", equalTo(null));
        admin().get("/api/mcps").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void refusesAnUnknownMemberNamingIt() {
        String id = unique();

        admin().body(virtualJson(id, "/" + id + "/", List.of(), "no-such-proxy")).post("/api/mcps").then()
                .statusCode(400)
                .body("errors.field", contains("members[0].proxy"))
                .body("errors[0].message", equalTo("unknown proxy 'no-such-proxy'"));
    }

    @Test
    void refusesAVirtualServerAsAMember() {
        String proxy = createProxy("/" + unique() + "/");
        String inner = createVirtual(List.of(), proxy);
        String id = unique();

        admin().body(virtualJson(id, "/" + id + "/", List.of(), proxy, inner)).post("/api/mcps").then()
                .statusCode(400)
                .body("errors.field", contains("members[1].proxy"))
                .body("errors[0].message", containsString("is a virtual server"));
    }

    @Test
    void refusesAMemberThatIsNotServedByEveryGatewayOfTheVirtualServer() {
        String tag = unique();
        String other = unique();
        String tagged = createProxy("/" + unique() + "/", other);
        String untaggedVirtual = unique();
        String taggedVirtual = unique();

        admin().body(virtualJson(untaggedVirtual, "/" + untaggedVirtual + "/", List.of(), tagged))
                .post("/api/mcps").then().statusCode(400)
                .body("errors.field", contains("members[0].proxy"))
                .body("errors[0].message", containsString("has gateway tags"));
        admin().body(virtualJson(taggedVirtual, "/" + taggedVirtual + "/", List.of(tag), tagged))
                .post("/api/mcps").then().statusCode(400)
                .body("errors.field", contains("members[0].proxy"))
                .body("errors[0].message", containsString("lacks gateway tag '" + tag + "'"));
    }

    @Test
    void acceptsAMemberCarryingEveryTagOfTheVirtualServerAndMore() {
        String tag = unique();
        String member = createProxy("/" + unique() + "/", tag, unique());

        createVirtual(List.of(tag), member);
    }

    @Test
    void validateReportsAMemberProblemWithoutSaving() {
        String proxy = createProxy("/" + unique() + "/");
        String id = createVirtual(List.of(), proxy);

        admin().body(virtualJson(id, "/" + id + "/", List.of(), "missing-" + unique()))
                .post("/api/mcps/" + id + "/validate").then().statusCode(400)
                .body("errors.field", contains("members[0].proxy"));
    }

    @Test
    void deletingAMemberIsRefusedNamingTheVirtualServers() {
        String member = createProxy("/" + unique() + "/");
        String first = createVirtual(List.of(), member);
        String second = createVirtual(List.of(), member);

        admin().delete("/api/mcps/" + member).then().statusCode(409)
                .body("detail", containsString("'" + member + "' is a member of virtual servers"))
                .body("virtualServers", contains(List.of(first, second).stream().sorted().toArray()));
        admin().get("/api/mcps/" + member).then().statusCode(200);
    }

    @Test
    void deletingTheVirtualServerFirstThenTheMemberWorks() {
        String member = createProxy("/" + unique() + "/");
        String virtual = createVirtual(List.of(), member);

        admin().delete("/api/mcps/" + virtual).then().statusCode(204);
        admin().delete("/api/mcps/" + member).then().statusCode(204);
    }

    @Test
    void retaggingAMemberAwayFromTheVirtualServersGatewaysIsRefused() {
        String member = createProxy("/" + unique() + "/");
        String virtual = createVirtual(List.of(), member);
        String etag = admin().get("/api/mcps/" + member).header("ETag");

        admin().header("If-Match", etag).body(proxyJson(member, "Retagged", "/" + member + "/", unique()))
                .put("/api/mcps/" + member).then().statusCode(409)
                .body("detail", containsString("no longer be served by every gateway"))
                .body("virtualServers", contains(virtual));
    }

    @Test
    void turningAMemberIntoAVirtualServerIsRefused() {
        String member = createProxy("/" + unique() + "/");
        String other = createProxy("/" + unique() + "/");
        String virtual = createVirtual(List.of(), member);
        String etag = admin().get("/api/mcps/" + member).header("ETag");

        admin().header("If-Match", etag).body(virtualJson(member, "/" + member + "/", List.of(), other))
                .put("/api/mcps/" + member).then().statusCode(409)
                .body("detail", containsString("would become a virtual server"))
                .body("virtualServers", contains(virtual));
    }

    @Test
    void aMemberMayStillChangeWhatKeepsItServedAlike() {
        String tag = unique();
        String member = createProxy("/" + unique() + "/", tag);
        createVirtual(List.of(tag), member);
        String etag = admin().get("/api/mcps/" + member).header("ETag");

        admin().header("If-Match", etag).body(proxyJson(member, "Renamed", "/" + member + "/", tag, unique()))
                .put("/api/mcps/" + member).then().statusCode(200).body("name", equalTo("Renamed"));
    }

    @Test
    void pinningAVirtualServerIsRefused() {
        String member = createProxy("/" + unique() + "/");
        String virtual = createVirtual(List.of(), member);

        admin().body("{\"mode\":\"enforce\"}").put("/api/mcps/" + virtual + "/pinning").then().statusCode(400)
                .body("errors.field", contains("mode"))
                .body("errors[0].message", containsString("pinning is set on each member proxy"));
        admin().post("/api/mcps/" + virtual + "/pinning/approve-current").then().statusCode(400);
        admin().get("/api/mcps/" + virtual + "/pinning").then().statusCode(200).body("mode", equalTo("off"));
    }

    @Test
    void aPolicyGrantsAVirtualServerByItsId() {
        String member = createProxy("/" + unique() + "/");
        String virtual = createVirtual(List.of(), member);
        String policy = unique();

        admin().body("{\"id\":\"" + policy + "\",\"name\":\"v\",\"accessRights\":{\"" + virtual
                        + "\":{\"mcpAccessRights\":{\"tools\":{\"allowed\":[\"m0_get_.*\"]}}}}}")
                .post("/api/policies").then().statusCode(201)
                .body("accessRights." + virtual + ".mcpAccessRights.tools.allowed", contains("m0_get_.*"));
    }

    @Test
    void aGatewaySnapshotHoldsTheVirtualServerAndItsMembersAndGrantsIt() {
        String tag = unique();
        String first = createProxy("/" + unique() + "/", tag);
        String second = createProxy("/" + unique() + "/", tag);
        String virtual = createVirtual(List.of(tag), first, second);
        String policy = unique();
        admin().body("{\"id\":\"" + policy + "\",\"name\":\"v\",\"accessRights\":{\"" + virtual + "\":{}}}")
                .post("/api/policies").then().statusCode(201);

        ConfigSnapshot snapshot = snapshotFor(tag);

        assertThat(snapshot.validate()).isEmpty();
        assertThat(snapshot.proxies()).extracting(ProxyDefinition::id).containsExactlyInAnyOrder(first, second,
                virtual);
        assertThat(snapshot.proxies()).filteredOn(ProxyDefinition::isVirtual).singleElement()
                .satisfies(proxy -> assertThat(proxy.members()).extracting(m -> m.proxy())
                        .containsExactly(first, second));
        assertThat(snapshot.policies()).filteredOn(p -> p.id().equals(policy)).singleElement()
                .satisfies(p -> assertThat(p.accessRights()).containsOnlyKeys(virtual));
    }

    @Test
    void anInactiveMemberIsLeftOutOfTheVirtualServerInTheSnapshot() {
        String tag = unique();
        String active = createProxy("/" + unique() + "/", tag);
        String inactive = createProxy("/" + unique() + "/", tag);
        String virtual = createVirtual(List.of(tag), active, inactive);
        createVirtual(List.of(tag), inactive); // its only member is inactive: left out
        deactivate(inactive, tag);

        ConfigSnapshot snapshot = snapshotFor(tag);

        assertThat(snapshot.validate()).isEmpty();
        assertThat(snapshot.proxies()).extracting(ProxyDefinition::id).containsExactlyInAnyOrder(active, virtual);
        assertThat(snapshot.proxies()).filteredOn(ProxyDefinition::isVirtual).singleElement()
                .satisfies(proxy -> assertThat(proxy.members()).extracting(m -> m.proxy()).containsExactly(active));
    }

    private static void deactivate(String id, String tag) {
        String etag = admin().get("/api/mcps/" + id).header("ETag");
        String body = proxyJson(id, "Inactive", "/" + id + "/", tag).replaceFirst("\\{", "{\"active\":false,");
        admin().header("If-Match", etag).body(body).put("/api/mcps/" + id).then().statusCode(200);
    }

    private static ConfigSnapshot snapshotFor(String tag) {
        Response response = gateway().get("/feed/v1/snapshot?tags=" + tag);
        response.then().statusCode(200);
        SignedSnapshot signed = new SignedSnapshot(response.path("payload"), response.path("signature"),
                response.path("keyId"));
        return new SnapshotVerifier(Ed25519Keys.publicFromBase64(admin().get("/api/signing-key").path("publicKey")))
                .verify(signed);
    }
}
