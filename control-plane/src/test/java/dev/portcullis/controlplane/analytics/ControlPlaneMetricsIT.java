package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.gateway.ConnectedGateways;
import dev.portcullis.controlplane.session.SignInService;
import dev.portcullis.controlplane.support.ManagementInterface;
import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane's own metrics, scraped from {@code /q/metrics} on the management interface (not the API port):
 * API latency by route template, sign-in failures, feed streams and applied versions per gateway, and the analytics
 * ingest's rate and lag.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class ControlPlaneMetricsIT {

    private final URL metrics = ManagementInterface.metrics();

    @Inject
    SignInService signIn;

    @Inject
    ConnectedGateways connected;

    @Test
    void servesMetricsOnTheManagementInterfaceOnly() {
        assertThat(RestAssured.get(metrics).then().statusCode(200).extract().asString()).contains("jvm_");
        assertThat(metrics.getPort()).isNotEqualTo(ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class));
        RestAssured.get("/q/metrics").then().statusCode(404);
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void exportsEverySeriesTheDashboardQueries() {
        String gateway = "gw-series-" + UUID.randomUUID().toString().substring(0, 8);
        connected.opened(gateway);
        try {
            Api.admin().get("/api/mcps").then().statusCode(200);
            signIn.signIn("nobody-" + UUID.randomUUID(), "wrong", "198.51.100.7", null);
            String scrape = scrape();
            assertThat(ControlPlaneDashboardTest.SERIES).allSatisfy(series ->
                    assertThat(scrape).as(series).containsPattern("(?m)^" + series + "[{ ]"));
        } finally {
            connected.closed(gateway);
        }
    }

    @Test
    void timesApiCallsByRouteTemplateWithHistogramBuckets() {
        String id = "no-such-proxy-" + UUID.randomUUID();
        Api.admin().get("/api/mcps").then().statusCode(200);
        Api.admin().get("/api/mcps/" + id).then().statusCode(404);

        String scrape = scrape();
        assertThat(scrape).containsPattern("portcullis_api_request_duration_seconds_count\\{[^}]*route=\"/api/mcps\"")
                .containsPattern("portcullis_api_request_duration_seconds_bucket\\{[^}]*route=\"/api/mcps/\\{id}\""
                        + "[^}]*status=\"404\"")
                .containsPattern("portcullis_api_request_duration_seconds_bucket\\{[^}]*le=\"0\\.1\"")
                .doesNotContain(id)
                .doesNotContainPattern("route=\"/(q|feed|ui)");
    }

    @Test
    void countsRefusedSignIns() {
        double before = value("portcullis_sign_in_failures_total{reason=\"refused\"}").orElse(0);

        assertThat(signIn.signIn("nobody-" + UUID.randomUUID(), "wrong", "192.0.2." + (1 + (int) (Math.random() * 200)),
                null)).isInstanceOf(SignInService.Refused.class);

        assertThat(value("portcullis_sign_in_failures_total{reason=\"refused\"}")).hasValue(before + 1);
    }

    @Test
    void exportsFeedStreamsAndAppliedVersionPerConnectedGateway() {
        String gateway = "gw-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        connected.opened(gateway);
        connected.opened(gateway);
        connected.applied(gateway, 7);

        assertThat(value("portcullis_feed_streams{gateway=\"" + gateway + "\"}")).hasValue(2);
        assertThat(value("portcullis_feed_applied_version{gateway=\"" + gateway + "\"}")).hasValue(7);

        connected.closed(gateway);
        connected.closed(gateway);
        assertThat(scrape()).doesNotContain(gateway);
    }

    @Test
    void countsIngestedRecordsAndReportsTheIngestLag() throws Exception {
        double before = value("portcullis_analytics_ingested_total").orElse(0);
        AnalyticsStreamSupport.append(AnalyticsStreamSupport.keyPrefix(),
                AnalyticsStreamSupport.record(Api.unique(), Instant.now(), "get_users", 200, 1_000));

        await().atMost(Duration.ofSeconds(15)).until(() ->
                value("portcullis_analytics_ingested_total").orElse(0) >= before + 1);
        assertThat(value("portcullis_analytics_ingest_lag_seconds")).isPresent();
    }

    private String scrape() {
        return RestAssured.get(metrics).then().statusCode(200).extract().asString();
    }

    /** The value of the series written exactly as {@code series} (name and labels), if exported. */
    private OptionalDouble value(String series) {
        return scrape().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst();
    }
}
