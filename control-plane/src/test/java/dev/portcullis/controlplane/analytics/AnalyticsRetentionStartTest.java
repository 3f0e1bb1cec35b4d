package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsRetentionStartTest {

    @Test
    void refusesToStartIngestingWithARawRetentionBelowOneDay() {
        AnalyticsRetention retention = new AnalyticsRetention(null, config(true, Duration.ofHours(6)));

        assertThatThrownBy(() -> retention.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_ANALYTICS_RAW_RETENTION");
    }

    @Test
    void startsWithAShortRawRetentionWhenNotIngesting() {
        AnalyticsRetention retention = new AnalyticsRetention(null, config(false, Duration.ofHours(6)));

        assertThatCode(() -> retention.onStart(null)).doesNotThrowAnyException();
        retention.onStop(null);
    }

    private static AnalyticsConfig config(boolean ingest, Duration rawRetention) {
        AnalyticsConfig.Analytics analytics = new AnalyticsConfig.Analytics() {
            @Override
            public boolean ingest() {
                return ingest;
            }

            @Override
            public Duration rawRetention() {
                return rawRetention;
            }

            @Override
            public Duration minuteRetention() {
                return Duration.ofDays(2);
            }

            @Override
            public Duration hourRetention() {
                return Duration.ofDays(90);
            }

            @Override
            public Duration dayRetention() {
                return Duration.ofDays(400);
            }

            @Override
            public Duration claimIdle() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int batchSize() {
                return IngestCycle.BATCH;
            }

            @Override
            public int ingestThreads() {
                return AnalyticsIngester.THREADS;
            }

            @Override
            public Duration ingestLinger() {
                return Duration.ofMillis(250);
            }
        };
        return new AnalyticsConfig() {
            @Override
            public String redisUrl() {
                return "redis://127.0.0.1:6379";
            }

            @Override
            public String redisKeyPrefix() {
                return "portcullis:";
            }

            @Override
            public boolean redisCluster() {
                return false;
            }

            @Override
            public Analytics analytics() {
                return analytics;
            }
        };
    }
}
