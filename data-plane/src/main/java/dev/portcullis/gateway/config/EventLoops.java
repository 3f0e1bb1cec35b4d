package dev.portcullis.gateway.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;
import java.util.OptionalInt;

/**
 * How many event loops the gateway runs: {@code portcullis.gateway.event-loops}
 * ({@code PORTCULLIS_GATEWAY_EVENT_LOOPS}) when set, else Quarkus's own {@code quarkus.vertx.event-loops-pool-size}
 * when set, else one per CPU core but one, and at least one ({@link #byDefault}). Mapped onto Quarkus's setting,
 * which sizes the event-loop group every server, client and verticle of the gateway runs on.
 *
 * <p>Why one core fewer than there are: a gateway's kernel work (its sockets' TCP processing), its JIT compiler,
 * its collector and its access-log thread need a core too, and on a small machine so do its neighbours (the
 * upstream, Redis, a control plane). On two cores shared that way, one event loop took 12-19 % less CPU per
 * request than two and served as many requests (docs/performance.md, "Tenth performance round"): it finds more
 * ready connections per wake-up, and is preempted less. Registered with the {@link java.util.ServiceLoader};
 * evaluated at config lookup, so it is a runtime setting.
 */
public final class EventLoops implements ConfigSourceInterceptorFactory {

    static final String SETTING = "portcullis.gateway.event-loops";
    static final String QUARKUS_SETTING = "quarkus.vertx.event-loops-pool-size";
    /** More loops than this is a mistake, not a tuning (each has a thread, a Redis and an upstream pool). */
    static final int MAX = 1024;

    /** The default for a machine with {@code cores} CPU cores. */
    public static int byDefault(int cores) {
        return Math.max(1, cores - 1);
    }

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return (lookup, name) -> {
            if (!QUARKUS_SETTING.equals(name)) {
                return lookup.proceed(name);
            }
            ConfigValue own = lookup.proceed(SETTING);
            if (InterceptedValues.isSet(own)) {
                return count(parse(own.getValue()), own.getConfigSourceName(), own.getConfigSourceOrdinal());
            }
            ConfigValue quarkus = lookup.proceed(name);
            if (InterceptedValues.isSet(quarkus)) {
                return quarkus;
            }
            return count(byDefault(Runtime.getRuntime().availableProcessors()),
                    "Portcullis default (one event loop per CPU core but one)", Integer.MIN_VALUE);
        };
    }

    /** Quarkus's setting holding {@code loops}, said to come from {@code source}. */
    private static ConfigValue count(int loops, String source, int ordinal) {
        return InterceptedValues.of(QUARKUS_SETTING, Integer.toString(loops), source, ordinal);
    }

    /** A whole number from 1 to {@link #MAX}; anything else stops the start with a message naming the setting. */
    static int parse(String value) {
        String text = value.strip();
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > MAX) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new IllegalArgumentException("PORTCULLIS_GATEWAY_EVENT_LOOPS (" + SETTING + ") must be a whole "
                    + "number from 1 to " + MAX + ", not '" + shown + "'");
        }
        return count;
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(3300);
    }
}
