package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.append;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.count;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.keyPrefix;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.raw;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.record;
import static dev.portcullis.controlplane.support.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * The member of a virtual server's records, ingested through the stream: stored on the raw record and in the
 * roll-ups, filtered by {@code member=}, and matched by {@code proxy=} of the member. Data set: virtual server V
 * sends 3 calls to member A and 2 to member B, and answers 1 list itself (no member); A has 4 direct calls.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AnalyticsMemberIT {

    @Inject
    DataSource dataSource;

    private String virtual;
    private String memberA;
    private String memberB;
    private Instant base;

    @BeforeEach
    void loadDataSet() throws Exception {
        virtual = Api.unique();
        memberA = Api.unique();
        memberB = Api.unique();
        base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).plus(Duration.ofMinutes(10));
        List<AnalyticsRecord> viaVirtual = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            viaVirtual.add(virtualRecord(base.plusSeconds(i), "a_get_users", memberA));
        }
        for (int i = 0; i < 2; i++) {
            viaVirtual.add(virtualRecord(base.plusSeconds(10 + i), "b_echo", memberB));
        }
        viaVirtual.add(virtualRecord(base.plusSeconds(20), null, null));
        for (AnalyticsRecord record : viaVirtual) {
            append(keyPrefix(), record);
        }
        for (int i = 0; i < 4; i++) {
            append(keyPrefix(), record(memberA, base.plusSeconds(30 + i), "get_users", 200, 5_000));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, virtual) == viaVirtual.size()
                && raw(dataSource, memberA) == 4);
    }

    private AnalyticsRecord virtualRecord(Instant time, String tool, String member) {
        return new AnalyticsRecord(UUID.randomUUID().toString(), time, "gw-it", virtual, "POST",
                "/" + virtual + "/mcp", 200, 5_000, 2_000L, 100, 200, "key", "key-" + virtual, "agent-" + virtual,
                tool == null ? "tools/list" : "tools/call", tool == null ? null : "tool", tool, null, null, null,
                null, null, false, false, "2025-11-25", member);
    }

    @Test
    void storesTheMemberOnTheRecordAndInTheRollUps() throws Exception {
        assertThat(count(dataSource, "select count(*) from analytics_record where member = ?", memberA))
                .isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(count(dataSource, "select coalesce(sum(requests), 0) from analytics_minute where member = ?",
                    memberB)).isEqualTo(2);
            assertThat(count(dataSource, "select coalesce(sum(requests), 0) from analytics_traffic_hour"
                    + " where member = ?", memberA)).isEqualTo(3);
        });
    }

    @Test
    void recordsFilteredByMemberAreTheVirtualServersRequestsItServed() {
        admin().queryParam("member", memberA).queryParam("from", base.minusSeconds(60).toString())
                .get("/api/analytics/records").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items.proxy", everyItem(equalTo(virtual)))
                .body("items.member", everyItem(equalTo(memberA)))
                .body("items.mcpPrimitiveName", everyItem(equalTo("a_get_users")));
    }

    @Test
    void aProxyFilterAlsoMatchesWhatTheProxyServedAsAMember() {
        admin().queryParam("proxy", memberA).queryParam("from", base.minusSeconds(60).toString())
                .get("/api/analytics/records").then().statusCode(200)
                .body("items", hasSize(7));

        admin().queryParam("proxy", memberA).queryParam("from", base.minusSeconds(60).toString())
                .queryParam("to", base.plusSeconds(3600).toString()).queryParam("resolution", "minute")
                .queryParam("groupBy", "proxy").get("/api/analytics/traffic").then().statusCode(200)
                .body("points.proxy", containsInAnyOrder(virtual, memberA));
    }

    @Test
    void aVirtualServersTrafficCountsEveryRequestOnceAndSplitsByMember() {
        admin().queryParam("proxy", virtual).queryParam("sort", "used").get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("items.primitive", containsInAnyOrder("a_get_users", "b_echo"));
        admin().queryParam("proxy", virtual).queryParam("member", memberB).get("/api/analytics/consumers")
                .then().statusCode(200)
                .body("items[0].requests", equalTo(2));
        admin().queryParam("proxy", virtual).get("/api/analytics/consumers")
                .then().statusCode(200)
                .body("items[0].requests", equalTo(6));
    }
}
