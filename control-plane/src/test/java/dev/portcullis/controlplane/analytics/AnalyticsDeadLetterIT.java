package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.ManagementInterface;
import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.append;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.keyPrefix;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.raw;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.record;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.redis;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.redisUrl;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.rolledUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Entries no gateway could produce (a 20 kB primitive name whose roll-up row PostgreSQL cannot index, a NUL
 * character, a payload that is not JSON), written straight to the stream: each becomes a dead letter and the
 * entries behind it are ingested at once.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AnalyticsDeadLetterIT {

    @Inject
    DataSource dataSource;

    @Inject
    AnalyticsStore store;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Test
    void entriesTheDatabaseRefusesAreDeadLetteredAndTheRecordsBehindThemArriveWithinSeconds() throws Exception {
        String proxy = Api.unique();
        String stream = keyPrefix() + "analytics";
        double countedBefore = deadLettersCounted();
        String poison = xadd(stream, AnalyticsRecordJson.write(record(proxy, Instant.now(), letters(20_000), 401, 900)));
        String nul = xadd(stream, AnalyticsRecordJson.write(record(proxy, Instant.now(), "bad\0tool", 200, 900)));
        String malformed = xadd(stream, "{\"id\":\"not json");
        for (int i = 0; i < 3; i++) {
            append(keyPrefix(), record(proxy, Instant.now(), "get_users", 200, 1_000));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> raw(dataSource, proxy) == 3);
        assertThat(rolledUp(dataSource, Resolution.MINUTE, proxy)).isEqualTo(3);
        String viewer = Dashboard.createToken(Dashboard.signIn(Dashboard.createUser("viewer")), null);
        Dashboard.bearer(viewer).queryParam("proxy", proxy).get("/api/analytics/records").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(3));

        JsonPath letters = Dashboard.bearer(viewer).queryParam("size", 200).get("/api/analytics/dead-letters")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> poisonLetter = letter(letters, stream, poison);
        assertThat((String) poisonLetter.get("error")).startsWith("SQLSTATE 54000: ");
        assertThat((String) poisonLetter.get("payload")).hasSize(DeadLetter.MAX_PAYLOAD).startsWith("{\"id\":");
        assertThat((Integer) poisonLetter.get("payloadLength")).isGreaterThan(20_000);
        assertThat(poisonLetter.get("payloadTruncated")).isEqualTo(true);
        assertThat((String) letter(letters, stream, nul).get("error")).startsWith("SQLSTATE 22");
        assertThat(letter(letters, stream, malformed)).containsEntry("payload", "{\"id\":\"not json")
                .containsEntry("payloadTruncated", false);
        assertThat((String) letter(letters, stream, malformed).get("error")).startsWith("not an analytics record");
        assertThat(deadLettersCounted()).isGreaterThanOrEqualTo(countedBefore + 3);
    }

    @Test
    void aBatchWithBadEntriesAmongGoodOnesStoresEachGoodRecordOnceAndEachBadOneAsADeadLetter() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String stream = prefix + "analytics";
        String proxy = Api.unique();
        long countedBefore = store.deadLetters();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i == 2 || i == 9) {
                bad.add(xadd(stream, AnalyticsRecordJson.write(record(proxy, Instant.now(), letters(20_000), 200, 1))));
            } else if (i == 5) {
                bad.add(xadd(stream, AnalyticsRecordJson.write(record(proxy, Instant.now(), "nul\0", 200, 1))));
            } else {
                append(prefix, record(proxy, Instant.now(), "tool-" + (i % 3), 200, 1_000));
            }
        }

        try (AnalyticsStream consumer = stream(prefix, "cp-bisect")) {
            consumer.ensureGroup();
            assertThat(new IngestCycle(consumer, store, 60_000).runOnce()).isEqualTo(12);
        }

        assertThat(pendingOf(stream)).isZero();
        assertThat(raw(dataSource, proxy)).isEqualTo(9);
        for (Resolution resolution : Resolution.values()) {
            assertThat(rolledUp(dataSource, resolution, proxy)).isEqualTo(9);
        }
        assertThat(deadLetterIds(stream)).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(store.deadLetters()).isEqualTo(countedBefore + 3);

        store.deadLetter(stream, new StreamEntry(bad.get(0), "{}"), "redelivered");

        assertThat(deadLetterIds(stream)).hasSize(3);
        assertThat(store.deadLetters()).isEqualTo(countedBefore + 3);
    }

    @Test
    void aLostConnectionRetriesTheWholeBatchAndDeadLettersNothing() throws Exception {
        String prefix = keyPrefix() + Api.unique() + ":";
        String stream = prefix + "analytics";
        String proxy = Api.unique();
        AtomicInteger failures = new AtomicInteger(1);
        AnalyticsStore flaky = new AnalyticsStore(dataSource, registry) {
            @Override
            public Outcome ingest(String key, List<StreamEntry> entries) throws SQLException {
                if (failures.getAndDecrement() > 0) {
                    throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                }
                return super.ingest(key, entries);
            }
        };
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));
        append(prefix, record(proxy, Instant.now(), "get_users", 200, 1_000));

        try (AnalyticsStream consumer = stream(prefix, "cp-flaky")) {
            consumer.ensureGroup();
            IngestCycle cycle = new IngestCycle(consumer, flaky, 60_000);
            assertThatThrownBy(cycle::runOnce).isInstanceOf(SQLException.class);
            assertThat(pendingOf(stream)).isEqualTo(2);
            assertThat(deadLetterIds(stream)).isEmpty();

            assertThat(cycle.runOnce()).isEqualTo(2);
        }

        assertThat(pendingOf(stream)).isZero();
        assertThat(raw(dataSource, proxy)).isEqualTo(2);
        assertThat(deadLetterIds(stream)).isEmpty();
    }

    @Test
    void deadLettersNeedASignedInUser() {
        RestAssured.given().get("/api/analytics/dead-letters").then().statusCode(401);
    }

    /** Lowercase letters in no pattern, so PostgreSQL cannot compress them below its index row limit. */
    private static String letters(int count) {
        Random random = new Random(count);
        StringBuilder letters = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    private static String xadd(String stream, String payload) throws Exception {
        return (String) redis("XADD", stream, "*", "r", payload);
    }

    private static Map<String, Object> letter(JsonPath letters, String stream, String streamId) {
        List<Map<String, Object>> items = letters.getList("items");
        return items.stream().filter(item -> stream.equals(item.get("stream")) && streamId.equals(item.get("streamId")))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + streamId));
    }

    private List<String> deadLetterIds(String stream) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(
                     "select stream_id from analytics_dead_letter_entry where stream = ?")) {
            statement.setString(1, stream);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private final URL metrics = ManagementInterface.metrics();

    private double deadLettersCounted() {
        return RestAssured.given().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("portcullis_analytics_dead_letters_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("portcullis_analytics_dead_letters_total is not exported"));
    }

    private AnalyticsStream stream(String prefix, String consumer) {
        return new AnalyticsStream(vertx, redisUrl(), false, prefix, consumer);
    }

    private static long pendingOf(String stream) throws Exception {
        List<?> summary = (List<?>) redis("XPENDING", stream, AnalyticsStream.GROUP);
        return (Long) summary.get(0);
    }
}
