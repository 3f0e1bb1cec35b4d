package dev.portcullis.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each tool does with the in-memory data. */
class ToolBehaviourIT {

    private MockMcpServer server;
    private RawMcpClient client;
    private String session;
    private int nextId = 1;

    @BeforeEach
    void start() {
        server = MockMcpServer.start("127.0.0.1", 0);
        client = new RawMcpClient(server.url());
        session = client.initialize();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The tool's result object. */
    private JsonNode call(String tool, String arguments) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}";
        return RawMcpClient.json(client.post(session, body).body()).get("result");
    }

    /** The tool's text content parsed as JSON. */
    private JsonNode data(JsonNode result) {
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse();
        return RawMcpClient.json(result.at("/content/0/text").asText());
    }

    private static String errorText(JsonNode result) {
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isTrue();
        return result.at("/content/0/text").asText();
    }

    @Test
    void createdUsersAreListedUpdatedAndDeleted() {
        int id = data(call("create_user", "{\"name\":\"Zoe\",\"email\":\"zoe@example.com\",\"role\":\"viewer\"}"))
                .at("/user/id").asInt();

        assertThat(data(call("get_users", "{\"search\":\"zoe\"}")).at("/users/0/role").asText()).isEqualTo("viewer");
        assertThat(data(call("update_user", "{\"id\":" + id + ",\"role\":\"admin\"}")).at("/user/role").asText())
                .isEqualTo("admin");
        assertThat(data(call("delete_user", "{\"id\":" + id + "}")).get("deleted").asInt()).isEqualTo(id);
        assertThat(data(call("get_users", "{\"search\":\"zoe\"}")).get("total").asInt()).isZero();
        assertThat(errorText(call("delete_user", "{\"id\":" + id + "}"))).contains("not found");
    }

    @Test
    void refusesADuplicateOrMalformedEmail() {
        assertThat(errorText(call("create_user", "{\"name\":\"A\",\"email\":\"alice@example.com\"}")))
                .contains("already exists");
        assertThat(errorText(call("create_user", "{\"name\":\"A\",\"email\":\"nope\"}"))).contains("not a valid");
        assertThat(errorText(call("get_users", "{\"limit\":\"ten\"}"))).contains("'limit' must be an integer");
    }

    @Test
    void postsNeedAnExistingAuthor() {
        JsonNode created = data(call("create_post", "{\"title\":\"T\",\"content\":\"C\",\"author_id\":4}"));

        assertThat(data(call("get_posts", "{\"author_id\":4}")).get("total").asInt()).isEqualTo(1);
        assertThat(created.at("/post/authorId").asInt()).isEqualTo(4);
        assertThat(errorText(call("create_post", "{\"title\":\"T\",\"content\":\"C\",\"author_id\":99}")))
                .contains("does not exist");
    }

    @Test
    void ordersTakeStockAndFailWhenStockIsShort() {
        JsonNode order = data(call("process_order",
                "{\"user_id\":2,\"items\":[{\"product_id\":4,\"quantity\":2},{\"product_id\":6,\"quantity\":1}]}"));

        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("832.99");
        JsonNode desk = data(call("get_products", "{\"category\":\"furniture\"}")).at("/products/0");
        assertThat(desk.get("stock").asInt()).isEqualTo(3);
        assertThat(errorText(call("process_order", "{\"user_id\":2,\"items\":[{\"product_id\":3,\"quantity\":1}]}")))
                .contains("insufficient stock");
        assertThat(data(call("get_products", "{\"in_stock_only\":true}")).get("total").asInt()).isEqualTo(5);
    }

    @Test
    void analyticsAndReportsAreGenerated() {
        JsonNode analytics = data(call("get_analytics", "{\"metric\":\"revenue\",\"period\":\"day\"}"));
        JsonNode report = call("generate_report", "{\"report_type\":\"users\",\"format\":\"csv\"}");

        assertThat(analytics.get("series")).hasSize(24);
        assertThat(analytics.at("/summary/total").asLong()).isPositive();
        assertThat(report.at("/content/0/text").asText()).startsWith("role,count\n").contains("user,3");
        assertThat(errorText(call("get_analytics", "{\"metric\":\"mood\"}"))).contains("must be one of");
    }

    @Test
    void utilitiesValidateGenerateAndFormat() {
        assertThat(data(call("validate_email", "{\"email\":\"x@y\"}")).get("valid").asBoolean()).isFalse();
        assertThat(data(call("generate_uuid", "{\"count\":3}")).get("uuids")).hasSize(3);
        JsonNode date = data(call("format_date",
                "{\"date\":\"2026-03-01T12:00:00Z\",\"timezone\":\"Europe/Paris\",\"format\":\"iso\"}"));
        assertThat(date.get("formatted").asText()).isEqualTo("2026-03-01T13:00:00+01:00");
        assertThat(errorText(call("format_date", "{\"date\":\"yesterday\"}"))).contains("ISO-8601");
    }

    @Test
    void completesResourceTemplateIds() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"completion/complete\",\"params\":{"
                + "\"ref\":{\"type\":\"ref/resource\",\"uri\":\"users://{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"\"}}}";

        JsonNode completion = RawMcpClient.json(client.post(session, body).body()).at("/result/completion");

        assertThat(completion.get("values")).hasSize(5);
        assertThat(completion.get("hasMore").asBoolean()).isFalse();
    }
}
