package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.append;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.keyPrefix;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.raw;
import static dev.portcullis.controlplane.analytics.AnalyticsStreamSupport.record;
import static dev.portcullis.controlplane.support.Api.admin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * A known data set on one proxy, in one hour about two hours ago, ingested through the stream: get_users 10 calls at 5 ms,
 * create_post 4 calls of which 3 failed (500) at 20 ms, slow_report 2 calls at 900 ms.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AnalyticsApiIT {

    @Inject
    DataSource dataSource;

    private String proxy;
    private Instant base;

    @BeforeEach
    void loadDataSet() throws Exception {
        proxy = Api.unique();
        base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).plus(Duration.ofMinutes(10));
        List<AnalyticsRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(record(proxy, base.plusSeconds(i), "get_users", 200, 5_000));
        }
        for (int i = 0; i < 4; i++) {
            records.add(record(proxy, base.plusSeconds(60 + i), "create_post", i == 0 ? 200 : 500, 20_000));
        }
        records.add(record(proxy, base.plusSeconds(120), "slow_report", 200, 900_000));
        records.add(record(proxy, base.plusSeconds(121), "slow_report", 200, 900_000));
        for (AnalyticsRecord record : records) {
            append(keyPrefix(), record);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> raw(dataSource, proxy) == records.size());
    }

    @Test
    void ranksPrimitivesByUseFailuresAndP95Latency() {
        admin().queryParam("proxy", proxy).queryParam("sort", "used").get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("sort", equalTo("used"))
                .body("items.primitive", contains("get_users", "create_post", "slow_report"))
                .body("items[0].requests", equalTo(10))
                .body("items[0].avgLatencyMs", equalTo(5.0f));

        admin().queryParam("proxy", proxy).queryParam("sort", "failing").queryParam("limit", "1")
                .get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].primitive", equalTo("create_post"))
                .body("items[0].errors", equalTo(3))
                .body("items[0].errorRate", equalTo(0.75f));

        admin().queryParam("proxy", proxy).queryParam("sort", "slowest").get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("items.primitive", contains("slow_report", "create_post", "get_users"))
                .body("items[0].p95LatencyMs", equalTo(900.0f));
    }

    @Test
    void ranksKeysByRequestsAndAnswersWhoCallsAPrimitive() {
        admin().queryParam("proxy", proxy).get("/api/analytics/consumers")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].key", equalTo("key-" + proxy))
                .body("items[0].alias", equalTo("agent-" + proxy))
                .body("items[0].requests", equalTo(16))
                .body("items[0].errors", equalTo(3))
                .body("items[0].p95LatencyMs", equalTo(900.0f));

        admin().queryParam("proxy", proxy).queryParam("primitive", "create_post").get("/api/analytics/consumers")
                .then().statusCode(200)
                .body("items[0].requests", equalTo(4))
                .body("items[0].errorRate", equalTo(0.75f));

        admin().queryParam("proxy", proxy).queryParam("limit", "0").get("/api/analytics/consumers")
                .then().statusCode(400);
    }

    @Test
    void answersTrafficPerMinuteWithStatusCodes() {
        admin().queryParam("proxy", proxy)
                .queryParam("from", base.minus(Duration.ofMinutes(5)).toString())
                .queryParam("to", base.plus(Duration.ofMinutes(5)).toString())
                .get("/api/analytics/traffic")
                .then().statusCode(200)
                .body("resolution", equalTo("minute"))
                .body("points.time", contains(base.toString(), base.plusSeconds(60).toString(),
                        base.plusSeconds(120).toString()))
                .body("points.requests", contains(10, 4, 2))
                .body("points.errors", contains(0, 3, 0))
                .body("points[1].statusCodes.'200'", equalTo(1))
                .body("points[1].statusCodes.'500'", equalTo(3));
    }

    @Test
    void groupsTrafficByPrimitiveAtHourResolution() {
        admin().queryParam("proxy", proxy).queryParam("groupBy", "primitive").queryParam("resolution", "hour")
                .get("/api/analytics/traffic")
                .then().statusCode(200)
                .body("groupBy", equalTo("primitive"))
                .body("points.primitive", contains("create_post", "get_users", "slow_report"))
                .body("points.requests", contains(4, 10, 2))
                .body("points[0].proxy", equalTo(proxy));
    }

    @Test
    void answersTrafficFilteredByKeyOrAliasFromTheFullRollups() {
        for (String[] filter : List.of(new String[]{"key", "key-" + proxy}, new String[]{"alias", "agent-" + proxy})) {
            admin().queryParam(filter[0], filter[1]).queryParam("groupBy", "primitive")
                    .queryParam("from", base.minus(Duration.ofMinutes(5)).toString())
                    .queryParam("to", base.plus(Duration.ofMinutes(5)).toString())
                    .get("/api/analytics/traffic")
                    .then().statusCode(200)
                    .body("points.primitive", contains("get_users", "create_post", "slow_report"))
                    .body("points.requests", contains(10, 4, 2))
                    .body("points[1].statusCodes.'500'", equalTo(3));
        }
        admin().queryParam("key", "key-of-nobody").get("/api/analytics/traffic")
                .then().statusCode(200).body("points", hasSize(0));
    }

    @Test
    void groupsTrafficByProxyFromTheTrafficRollups() {
        admin().queryParam("proxy", proxy).queryParam("groupBy", "proxy").queryParam("resolution", "hour")
                .get("/api/analytics/traffic")
                .then().statusCode(200)
                .body("points", hasSize(1))
                .body("points[0].proxy", equalTo(proxy))
                .body("points[0].primitive", nullValue())
                .body("points[0].requests", equalTo(16))
                .body("points[0].errors", equalTo(3))
                .body("points[0].statusCodes.'200'", equalTo(13));
    }

    @Test
    void ranksOverARangeReadInMinuteHourAndDayTilesAsAtMinuteResolution() {
        admin().queryParam("proxy", proxy).queryParam("resolution", "minute")
                .queryParam("from", base.plus(Duration.ofMinutes(1)).toString())
                .queryParam("to", Instant.now().toString())
                .get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("resolution", equalTo("minute"))
                .body("items.primitive", contains("create_post", "slow_report"))
                .body("items.requests", contains(4, 2));

        admin().queryParam("proxy", proxy).queryParam("resolution", "minute")
                .queryParam("from", base.minus(Duration.ofHours(20)).toString())
                .queryParam("to", Instant.now().toString())
                .get("/api/analytics/primitives")
                .then().statusCode(200)
                .body("items.primitive", contains("get_users", "create_post", "slow_report"))
                .body("items.requests", contains(10, 4, 2));
    }

    @Test
    void pagesRawRecordsNewestFirst() {
        admin().queryParam("proxy", proxy).queryParam("size", "3").get("/api/analytics/records")
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("hasMore", equalTo(true))
                .body("items.mcpPrimitiveName", contains("slow_report", "slow_report", "create_post"))
                .body("items[0].time", equalTo(base.plusSeconds(121).toString()));

        admin().queryParam("proxy", proxy).queryParam("primitive", "get_users").queryParam("size", "5")
                .queryParam("page", "1").get("/api/analytics/records")
                .then().statusCode(200)
                .body("items", hasSize(5))
                .body("hasMore", equalTo(false));
    }

    @Test
    void refusesBadParametersWithAProblemNamingThem() {
        admin().queryParam("from", "yesterday").get("/api/analytics/traffic")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        admin().queryParam("sort", "popular").get("/api/analytics/primitives")
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));
        admin().queryParam("size", "0").get("/api/analytics/records")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        admin().queryParam("groupBy", "gateway").get("/api/analytics/traffic")
                .then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
    }

    @Test
    void needsAnAdminToken() {
        RestAssured.given().get("/api/analytics/traffic").then().statusCode(401);
    }
}
