package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.metrics.OtelMcpMetrics;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chooses the gateway's tracer from configuration: {@link TracingObserver} on the application's OpenTelemetry SDK
 * when it is enabled ({@code PORTCULLIS_OTEL_ENABLED=true}), else {@link AgentTraceIdObserver}, which needs no SDK;
 * and, on the same switch, the MCP metrics exported over OTLP ({@link OtelMcpMetrics}).
 */
@Singleton
public class GatewayTracing {

    private static final Logger LOG = Logger.getLogger(GatewayTracing.class);

    static final String INSTRUMENTATION_SCOPE = "dev.portcullis.gateway";

    private final boolean sdkDisabled;
    private final String endpoint;
    private final Instance<OpenTelemetry> openTelemetry;

    public GatewayTracing(@ConfigProperty(name = OtelEnabledSwitch.SDK_DISABLED) boolean sdkDisabled,
                          TracingConfig config, Instance<OpenTelemetry> openTelemetry) {
        this.sdkDisabled = sdkDisabled;
        this.endpoint = config.endpoint();
        this.openTelemetry = openTelemetry;
    }

    /** Whether spans are made and exported. */
    public boolean enabled() {
        return !sdkDisabled;
    }

    /** The observer that goes first in the gateway's observer list. */
    public RequestObserver observer(String gatewayId) {
        if (sdkDisabled) {
            return new AgentTraceIdObserver();
        }
        LOG.infof("OpenTelemetry on: one span per agent request and the MCP metrics, exported over OTLP/HTTP to %s",
                endpoint);
        return new TracingObserver(openTelemetry.get().getTracer(INSTRUMENTATION_SCOPE), gatewayId);
    }

    /** The MCP metrics exported over OTLP next to the spans, or null when OpenTelemetry is off. */
    public OtelMcpMetrics mcpMetrics() {
        if (sdkDisabled) {
            return null;
        }
        return new OtelMcpMetrics(openTelemetry.get().getMeter(INSTRUMENTATION_SCOPE));
    }
}
