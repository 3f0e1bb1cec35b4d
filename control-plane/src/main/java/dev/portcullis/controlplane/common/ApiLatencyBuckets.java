package dev.portcullis.controlplane.common;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * Fixed histogram buckets for the API's latency by route ({@code http_server_requests_seconds_bucket}), so a p95 per
 * route is computed in Prometheus across replicas: 5 ms to 10 s, the gateway's buckets up to there.
 */
public class ApiLatencyBuckets {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final double[] BUCKETS_NANOS = {
            ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1_000), ms(2_500), ms(5_000), ms(10_000)};

    @Produces
    @Singleton
    MeterFilter apiLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS_NANOS).build()
                        .merge(config);
            }
        };
    }

    private static double ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

}
