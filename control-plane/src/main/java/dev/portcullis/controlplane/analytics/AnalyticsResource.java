package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/analytics}: traffic over time, primitive rankings, raw records and dead letters (docs/analytics.md). Read-only:
 * every role may read it (viewers watch the traffic). JDBC runs on worker threads (blocking endpoints).
 */
@Path("/api/analytics")
@RolesAllowed(Role.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
public class AnalyticsResource {

    private final AnalyticsQueries queries;
    private final AnalyticsStore store;

    AnalyticsResource(AnalyticsQueries queries, AnalyticsStore store) {
        this.queries = queries;
        this.store = store;
    }

    /** The filters every analytics endpoint takes. */
    public static class Filters {
        @QueryParam("from") String from;
        @QueryParam("to") String to;
        @QueryParam("resolution") String resolution;
        @QueryParam("proxy") String proxy;
        @QueryParam("primitiveType") String primitiveType;
        @QueryParam("primitive") String primitive;
        @QueryParam("key") String key;
        @QueryParam("alias") String alias;
        @Parameter(description = "Only the requests virtual servers sent to this member proxy (proxy= matches a"
                + " proxy's own requests and these)")
        @QueryParam("member") String member;

        AnalyticsFilter parse() {
            return AnalyticsFilter.parse(from, to, resolution, proxy, primitiveType, primitive, key, alias, member,
                    Instant.now());
        }
    }

    @GET
    @Path("traffic")
    @Operation(operationId = "trafficAnalytics", summary = "Requests, errors and status codes per bucket; groupBy=proxy|primitive optional")
    public AnalyticsViews.Traffic traffic(@BeanParam Filters filters, @QueryParam("groupBy") String groupBy)
            throws SQLException {
        AnalyticsFilter filter = filters.parse();
        AnalyticsQueries.GroupBy grouping = groupBy == null || groupBy.isBlank() ? AnalyticsQueries.GroupBy.NONE
                : choice("groupBy", groupBy, AnalyticsQueries.GroupBy.class, "proxy or primitive");
        if (grouping == AnalyticsQueries.GroupBy.NONE && groupBy != null && !groupBy.isBlank()) {
            throw ProblemException.invalid("groupBy", "must be proxy or primitive");
        }
        return queries.traffic(filter, grouping);
    }

    @GET
    @Path("primitives")
    @Operation(operationId = "primitiveAnalytics", summary = "Tools, prompts and resources by use, failures or p95 latency (sort=used|failing|slowest)")
    public AnalyticsViews.Primitives primitives(@BeanParam Filters filters, @QueryParam("sort") String sort,
                                                @QueryParam("limit") String limit) throws SQLException {
        AnalyticsFilter filter = filters.parse();
        AnalyticsQueries.PrimitiveSort order = sort == null || sort.isBlank() ? AnalyticsQueries.PrimitiveSort.USED
                : choice("sort", sort, AnalyticsQueries.PrimitiveSort.class, "used, failing or slowest");
        int max = number("limit", limit, 10, 1, 1_000);
        List<AnalyticsViews.PrimitiveStats> items = queries.primitives(filter, order, max);
        return new AnalyticsViews.Primitives(filter.from(), filter.to(), filter.resolution().label(),
                order.name().toLowerCase(Locale.ROOT), items);
    }

    @GET
    @Path("consumers")
    @Operation(summary = "Keys by requests, with errors and latency: which agents call (filter by proxy or primitive "
            + "to see who calls it)")
    public AnalyticsViews.Consumers consumers(@BeanParam Filters filters, @QueryParam("limit") String limit)
            throws SQLException {
        AnalyticsFilter filter = filters.parse();
        int max = number("limit", limit, 10, 1, 1_000);
        return new AnalyticsViews.Consumers(filter.from(), filter.to(), filter.resolution().label(),
                queries.consumers(filter, max));
    }

    @GET
    @Path("records")
    @Operation(operationId = "analyticsRecords", summary = "Raw records, newest first, paged (page from 0, size up to 500)")
    public AnalyticsViews.Records records(@BeanParam Filters filters, @QueryParam("page") String page,
                                          @QueryParam("size") String size) throws SQLException {
        AnalyticsFilter filter = filters.parse();
        int pageNumber = number("page", page, 0, 0, 100_000);
        int pageSize = number("size", size, 50, 1, 500);
        var records = queries.records(filter, pageNumber, pageSize);
        boolean more = records.size() > pageSize;
        return new AnalyticsViews.Records(filter.from(), filter.to(), pageNumber, pageSize, more,
                more ? records.subList(0, pageSize) : records);
    }

    @GET
    @Path("dead-letters")
    @Operation(operationId = "deadLetters", summary = "Stream entries that could not be stored, newest first, paged (page from 0, size up to 200)")
    public AnalyticsViews.DeadLetters deadLetters(@QueryParam("page") String page, @QueryParam("size") String size)
            throws SQLException {
        int pageNumber = number("page", page, 0, 0, 100_000);
        int pageSize = number("size", size, 50, 1, 200);
        var items = store.deadLetterPage(pageNumber, pageSize);
        boolean more = items.size() > pageSize;
        return new AnalyticsViews.DeadLetters(pageNumber, pageSize, more, more ? items.subList(0, pageSize) : items);
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type, String allowed) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "must be " + allowed);
        }
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }
}
