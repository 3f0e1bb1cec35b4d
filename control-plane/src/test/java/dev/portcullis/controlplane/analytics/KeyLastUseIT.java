package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.append;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.keyPrefix;
import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class KeyLastUseIT {

    @Test
    void aKeysLastUseFollowsItsTrafficToTheMinuteWithoutChangingTheKey() throws Exception {
        String proxy = createProxy("/" + unique() + "/");
        Response created = admin().body("{\"alias\":\"last-use\",\"proxies\":[\"" + proxy + "\"]}").post("/api/keys");
        String id = created.then().statusCode(201).extract().path("id");
        Instant used = Instant.now().minus(5, ChronoUnit.MINUTES);

        append(keyPrefix(), record(proxy, id, used));

        await().atMost(Duration.ofSeconds(20)).until(() -> admin().get("/api/keys/" + id).path("lastUsedAt") != null);
        Response key = admin().get("/api/keys/" + id);
        assertThat(Instant.parse(key.path("lastUsedAt"))).isEqualTo(used.truncatedTo(ChronoUnit.MINUTES));
        assertThat(key.header("ETag")).as("traffic is not a change of the key").isEqualTo("\"0\"");

        admin().header("If-Match", "\"0\"").body("{\"alias\":\"renamed\",\"proxies\":[\"" + proxy + "\"]}")
                .put("/api/keys/" + id).then().statusCode(200);
        assertThat(Instant.parse(admin().get("/api/keys/" + id).path("lastUsedAt")))
                .as("an edit of the key keeps its last use").isEqualTo(used.truncatedTo(ChronoUnit.MINUTES));

        Instant later = used.plus(3, ChronoUnit.MINUTES);
        append(keyPrefix(), record(proxy, id, later));
        await().atMost(Duration.ofSeconds(20)).until(() -> later.truncatedTo(ChronoUnit.MINUTES)
                .equals(Instant.parse(admin().get("/api/keys/" + id).path("lastUsedAt"))));
    }

    private static AnalyticsRecord record(String proxy, String keyId, Instant time) {
        return new AnalyticsRecord(UUID.randomUUID().toString(), time, "gw-it", proxy, "POST", "/" + proxy + "/mcp",
                200, 1_000, 500L, 100, 200, "key", keyId, "last-use", "tools/call", "tool", "get_users", null, null,
                null, null);
    }
}
