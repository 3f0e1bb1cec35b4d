package dev.portcullis.controlplane.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Control plane" row of the Grafana dashboard ({@code deploy/grafana}) queries only series the control plane
 * exports ({@link #SERIES}, each of which {@code ControlPlaneMetricsIT} finds in a real scrape), and shows every
 * kind of them: API latency by route, the ingest's rate and lag, dead letters, feed streams and applied versions per
 * gateway, sign-in failures.
 */
class ControlPlaneDashboardTest {

    /** The control plane's own series, as a Prometheus scrape names them. */
    static final List<String> SERIES = List.of(
            "portcullis_api_request_duration_seconds_bucket",
            "portcullis_api_request_duration_seconds_count",
            "portcullis_analytics_ingested_total",
            "portcullis_analytics_ingest_lag_seconds",
            "portcullis_analytics_dead_letters_total",
            "portcullis_feed_streams",
            "portcullis_feed_applied_version",
            "portcullis_sign_in_failures_total",
            "portcullis_config_listener_connected");

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "portcullis-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bportcullis_[a-z_]+");

    @Test
    void theControlPlaneRowQueriesOnlyExportedSeriesThroughTheDatasourceVariable() throws Exception {
        JsonNode panels = Json.mapper().readTree(Files.readString(DASHBOARD)).path("panels");
        TreeSet<String> used = new TreeSet<>();
        boolean inRow = false;
        int count = 0;
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                inRow = panel.path("title").asText().equals("Control plane");
                continue;
            }
            if (!inRow) {
                continue;
            }
            count++;
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    used.add(matcher.group());
                }
            }
        }

        assertThat(count).isGreaterThanOrEqualTo(8);
        assertThat(used).allSatisfy(name -> assertThat(SERIES).contains(name));
        assertThat(used).contains("portcullis_api_request_duration_seconds_bucket", "portcullis_analytics_ingested_total",
                "portcullis_analytics_ingest_lag_seconds", "portcullis_analytics_dead_letters_total",
                "portcullis_feed_streams", "portcullis_feed_applied_version", "portcullis_sign_in_failures_total");
    }
}
