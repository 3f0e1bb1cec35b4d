package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.append;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.keyPrefix;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.raw;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.record;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.redis;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.redisUrl;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.rolledUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AnalyticsIngestIT {

    @Inject
    DataSource dataSource;

    @Inject
    AnalyticsStore store;

    @Inject
    Vertx vertx;

    @Test
    void recordsAppendedByAGatewayAppearOnceInRawRecordsAndEveryRollup() throws Exception {
        String proxy = Api.unique();
        Instant now = Instant.now();

        for (int i = 0; i < 3; i++) {
            append(keyPrefix(), record(proxy, now, "get_users", 200, 4_000));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, proxy) == 3);
        for (Resolution resolution : Resolution.values()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> rolledUp(dataSource, resolution, proxy) == 3);
        }
        assertThat(AnalyticsStreamSupport.count(dataSource, "select latency_sum_micros from analytics_hour "
                + "where proxy_id = ?", proxy)).isEqualTo(12_000);
    }

    @Test
    void theSameRecordAppendedTwiceCountsOnce() throws Exception {
        String proxy = Api.unique();
        AnalyticsRecord record = record(proxy, Instant.now(), "get_users", 200, 1_000);
        AnalyticsRecord marker = record(proxy, Instant.now(), "marker", 200, 1_000);

        append(keyPrefix(), record);
        append(keyPrefix(), record);
        append(keyPrefix(), marker);

        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, proxy) == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingOf(keyPrefix()) == 0);
        assertThat(rolledUp(dataSource, Resolution.MINUTE, proxy)).isEqualTo(2);
        assertThat(rolledUp(dataSource, Resolution.DAY, proxy)).isEqualTo(2);
    }

    @Test
    void aBatchStoredButNotAcknowledgedBeforeACrashIsNotCountedAgainOnRedelivery() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String proxy = Api.unique();
        try (AnalyticsStream crashed = stream(prefix, "cp-crashed")) {
            crashed.ensureGroup();
            append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
            append(prefix, record(proxy, Instant.now(), "get_users", 500, 1_000));
            List<StreamEntry> batch = crashed.readNew(IngestCycle.BATCH, 100);
            assertThat(batch).hasSize(2);
            store.ingest(batch);
        }
        assertThat(pendingOf(prefix)).isEqualTo(2);

        try (AnalyticsStream restarted = stream(prefix, "cp-crashed")) {
            assertThat(new IngestCycle(restarted, store, 60_000).runOnce()).isEqualTo(2);
        }

        assertThat(pendingOf(prefix)).isZero();
        assertThat(raw(dataSource, proxy)).isEqualTo(2);
        assertThat(rolledUp(dataSource, Resolution.MINUTE, proxy)).isEqualTo(2);
        assertThat(rolledUp(dataSource, Resolution.HOUR, proxy)).isEqualTo(2);
    }

    @Test
    void entriesLeftPendingByADeadConsumerAreClaimedByAnotherAndCountedOnce() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String proxy = Api.unique();
        try (AnalyticsStream dead = stream(prefix, "cp-dead")) {
            dead.ensureGroup();
            append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
            store.ingest(dead.readNew(IngestCycle.BATCH, 100));
        }

        try (AnalyticsStream survivor = stream(prefix, "cp-survivor")) {
            assertThat(new IngestCycle(survivor, store, 0).runOnce()).isEqualTo(1);
        }

        assertThat(pendingOf(prefix)).isZero();
        assertThat(rolledUp(dataSource, Resolution.DAY, proxy)).isEqualTo(1);
    }

    @Test
    void recordsAppendedWhileNoControlPlaneRunsArriveWhenOneStarts() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String proxy = Api.unique();
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
        try (AnalyticsStream first = stream(prefix, "cp-first")) {
            first.ensureGroup();
            IngestCycle cycle = new IngestCycle(first, store, 60_000);
            assertThat(cycle.runOnce()).isEqualTo(1);
        }
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));

        try (AnalyticsStream next = stream(prefix, "cp-next")) {
            next.ensureGroup();
            assertThat(new IngestCycle(next, store, 60_000).runOnce()).isEqualTo(2);
        }

        assertThat(raw(dataSource, proxy)).isEqualTo(3);
        assertThat(rolledUp(dataSource, Resolution.MINUTE, proxy)).isEqualTo(3);
    }

    @Test
    void anUnparseableEntryIsCountedAsDeadLetterAndAcknowledged() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String proxy = Api.unique();
        long before = store.deadLetters();
        redis("XADD", prefix + "analytics", "*", "r", "{not json");
        redis("XADD", prefix + "analytics", "*", "other", "field");
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));

        try (AnalyticsStream consumer = stream(prefix, "cp-dl")) {
            consumer.ensureGroup();
            assertThat(new IngestCycle(consumer, store, 60_000).runOnce()).isEqualTo(3);
        }

        assertThat(pendingOf(prefix)).isZero();
        assertThat(store.deadLetters()).isEqualTo(before + 2);
        assertThat(raw(dataSource, proxy)).isEqualTo(1);
    }

    private AnalyticsStream stream(String prefix, String consumer) {
        return new AnalyticsStream(vertx, redisUrl(), false, prefix, consumer);
    }

    private static long pendingOf(String prefix) throws Exception {
        List<?> summary = (List<?>) redis("XPENDING", prefix + "analytics", AnalyticsStream.GROUP);
        return (Long) summary.get(0);
    }
}
