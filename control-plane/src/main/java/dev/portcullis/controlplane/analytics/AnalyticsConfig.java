package dev.portcullis.controlplane.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Where the control plane reads the gateways' analytics stream and how long it keeps what it stored. The Redis
 * settings have the same environment variables as the gateway's ({@code PORTCULLIS_REDIS_URL},
 * {@code PORTCULLIS_REDIS_KEY_PREFIX}, {@code PORTCULLIS_REDIS_CLUSTER}); docs/configuration.md lists them all.
 */
@ConfigMapping(prefix = "portcullis")
public interface AnalyticsConfig {

    /** {@code PORTCULLIS_REDIS_URL}; on Redis Cluster a comma list of seed nodes. */
    @WithDefault("redis://127.0.0.1:6379")
    String redisUrl();

    /** {@code PORTCULLIS_REDIS_KEY_PREFIX}: the stream is {@code <prefix>analytics}. */
    @WithDefault("portcullis:")
    String redisKeyPrefix();

    /** {@code PORTCULLIS_REDIS_CLUSTER}. */
    @WithDefault("false")
    boolean redisCluster();

    Analytics analytics();

    interface Analytics {
        /** Read the stream at all ({@code PORTCULLIS_ANALYTICS_INGEST}). */
        @WithDefault("true")
        boolean ingest();

        /** Raw records older than this are deleted ({@code PORTCULLIS_ANALYTICS_RAW_RETENTION}). */
        @WithDefault("7d")
        Duration rawRetention();

        /** {@code PORTCULLIS_ANALYTICS_MINUTE_RETENTION}. */
        @WithDefault("2d")
        Duration minuteRetention();

        /** {@code PORTCULLIS_ANALYTICS_HOUR_RETENTION}. */
        @WithDefault("90d")
        Duration hourRetention();

        /** {@code PORTCULLIS_ANALYTICS_DAY_RETENTION}. */
        @WithDefault("400d")
        Duration dayRetention();

        /** Entries pending longer than this on another consumer are claimed ({@code PORTCULLIS_ANALYTICS_CLAIM_IDLE}). */
        @WithDefault("60s")
        Duration claimIdle();

        /**
         * The most stream entries stored in one transaction ({@code PORTCULLIS_ANALYTICS_BATCH_SIZE}). Bigger
         * batches fold more records into each roll-up row while there is a backlog (docs/performance.md,
         * "Analytics ingest"); at least 1.
         */
        @WithDefault("20000")
        int batchSize();

        /**
         * How many threads ingest the stream ({@code PORTCULLIS_ANALYTICS_INGEST_THREADS}, 1 to 8): with two, one
         * reads and parses the next batch while PostgreSQL stores the other, which together can take two cores;
         * with one the ingest takes about one core at most, leaving the other to a gateway on the same machine
         * (docs/performance.md, "Sixth performance round").
         */
        @WithDefault("2")
        int ingestThreads();

        /**
         * How long an ingest thread that has caught up with the stream waits, from the start of one read to the
         * next, so that what gateways append meanwhile is stored in one transaction rather than a few records at a
         * time ({@code PORTCULLIS_ANALYTICS_INGEST_LINGER}, 0 to 1 s; 0: read again at once). A thread with a
         * backlog (a full batch) and a read that found nothing do not wait.
         */
        @WithDefault("250ms")
        Duration ingestLinger();
    }
}
