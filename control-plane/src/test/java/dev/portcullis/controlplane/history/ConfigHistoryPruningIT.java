package dev.portcullis.controlplane.history;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
@TestProfile(ConfigHistoryPruningIT.KeepFour.class)
class ConfigHistoryPruningIT {

    /** A control plane that keeps only four configuration versions. */
    public static class KeepFour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portcullis.config-history", "4");
        }
    }

    @Test
    void historyKeepsTheConfiguredNumberOfVersions() {
        long first = versions().get(versions().size() - 1);
        for (int i = 0; i < 6; i++) {
            Api.createProxy("/prune-" + unique() + "/");
        }

        List<Long> kept = versions();
        assertThat(kept).hasSize(4);
        long current = Long.parseLong(admin().get("/api/config/versions").header("ETag").replace("\"", ""));
        assertThat(kept.get(0)).isEqualTo(current);
        admin().get("/api/config/versions/" + first).then().statusCode(404);
        admin().get("/api/config/versions/" + kept.get(3)).then().statusCode(200);
        admin().get("/api/config/versions/" + kept.get(3) + "/diff").then().statusCode(200)
                .body("from", org.hamcrest.Matchers.nullValue());
    }

    private static List<Long> versions() {
        List<Number> versions = admin().get("/api/config/versions?size=200").then().statusCode(200).extract()
                .path("entries.version");
        return versions.stream().map(Number::longValue).toList();
    }
}
