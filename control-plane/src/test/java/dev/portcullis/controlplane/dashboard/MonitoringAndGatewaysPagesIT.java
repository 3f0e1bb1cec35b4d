package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.gateway;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class MonitoringAndGatewaysPagesIT {

    @Test
    void aViewerOpensMonitoringWithEveryProxyOfferedAsAFilterAndItsNameEscaped() {
        String name = "<b>crm-" + unique() + "</b>";
        String id = admin().body(Api.proxyJson(null, name, "/mon-" + unique() + "/")).post("/api/mcps").then()
                .statusCode(201).extract().path("id");
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));

        String page = viewer.withoutCsrf().get("/ui/monitoring").then().statusCode(200)
                .contentType("text/html").extract().asString();

        assertThat(page).contains("<option value=\"" + id + "\"")
                .contains(name.replace("<", "&lt;").replace(">", "&gt;"))
                .doesNotContain(name)
                .contains("No traffic yet - send a request through a gateway")
                .contains("/ui/assets/vendor/chart.umd.js", "/ui/assets/monitoring.js")
                .contains("href=\"/ui/monitoring\" aria-current=\"page\"");
    }

    @Test
    void theGatewaysPageShowsAppliedVersionAgainstTheCurrentOneAndTheLastRejection() {
        // Signed in first: hashing the password is slow on a loaded machine, and the report must be "just now".
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));
        String gatewayId = "gw-" + unique();
        gateway().contentType("application/json").body(Map.of("gatewayId", gatewayId, "tags", new String[]{"eu"},
                "appliedVersion", 1, "receivedVersion", 1, "accepted", true)).post("/feed/v1/reports").then()
                .statusCode(204);
        gateway().contentType("application/json").body(Map.of("gatewayId", gatewayId, "tags", "eu",
                "appliedVersion", 1, "receivedVersion", 1_000_000, "accepted", false,
                "reason", "signature <invalid>")).post("/feed/v1/reports").then().statusCode(204);

        String page = viewer.withoutCsrf().get("/ui/gateways").then().statusCode(200).extract().asString();

        String row = page.substring(page.indexOf("data-gateway=\"" + gatewayId + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains(">eu<", "not connected", "just now", "<strong>1</strong> of ", "version 1000000",
                "signature &lt;invalid&gt;");
        assertThat(page).contains("data-testid=\"current-version\"");
    }

    @Test
    void monitoringAndGatewaysAreLinkedInTheNavigationForEveryRole() {
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));

        String page = viewer.withoutCsrf().get("/ui/gateways").then().statusCode(200).extract().asString();

        assertThat(page).contains("<a href=\"/ui/monitoring\">Monitoring</a>")
                .contains("<a href=\"/ui/gateways\" aria-current=\"page\">Gateways</a>");
    }
}
