package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.enumOf;
import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.object;
import static dev.portcullis.mock.tools.Schemas.required;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.data.Post;
import dev.portcullis.mock.data.Product;
import dev.portcullis.mock.data.User;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** get_analytics (deterministic synthetic series) and generate_report (from the live store). */
final class InsightTools {

    static final List<String> METRICS = List.of("page_views", "signups", "revenue", "active_users", "orders");
    static final List<String> PERIODS = List.of("day", "week", "month");
    static final List<String> REPORT_TYPES = List.of("users", "sales", "content");
    static final List<String> FORMATS = List.of("markdown", "csv", "json");
    private static final Map<String, Integer> BASELINES =
            Map.of("page_views", 1200, "signups", 35, "revenue", 4800, "active_users", 410, "orders", 60);

    private final MockStore store;

    InsightTools(MockStore store) {
        this.store = store;
    }

    List<Tool> tools() {
        return List.of(
                Tool.of("get_analytics", "Get analytics", "A metric's time series and summary for a period.",
                        object(required("metric"),
                                "metric", enumOf("Metric", null, METRICS.toArray(String[]::new)),
                                "period", enumOf("Period (hourly points for a day, daily otherwise)", "week",
                                        PERIODS.toArray(String[]::new))),
                        hints(true, false, true), Set.of(), this::analytics),
                Tool.of("generate_report", "Generate report", "Generate a users, sales or content report.",
                        object(required("report_type"),
                                "report_type", enumOf("Report type", null, REPORT_TYPES.toArray(String[]::new)),
                                "format", enumOf("Output format", "markdown", FORMATS.toArray(String[]::new))),
                        hints(true, false, true), Set.of(), this::report));
    }

    private ToolResult analytics(ToolArgs args, CallContext context) {
        String metric = args.stringOneOf("metric", METRICS, null);
        String period = args.stringOneOf("period", PERIODS, "week");
        int points = switch (period) {
            case "day" -> 24;
            case "week" -> 7;
            default -> 30;
        };
        int baseline = BASELINES.get(metric) * (period.equals("day") ? 1 : 24) / (period.equals("day") ? 24 : 1);
        ObjectNode result = Json.object().put("metric", metric).put("period", period)
                .put("unit", period.equals("day") ? "hour" : "day");
        ArrayNode series = result.putArray("series");
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < points; i++) {
            long value = Math.max(0, Math.round(baseline * (1 + 0.3 * Math.sin(i + metric.length()))));
            series.addObject().put("index", i).put("value", value);
            total += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        result.putObject("summary").put("total", total).put("average", (double) total / points)
                .put("min", min).put("max", max);
        return ToolResult.json(result);
    }

    private ToolResult report(ToolArgs args, CallContext context) {
        String type = args.stringOneOf("report_type", REPORT_TYPES, null);
        String format = args.stringOneOf("format", FORMATS, "markdown");
        List<List<String>> rows = switch (type) {
            case "users" -> usersRows();
            case "sales" -> salesRows();
            default -> contentRows();
        };
        return switch (format) {
            case "csv" -> ToolResult.text(csv(rows));
            case "json" -> ToolResult.json(json(type, rows));
            default -> ToolResult.text(markdown(type, rows));
        };
    }

    private List<List<String>> usersRows() {
        List<User> users = store.users();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(List.of("role", "count")),
                UserTools.ROLES.stream().map(role -> List.of(role,
                        String.valueOf(users.stream().filter(u -> u.role().equals(role)).count())))).toList();
    }

    private List<List<String>> salesRows() {
        List<Product> products = store.products();
        java.util.ArrayList<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("product", "category", "units_sold", "stock"));
        for (Product product : products) {
            int sold = store.orders().stream().flatMap(o -> o.lines().stream())
                    .filter(l -> l.productId() == product.id()).mapToInt(l -> l.quantity()).sum();
            rows.add(List.of(product.name(), product.category(), String.valueOf(sold),
                    String.valueOf(product.stock())));
        }
        return rows;
    }

    private List<List<String>> contentRows() {
        List<Post> posts = store.posts();
        java.util.ArrayList<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("author_id", "author", "posts"));
        for (User user : store.users()) {
            long count = posts.stream().filter(p -> p.authorId() == user.id()).count();
            rows.add(List.of(String.valueOf(user.id()), user.name(), String.valueOf(count)));
        }
        return rows;
    }

    private static String csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            out.append(String.join(",", row.stream().map(InsightTools::csvCell).toList())).append('\n');
        }
        return out.toString();
    }

    private static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static String markdown(String type, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("# ").append(Character.toUpperCase(type.charAt(0)))
                .append(type.substring(1)).append(" report\n\n");
        out.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n");
        out.append("|").append("---|".repeat(rows.get(0).size())).append('\n');
        rows.stream().skip(1).forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return out.toString();
    }

    private static ObjectNode json(String type, List<List<String>> rows) {
        ObjectNode report = Json.object().put("report", type);
        ArrayNode data = report.putArray("rows");
        List<String> header = rows.get(0);
        rows.stream().skip(1).forEach(row -> {
            ObjectNode item = data.addObject();
            for (int i = 0; i < header.size(); i++) {
                item.put(header.get(i), row.get(i));
            }
        });
        return report;
    }
}
