package dev.portcullis.gateway.health;

import dev.portcullis.gateway.Gateway;
import dev.portcullis.gateway.GatewayLifecycle;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.sync.ConfigFreshness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a snapshot is applied (before that every agent request would get 503), and, with
 * {@code PORTCULLIS_STALE_CONFIG_READINESS=not-ready}, only while the configuration is not stale. The data always
 * says how old the last confirmation is ({@code configAgeSeconds}) and whether that is stale. Liveness never
 * depends on the configuration: a gateway cut off from every control plane is not restarted.
 */
@Readiness
@ApplicationScoped
public class ConfigReadinessCheck implements HealthCheck {

    static final String NAME = "config-snapshot";

    private final GatewayLifecycle lifecycle;

    public ConfigReadinessCheck(GatewayLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return of(lifecycle.gateway());
    }

    /** The readiness of {@code gateway}; null while it is starting. */
    public static HealthCheckResponse of(Gateway gateway) {
        GatewayRuntime runtime = gateway == null ? null : gateway.runtime();
        if (runtime == null) {
            return HealthCheckResponse.named(NAME).down()
                    .withData("reason", "no configuration snapshot applied yet").build();
        }
        ConfigFreshness freshness = gateway.freshness();
        boolean stale = freshness.stale();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME)
                .status(!freshness.holdsReadinessDown())
                .withData("version", runtime.version())
                .withData("proxies", runtime.listenPaths().size())
                .withData("configAgeSeconds", freshness.age().toSeconds())
                .withData("stale", stale)
                .withData("staleReadiness", freshness.rule().readiness().value());
        if (stale) {
            builder.withData("reason", "no control plane has confirmed the configuration for more than "
                    + freshness.rule().after().toSeconds() + " s");
        }
        return builder.build();
    }
}
