package dev.portcullis.gateway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.gateway.observe.TestRecords;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.support.TestProxies;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsObserverTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsObserver observer = new MetricsObserver(registry, new KnownPrimitives());
    private final CompiledProxy proxy = CompiledProxy.compile(TestProxies.definition("mock", "/mock/",
            "http://127.0.0.1:1"), SecretResolver.LITERAL);

    @Test
    void exportsRequestCountsAndBucketedDurationsUnderTheAdrNames() {
        observer.record(TestRecords.toolCall("mock", "get_users"), proxy);

        String scrape = registry.scrape();

        assertThat(scrape).contains("portcullis_mcp_requests_total{error_code=\"\",method=\"tools/call\","
                + "primitive=\"other\",primitive_type=\"tool\",proxy=\"mock\",status=\"200\",} 1.0");
        assertThat(scrape).contains("portcullis_mcp_method_total{method=\"tools/call\",proxy=\"mock\",} 1.0");
        assertThat(scrape).contains("portcullis_mcp_request_duration_seconds_bucket{method=\"tools/call\","
                + "proxy=\"mock\",le=\"0.025\",} 1.0");
        assertThat(scrape).contains("portcullis_mcp_request_duration_seconds_bucket{method=\"tools/call\","
                + "proxy=\"mock\",le=\"0.01\",} 0.0");
        assertThat(scrape).contains("portcullis_mcp_upstream_duration_seconds_bucket{primitive=\"other\","
                + "proxy=\"mock\",target=\"\",le=\"0.025\",} 1.0");
        assertThat(scrape).doesNotContain("quantile=");
    }

    @Test
    void countsRequestsByTheRevisionTheyDeclared() {
        AnalyticsRecord legacy = TestRecords.toolCall("mock", "get_users");
        AnalyticsRecord stateless = new AnalyticsRecord(legacy.id(), legacy.time(), legacy.gateway(), legacy.proxy(),
                legacy.httpMethod(), legacy.path(), legacy.status(), legacy.latencyMicros(),
                legacy.upstreamLatencyMicros(), legacy.bytesIn(), legacy.bytesOut(), legacy.consumerType(),
                legacy.keyId(), legacy.alias(), legacy.mcpMethod(), legacy.mcpPrimitiveType(),
                legacy.mcpPrimitiveName(), legacy.mcpErrorCode(), legacy.errorReason(), legacy.sessionIdHash(),
                legacy.traceId(), legacy.upstreamErrorCode(), legacy.toolError(), legacy.truncated(), "2026-07-28");

        observer.record(legacy, proxy);
        observer.record(stateless, proxy);
        observer.record(stateless, proxy);

        String scrape = registry.scrape();
        assertThat(scrape).contains("portcullis_mcp_revision_total{proxy=\"mock\",revision=\"none\",} 1.0");
        assertThat(scrape).contains("portcullis_mcp_revision_total{proxy=\"mock\",revision=\"2026-07-28\",} 2.0");
    }

    @Test
    void countsRateAndQuotaRefusalsApart() {
        observer.record(TestRecords.refused("mock", "tools/call", 429, -32003, "rate_limited"), proxy);
        observer.record(TestRecords.refused("mock", "tools/call", 429, -32003, "rate_limited"), proxy);
        observer.record(TestRecords.refused("mock", "tools/call", 429, -32005, "quota_exceeded"), proxy);
        observer.record(TestRecords.refused("mock", "tools/call", 403, -32002, "denied"), proxy);

        String scrape = registry.scrape();

        assertThat(scrape).contains("portcullis_ratelimit_refusals_total{limit=\"rate\",proxy=\"mock\",} 2.0");
        assertThat(scrape).contains("portcullis_ratelimit_refusals_total{limit=\"quota\",proxy=\"mock\",} 1.0");
        assertThat(scrape).doesNotContain("portcullis_mcp_upstream_duration_seconds_count{");
    }

    @Test
    void countsDeniedServerRequestsByProxyAndBucketedMethod() {
        observer.deniedServerRequest("mock", "sampling/createMessage");
        observer.deniedServerRequest("mock", "sampling/createMessage");
        observer.deniedServerRequest("mock", "x/" + "invented".repeat(100));

        String scrape = registry.scrape();

        assertThat(scrape).contains("portcullis_server_requests_denied_total{method=\"sampling/createMessage\","
                + "proxy=\"mock\",} 2.0");
        assertThat(scrape).contains("portcullis_server_requests_denied_total{method=\"other\",proxy=\"mock\",} 1.0");
    }

    @Test
    void tenThousandInventedToolNamesLeaveOneLabelSet() {
        for (int i = 0; i < 10_000; i++) {
            observer.record(TestRecords.toolCall("mock", "tool_" + i), proxy);
        }

        assertThat(registry.find(MetricNames.REQUESTS).counters()).hasSize(1);
        assertThat(observer.cachedRequestLabelSets()).isEqualTo(1);
    }
}
