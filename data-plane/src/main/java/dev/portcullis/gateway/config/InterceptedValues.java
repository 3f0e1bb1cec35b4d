package dev.portcullis.gateway.config;

import io.smallrye.config.ConfigValue;

/**
 * What the gateway's config interceptors ({@link EventLoops},
 * {@link dev.portcullis.gateway.observe.tracing.OtelEnabledSwitch}) share: whether a looked-up value is set, and the
 * value they answer for the Quarkus property they map a Portcullis setting onto. Stateless.
 */
public final class InterceptedValues {

    private InterceptedValues() {
    }

    /** Whether {@code value} was found and is not blank. */
    public static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /** {@code name} holding {@code text}, said to come from {@code source} at {@code ordinal}. */
    public static ConfigValue of(String name, String text, String source, int ordinal) {
        return ConfigValue.builder().withName(name).withValue(text).withRawValue(text)
                .withConfigSourceName(source).withConfigSourceOrdinal(ordinal).build();
    }
}
