package dev.portcullis.gateway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway panels of the Grafana dashboard of {@code deploy/grafana} (those before its "Control plane" row) only
 * query series the gateway exports ({@link MetricNames}), whose presence in a real scrape {@code ObservabilityIT}
 * checks.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "portcullis-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bportcullis_[a-z_]+");

    @Test
    void everyPanelQueriesOnlyExportedSeriesThroughTheDatasourceVariable() throws Exception {
        JsonNode dashboard = Json.mapper().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                // The "Control plane" row and the panels after it query the control planes' series (control-plane
                // module, ControlPlaneDashboardTest).
                break;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        dashboard.at("/templating/list").forEach(variable -> expressions.add(variable.path("definition").asText()));

        TreeSet<String> used = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                used.add(matcher.group());
            }
        }

        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(7);
        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(MetricNames.PROMETHEUS_SERIES).contains(name));
        assertThat(used).contains("portcullis_mcp_requests_total", "portcullis_mcp_upstream_duration_seconds_bucket",
                "portcullis_ratelimit_refusals_total", "portcullis_config_snapshot_version",
                "portcullis_circuit_state", "portcullis_redis_fallback", "portcullis_redis_fallback_total");
        assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");
    }
}
