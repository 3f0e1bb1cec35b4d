package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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

    /** The stream named for entries a test makes up rather than reads. */
    private static final String SYNTHETIC = "it:synthetic";

    @Inject
    DataSource dataSource;

    @Inject
    AnalyticsStore store;

    @Inject
    Vertx vertx;

    @Inject
    AnalyticsConfig config;

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
    void theMcpRevisionOfARecordIsStoredAndRecordsWithoutOneStillArrive() throws Exception {
        String proxy = Api.unique();
        AnalyticsRecord old = record(proxy, Instant.now(), "get_users", 200, 1_000);
        AnalyticsRecord stateless = withProtocolVersion(record(proxy, Instant.now(), "get_user", 200, 1_000),
                "2026-07-28");

        append(keyPrefix(), old);
        append(keyPrefix(), stateless);

        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, proxy) == 2);
        assertThat(AnalyticsStreamSupport.count(dataSource, "select count(*) from analytics_record "
                + "where proxy_id = ? and protocol_version = '2026-07-28' and primitive_name = 'get_user'", proxy))
                .isEqualTo(1);
        assertThat(AnalyticsStreamSupport.count(dataSource, "select count(*) from analytics_record "
                + "where proxy_id = ? and protocol_version is null and primitive_name = 'get_users'", proxy))
                .isEqualTo(1);
    }

    private static AnalyticsRecord withProtocolVersion(AnalyticsRecord r, String version) {
        return new AnalyticsRecord(r.id(), r.time(), r.gateway(), r.proxy(), r.httpMethod(), r.path(), r.status(),
                r.latencyMicros(), r.upstreamLatencyMicros(), r.bytesIn(), r.bytesOut(), r.consumerType(), r.keyId(),
                r.alias(), r.mcpMethod(), r.mcpPrimitiveType(), r.mcpPrimitiveName(), r.mcpErrorCode(),
                r.errorReason(), r.sessionIdHash(), r.traceId(), r.upstreamErrorCode(), r.toolError(), r.truncated(),
                version);
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
            store.ingest(crashed.key(), batch);
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
            store.ingest(dead.key(), dead.readNew(IngestCycle.BATCH, 100));
        }

        try (AnalyticsStream survivor = stream(prefix, "cp-survivor")) {
            assertThat(new IngestCycle(survivor, store, 0).runOnce()).isEqualTo(1);
        }

        assertThat(pendingOf(prefix)).isZero();
        assertThat(rolledUp(dataSource, Resolution.DAY, proxy)).isEqualTo(1);
    }

    @Test
    void batchesLargerThanOneRedisCommandAreReadClaimedAndAcknowledgedWhole() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        int count = 2 * AnalyticsStream.CHUNK + 17;
        List<String> appended = new ArrayList<>();
        try (RespClient client = RespClient.connect(RedisEndpoint.parse(redisUrl()), Duration.ofSeconds(2))) {
            for (int i = 0; i < count; i++) {
                appended.add((String) client.command("XADD", prefix + "analytics", "*", "r",
                        AnalyticsRecordJson.write(record(Api.unique(), Instant.now(), "get_users", 200, 1_000))));
            }
        }
        try (AnalyticsStream dead = stream(prefix, "cp-dead"); AnalyticsStream survivor = stream(prefix, "cp-next")) {
            dead.ensureGroup();
            assertThat(dead.readNew(AnalyticsStream.CHUNK + 5, 100)).extracting(StreamEntry::streamId)
                    .containsExactlyElementsOf(appended.subList(0, AnalyticsStream.CHUNK + 5));
            assertThat(dead.readNew(IngestCycle.BATCH, 100)).extracting(StreamEntry::streamId)
                    .containsExactlyElementsOf(appended.subList(AnalyticsStream.CHUNK + 5, count));
            assertThat(dead.ownPending(IngestCycle.BATCH)).extracting(StreamEntry::streamId)
                    .containsExactlyElementsOf(appended);
            assertThat(dead.ownPending(AnalyticsStream.CHUNK + 1)).hasSize(AnalyticsStream.CHUNK + 1);

            List<StreamEntry> claimed = survivor.claimAbandoned(0, IngestCycle.BATCH);
            assertThat(claimed).extracting(StreamEntry::streamId).containsExactlyElementsOf(appended);
            assertThat(claimed).allSatisfy(entry -> assertThat(entry.json()).contains("get_users"));
            survivor.ack(claimed);
        }
        assertThat(pendingOf(prefix)).isZero();
    }

    @Test
    void consumersOfStoppedControlPlanesAreRemovedOnceTheyHoldNothing() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        try (AnalyticsStream self = stream(prefix, "cp-self");
             AnalyticsStream stopped = stream(prefix, "cp-stopped");
             AnalyticsStream holding = stream(prefix, "cp-holding")) {
            self.ensureGroup();
            // A consumer exists once it has been delivered an entry; the stopped one acknowledged what it read.
            append(prefix, record(Api.unique(), Instant.now(), "get_users", 200, 1_000));
            stopped.ack(stopped.readNew(10, 10));
            append(prefix, record(Api.unique(), Instant.now(), "get_users", 200, 1_000));
            assertThat(holding.readNew(10, 10)).hasSize(1);
            append(prefix, record(Api.unique(), Instant.now(), "get_users", 200, 1_000));
            self.ack(self.readNew(10, 10));
            assertThat(consumersOf(prefix)).containsExactlyInAnyOrder("cp-self", "cp-stopped", "cp-holding");

            assertThat(self.forgetIdleConsumers(60_000)).as("nobody idle that long yet").isEmpty();
            Thread.sleep(300);

            assertThat(self.forgetIdleConsumers(200)).containsExactly("cp-stopped");
            assertThat(consumersOf(prefix)).containsExactlyInAnyOrder("cp-self", "cp-holding");
        }
    }

    @Test
    void aConsumerIsDeletedOnlyIfItHoldsNothingWhenTheDeletionRuns() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        try (AnalyticsStream self = stream(prefix, "cp-self"); AnalyticsStream other = stream(prefix, "cp-other")) {
            self.ensureGroup();
            append(prefix, record(Api.unique(), Instant.now(), "get_users", 200, 1_000));
            List<StreamEntry> held = other.readNew(10, 10);
            assertThat(held).hasSize(1);

            // as if forgetIdleConsumers had read "pending 0" just before this entry was delivered
            assertThat(self.deleteIfIdleAndEmpty("cp-other", 0)).isFalse();
            assertThat(consumersOf(prefix)).contains("cp-other");
            assertThat(pendingOf(prefix)).isOne();

            other.ack(held);
            assertThat(self.deleteIfIdleAndEmpty("cp-other", 60_000)).as("not idle that long").isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> self.deleteIfIdleAndEmpty("cp-other", 10));
            assertThat(consumersOf(prefix)).doesNotContain("cp-other");
            assertThat(self.deleteIfIdleAndEmpty("cp-nobody", 0)).isFalse();
        }
    }

    @Test
    void entriesEveryGroupAcknowledgedAreTrimmedAndEntriesAGroupStillNeedsStay() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String key = prefix + "analytics";
        List<String> appended = new ArrayList<>();
        try (RespClient client = RespClient.connect(RedisEndpoint.parse(redisUrl()), Duration.ofSeconds(2))) {
            for (int i = 0; i < 1_000; i++) {
                appended.add((String) client.command("XADD", key, "*", "r",
                        AnalyticsRecordJson.write(record(Api.unique(), Instant.now(), "get_users", 200, 1_000))));
            }
        }
        try (AnalyticsStream first = stream(prefix, "cp-first"); AnalyticsStream second = stream(prefix, "cp-second")) {
            first.ensureGroup();
            List<StreamEntry> read = first.readNew(600, 100);
            assertThat(read).hasSize(600);
            first.ack(read.subList(0, 400));

            long trimmed = first.trimAcknowledged();

            assertThat(trimmed).as("whole nodes of acknowledged entries").isPositive().isLessThanOrEqualTo(400);
            assertThat(streamLength(key)).isEqualTo(1_000 - trimmed);
            assertThat(idsFrom(key, appended.get(400))).as("the pending and the unread entries all stay")
                    .containsExactlyElementsOf(appended.subList(400, 1_000));

            // XINFO GROUPS lists groups by name: one before ours and one after, each keeping what it needs
            redis("XGROUP", "CREATE", key, "a-reader", "0");
            first.ack(read.subList(400, 600));
            first.ack(first.readNew(1_000, 100));
            assertThat(first.trimAcknowledged()).as("a group that has read nothing keeps everything").isZero();
            assertThat(idsFrom(key, appended.get(400))).containsExactlyElementsOf(appended.subList(400, 1_000));
            redis("XGROUP", "DESTROY", key, "a-reader");

            redis("XGROUP", "CREATE", key, "zz-reader", "0");
            redis("XREADGROUP", "GROUP", "zz-reader", "reader", "COUNT", "10", "STREAMS", key, ">");
            List<String> before = idsFrom(key, "-");
            assertThat(first.trimAcknowledged()).as("the other group's pending entries stay").isZero();
            assertThat(idsFrom(key, "-")).isEqualTo(before);
            redis("XACK", key, "zz-reader", before.get(0), before.get(1), before.get(2), before.get(3),
                    before.get(4));
            first.trimAcknowledged();
            assertThat(idsFrom(key, before.get(5))).as("from its oldest pending entry on, all stay")
                    .containsExactlyElementsOf(before.subList(5, before.size()));
            redis("XGROUP", "DESTROY", key, "zz-reader");

            assertThat(first.trimAcknowledged()).isPositive();
            long left = streamLength(key);
            assertThat(left).as("at most the node that holds the last entry delivered").isLessThan(200);
            assertThat(idsFrom(key, "-")).containsExactlyElementsOf(appended.subList(1_000 - (int) left, 1_000));
            assertThat(pendingOf(prefix)).isZero();
            assertThat(second.readNew(10, 10)).as("nothing acknowledged comes again").isEmpty();
        }
    }

    @Test
    void aLongAcknowledgedBacklogIsTrimmedBeyondWhatOneXtrimDeletes() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String key = prefix + "analytics";
        try (RespClient client = RespClient.connect(RedisEndpoint.parse(redisUrl()), Duration.ofSeconds(2))) {
            for (int i = 0; i < 25_000; i++) {
                client.command("XADD", key, "*", "r", "{}");
            }
        }
        try (AnalyticsStream stream = stream(prefix, "cp-backlog")) {
            stream.ensureGroup();
            stream.ack(stream.readNew(25_000, 100));

            assertThat(stream.trimAcknowledged()).as("Redis deletes about 10,000 entries per XTRIM ~")
                    .isGreaterThan(20_000);
            assertThat(streamLength(key)).isLessThan(200);
        }
    }

    @Test
    void noTrimWithoutTheControlPlanesOwnGroup() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String key = prefix + "analytics";
        for (int i = 0; i < 300; i++) {
            append(prefix, record(Api.unique(), Instant.now(), "get_users", 200, 1_000));
        }
        redis("XGROUP", "CREATE", key, "someone-else", "0");
        redis("XREADGROUP", "GROUP", "someone-else", "reader", "COUNT", "300", "STREAMS", key, ">");
        List<String> ids = idsFrom(key, "-");
        redis(ids.stream().collect(() -> new ArrayList<>(List.of("XACK", key, "someone-else")), List::add,
                List::addAll).toArray(String[]::new));
        try (AnalyticsStream stream = stream(prefix, "cp-late")) {
            assertThat(stream.trimAcknowledged()).as("its group would read the stream from the start").isZero();
            assertThat(streamLength(key)).isEqualTo(300);
        }
    }

    @Test
    void theRunningControlPlaneTrimsWhatItIngested() throws Exception {
        String proxy = Api.unique();
        for (int i = 0; i < 300; i++) {
            append(keyPrefix(), record(proxy, Instant.now(), "get_users", 200, 1_000));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, proxy) == 300);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamLength(keyPrefix() + "analytics") < 150);
    }

    @Test
    void recordsAppendedOneAtATimeUnderSteadyTrafficAreStoredTogether() throws Exception {
        String proxy = Api.unique();
        int records = 60;
        List<Long> appendedAt = new CopyOnWriteArrayList<>();
        AtomicReference<Exception> appendFailure = new AtomicReference<>();
        ScheduledExecutorService gateway = Executors.newSingleThreadScheduledExecutor();
        try {
            // A gateway's pace: one record every 10 ms, each read as soon as it is there when nothing lingers.
            ScheduledFuture<?> appending = gateway.scheduleAtFixedRate(() -> {
                if (appendedAt.size() < records && appendFailure.get() == null) {
                    try {
                        append(keyPrefix(), record(proxy, Instant.now(), "get_users", 200, 1_000));
                        appendedAt.add(System.nanoTime());
                    } catch (Exception e) {
                        appendFailure.set(e);
                    }
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                assertThat(appendFailure.get()).as("appending to the stream").isNull();
                return raw(dataSource, proxy) == records;
            });
            appending.cancel(false);
        } finally {
            gateway.shutdownNow();
            gateway.awaitTermination(5, TimeUnit.SECONDS);
        }

        // Each transaction stamps its records with its own start time: one ingested_at per batch stored. A thread
        // stores the first records it meets on its own (a read that waited in Redis longer than the linger reads on
        // at once), then one batch per linger, and one more after the last append: at most span / linger + 3 each.
        long batches = AnalyticsStreamSupport.count(dataSource,
                "select count(distinct ingested_at) from analytics_record where proxy_id = ?", proxy);
        long span = appendedAt.get(records - 1) - appendedAt.get(0);
        long linger = config.analytics().ingestLinger().toNanos();
        long most = config.analytics().ingestThreads() * (span / Math.max(linger, 1) + 3);
        assertThat(batches).as("%d records appended over %d ms", records, span / 1_000_000)
                .isLessThanOrEqualTo(most).isLessThan(records / 2);
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

    @Test
    void aBatchAddsUpToTheSameRollupsAsItsRecordsStoredOneByOne() throws Exception {
        String batched = Api.unique();
        String oneByOne = Api.unique();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(90);

        store.ingest(SYNTHETIC, entries(varied(batched, start)));
        for (StreamEntry entry : entries(varied(oneByOne, start))) {
            store.ingest(SYNTHETIC, List.of(entry));
        }

        for (Resolution resolution : Resolution.values()) {
            assertThat(rollupRows(resolution.table(), batched)).hasSizeGreaterThan(10)
                    .isEqualTo(rollupRows(resolution.table(), oneByOne));
            assertThat(trafficRows(resolution.trafficTable(), batched)).isNotEmpty()
                    .isEqualTo(trafficRows(resolution.trafficTable(), oneByOne));
        }
        assertThat(raw(dataSource, batched)).isEqualTo(120);
    }

    @Test
    void aBatchWhoseFirstPartWasStoredBeforeAddsOnlyItsOtherRecordsAcrossAnHourBoundary() throws Exception {
        String redelivered = Api.unique();
        String oneByOne = Api.unique();
        // 120 records a second apart across the turn of an hour (and of a day at midnight): a batch's hour and day
        // rows are summed from its minute rows.
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(60);
        List<StreamEntry> batch = entries(varied(redelivered, start));

        AnalyticsStore.Outcome part = store.ingest(SYNTHETIC, batch.subList(0, 50));
        AnalyticsStore.Outcome whole = store.ingest(SYNTHETIC, batch);
        for (StreamEntry entry : entries(varied(oneByOne, start))) {
            store.ingest(SYNTHETIC, List.of(entry));
        }

        assertThat(part).isEqualTo(new AnalyticsStore.Outcome(50, 0, 0));
        assertThat(whole).isEqualTo(new AnalyticsStore.Outcome(70, 50, 0));
        assertThat(raw(dataSource, redelivered)).isEqualTo(120);
        for (Resolution resolution : Resolution.values()) {
            assertThat(rollupRows(resolution.table(), redelivered)).hasSizeGreaterThan(10)
                    .isEqualTo(rollupRows(resolution.table(), oneByOne));
            assertThat(trafficRows(resolution.trafficTable(), redelivered))
                    .isEqualTo(trafficRows(resolution.trafficTable(), oneByOne));
            assertThat(rolledUp(dataSource, resolution, redelivered)).isEqualTo(120);
        }
        assertThat(AnalyticsStreamSupport.count(dataSource,
                "select count(distinct bucket) from analytics_hour where proxy_id = ?", redelivered)).isEqualTo(2);
    }

    @Test
    void aRecordTwiceInOneBatchAndTheWholeBatchRedeliveredCountsEachRecordOnce() throws Exception {
        String proxy = Api.unique();
        List<AnalyticsRecord> records = varied(proxy, Instant.now());
        List<StreamEntry> batch = new ArrayList<>(entries(records));
        batch.add(new StreamEntry("0-1", AnalyticsRecordJson.write(records.get(7))));

        AnalyticsStore.Outcome first = store.ingest(SYNTHETIC, batch);
        AnalyticsStore.Outcome again = store.ingest(SYNTHETIC, batch);

        assertThat(first).isEqualTo(new AnalyticsStore.Outcome(120, 1, 0));
        assertThat(again).isEqualTo(new AnalyticsStore.Outcome(0, 121, 0));
        assertThat(raw(dataSource, proxy)).isEqualTo(120);
        for (Resolution resolution : Resolution.values()) {
            assertThat(rolledUp(dataSource, resolution, proxy)).isEqualTo(120);
            assertThat(AnalyticsStreamSupport.count(dataSource, "select coalesce(sum(requests), 0) from "
                    + resolution.trafficTable() + " where proxy_id = ?", proxy)).isEqualTo(120);
        }
    }

    @Test
    void aRecordPostgresRefusesIsADeadLetterAndTheRestOfItsBatchIsStored() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String proxy = Api.unique();
        long before = store.deadLetters();
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
        append(prefix, record(proxy, Instant.now(), "bad\0tool", 200, 1_000));
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));

        try (AnalyticsStream consumer = stream(prefix, "cp-refused")) {
            consumer.ensureGroup();
            assertThat(new IngestCycle(consumer, store, 60_000).runOnce()).isEqualTo(3);
        }

        assertThat(pendingOf(prefix)).isZero();
        assertThat(store.deadLetters()).isEqualTo(before + 1);
        assertThat(raw(dataSource, proxy)).isEqualTo(2);
        assertThat(rolledUp(dataSource, Resolution.MINUTE, proxy)).isEqualTo(2);
    }

    /**
     * 120 records of one proxy over two or three minutes: 3 tools, 4 keys (one alias each), statuses and gateway
     * error codes, latencies across the histogram's buckets; the same list for the same arguments.
     */
    private static List<AnalyticsRecord> varied(String proxy, Instant start) {
        List<AnalyticsRecord> records = new ArrayList<>();
        int[] statuses = {200, 200, 200, 429, 500};
        for (int i = 0; i < 120; i++) {
            int status = statuses[i % statuses.length];
            String key = "key-" + (i % 4);
            records.add(new AnalyticsRecord(UUID.randomUUID().toString(), start.plusSeconds(i), "gw-it", proxy,
                    "POST", "/" + proxy + "/mcp", status, 300L * (i * i % 997), null, 10, 20, "key", key,
                    "alias-" + key, "tools/call", "tool", "tool-" + (i % 3), status == 429 ? -32029 : null,
                    status == 429 ? "rate_limited" : null, null, null, i % 7 == 0 ? -32602 : null, i % 11 == 0));
        }
        return records;
    }

    private static List<StreamEntry> entries(List<AnalyticsRecord> records) {
        List<StreamEntry> entries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            entries.add(new StreamEntry("0-" + (i + 2), AnalyticsRecordJson.write(records.get(i))));
        }
        return entries;
    }

    /** Every roll-up row of a proxy, all columns but the proxy's id, as text in key order. */
    private List<String> rollupRows(String table, String proxy) throws Exception {
        return rows("select concat_ws('|', bucket, primitive_type, primitive_name, key_id, status, error_code, alias, "
                + "requests, errors, latency_sum_micros, latency_max_micros, latency_histogram) from " + table
                + " where proxy_id = ? order by bucket, primitive_type, primitive_name, key_id, status, error_code",
                proxy);
    }

    private List<String> trafficRows(String table, String proxy) throws Exception {
        return rows("select concat_ws('|', bucket, primitive_type, primitive_name, status, requests, errors) from "
                + table + " where proxy_id = ? order by bucket, primitive_type, primitive_name, status", proxy);
    }

    private List<String> rows(String sql, String proxy) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, proxy);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        }
        return rows;
    }

    private AnalyticsStream stream(String prefix, String consumer) {
        return new AnalyticsStream(vertx, redisUrl(), false, prefix, consumer);
    }

    private static List<String> consumersOf(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (Object consumer : (List<?>) redis("XINFO", "CONSUMERS", prefix + "analytics", AnalyticsStream.GROUP)) {
            List<?> fields = (List<?>) consumer;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("name".equals(fields.get(i))) {
                    names.add((String) fields.get(i + 1));
                }
            }
        }
        return names;
    }

    private static long streamLength(String key) throws Exception {
        return (Long) redis("XLEN", key);
    }

    /** The ids of the stream's entries from {@code start} on ({@code -}: all). */
    private static List<String> idsFrom(String key, String start) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Object entry : (List<?>) redis("XRANGE", key, start, "+")) {
            ids.add((String) ((List<?>) entry).get(0));
        }
        return ids;
    }

    private static long pendingOf(String prefix) throws Exception {
        List<?> summary = (List<?>) redis("XPENDING", prefix + "analytics", AnalyticsStream.GROUP);
        return (Long) summary.get(0);
    }
}
