package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.config.InterceptedValues;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;
import java.util.OptionalInt;

/**
 * Maps {@code portcullis.otel.enabled} ({@code PORTCULLIS_OTEL_ENABLED}) onto Quarkus's runtime switch
 * {@code quarkus.otel.sdk.disabled}, which says the opposite. When {@code portcullis.otel.enabled} is not set,
 * {@code quarkus.otel.sdk.disabled} keeps its own value (application.properties turns the SDK off). Registered with
 * the {@link java.util.ServiceLoader}; evaluated at config lookup, so it is a runtime setting.
 */
public final class OtelEnabledSwitch implements ConfigSourceInterceptorFactory {

    static final String ENABLED = "portcullis.otel.enabled";
    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return (lookup, name) -> {
            if (!SDK_DISABLED.equals(name)) {
                return lookup.proceed(name);
            }
            ConfigValue enabled = lookup.proceed(ENABLED);
            if (!InterceptedValues.isSet(enabled)) {
                return lookup.proceed(name);
            }
            String disabled = Boolean.toString(!Boolean.parseBoolean(enabled.getValue().strip()));
            return InterceptedValues.of(SDK_DISABLED, disabled, enabled.getConfigSourceName(),
                    enabled.getConfigSourceOrdinal());
        };
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(3300);
    }
}
