package dev.portcullis.gateway.observe.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's tracing settings. They feed Quarkus's OpenTelemetry configuration: {@link #enabled()} through
 * {@link OtelEnabledSwitch}, {@link #endpoint()} through application.properties.
 */
@ConfigMapping(prefix = "portcullis.otel")
public interface TracingConfig {

    /** Make and export a span per agent request ({@code PORTCULLIS_OTEL_ENABLED}). */
    @WithDefault("false")
    boolean enabled();

    /** Base URL of the OTLP/HTTP collector; spans go to {@code <endpoint>/v1/traces} ({@code PORTCULLIS_OTEL_ENDPOINT}). */
    @WithDefault("http://localhost:4318")
    String endpoint();
}
