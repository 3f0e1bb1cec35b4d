package dev.portcullis.controlplane.proxy.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.template.Template;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static dev.portcullis.controlplane.support.Api.proxyJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade from a database written before header values were templates: Flyway up to V12, rows as an earlier
 * release stored them, then the rest of the migrations, on a real PostgreSQL.
 */
class HeaderTemplateMigrationIT {

    private static final String LONG = "v".repeat(Template.MAX_LENGTH + 10);

    private TestDatabase database;

    @BeforeEach
    void createDatabaseAtTheEarlierSchema() {
        database = TestDatabases.create();
        flyway("12").migrate();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void rewritesOldLiteralValuesSoTheyKeepTheirMeaningAndTheSnapshotBuilds() throws Exception {
        ObjectNode legacy = definition("legacy", "/legacy/");
        headers(object(object(legacy, "global"), "transformRequestHeaders"))
                .put("X-Literal", "a-${foo}-b").put("X-Escape", "cost $${x}")
                .put("Authorization", "Bearer ${secret:upstream-token}").put("X-Plain", "plain");
        headers(object(object(object(legacy, "tools"), "get_users"), "transformResponseHeaders"))
                .put("X-Doc", "${consumer.alias}");
        ObjectNode unchanged = definition("plain", "/plain/");
        headers(object(object(unchanged, "global"), "transformRequestHeaders")).put("X-Team", "billing");
        insert(legacy);
        insert(unchanged);
        long versionBefore = configVersion();

        flyway(null).migrate();

        JsonNode upgraded = stored("legacy");
        JsonNode request = upgraded.at("/global/transformRequestHeaders/add");
        assertThat(request.get("X-Literal").textValue()).isEqualTo("a-$${foo}-b");
        assertThat(request.get("X-Escape").textValue()).isEqualTo("cost $$${x}");
        assertThat(request.get("Authorization").textValue()).isEqualTo("Bearer ${secret:upstream-token}");
        assertThat(request.get("X-Plain").textValue()).isEqualTo("plain");
        assertThat(upgraded.at("/tools/get_users/transformResponseHeaders/add/X-Doc").textValue())
                .isEqualTo("$${consumer.alias}");
        assertThat(render(request.get("X-Literal").textValue())).isEqualTo("a-${foo}-b");
        assertThat(render(request.get("X-Escape").textValue())).isEqualTo("cost $${x}");
        assertThat(stored("plain")).isEqualTo(unchanged);
        assertThat(configVersion()).isGreaterThan(versionBefore);
        assertThat(historyOf(configVersion())).contains("upgrade: header values of 1 proxies");
        assertSnapshotBuilds(upgraded, stored("plain"));
    }

    @Test
    void dropsAValueThatCanNeverBeValidRemovesTheHeaderInsteadAndAuditsIt() throws Exception {
        ObjectNode legacy = definition("too-long", "/too-long/");
        headers(object(object(legacy, "global"), "transformRequestHeaders")).put("X-Blob", LONG).put("X-Ok", "ok");
        headers(object(object(object(legacy, "operations"), "tools/call"), "transformResponseHeaders"))
                .put("X-Leak", "${secret:upstream-token}");
        insert(legacy);
        insertHistory(legacy);

        flyway(null).migrate();

        JsonNode upgraded = stored("too-long");
        assertThat(upgraded.at("/global/transformRequestHeaders/add").has("X-Blob")).isFalse();
        assertThat(upgraded.at("/global/transformRequestHeaders/add/X-Ok").textValue()).isEqualTo("ok");
        assertThat(texts(upgraded.at("/global/transformRequestHeaders/remove"))).containsExactly("X-Blob");
        assertThat(upgraded.at("/operations/tools~1call/transformResponseHeaders/add").has("X-Leak")).isFalse();
        assertThat(texts(upgraded.at("/operations/tools~1call/transformResponseHeaders/remove")))
                .containsExactly("X-Leak");
        List<String> audited = audit("too-long");
        assertThat(audited).hasSize(2);
        assertThat(audited).anyMatch(entry -> entry.contains("global.transformRequestHeaders.add.X-Blob"))
                .anyMatch(entry -> entry.contains("operations.tools/call.transformResponseHeaders.add.X-Leak"))
                .noneMatch(entry -> entry.contains(LONG));
        JsonNode historic = historyProxies(versionOfFirstHistory()).get(0);
        assertThat(historic.at("/global/transformRequestHeaders/add").has("X-Blob")).isFalse();
        assertSnapshotBuilds(upgraded);
    }

    private static void assertSnapshotBuilds(JsonNode... definitions) {
        List<ProxyDefinition> proxies = new ArrayList<>();
        for (JsonNode definition : definitions) {
            proxies.add(ProxyDefinition.parse(Json.write(definition)));
        }
        ConfigSnapshot snapshot = new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, 1, Instant.now(), List.of(),
                proxies, List.of(), List.of());
        assertThat(snapshot.validate()).isEmpty();
    }

    private static String render(String source) {
        return Template.parse(source).render(variable -> null);
    }

    private static ObjectNode definition(String id, String listenPath) throws Exception {
        ProxyDefinition parsed = ProxyDefinition.parse(proxyJson(id, id, listenPath).getBytes(StandardCharsets.UTF_8));
        return (ObjectNode) Json.mapper().readTree(Json.write(parsed));
    }

    private static ObjectNode headers(ObjectNode transform) {
        return object(transform, "add");
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode child ? child : parent.putObject(name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.textValue()));
        return out;
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password() == null ? "" : database.password());
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private void insert(ObjectNode definition) throws SQLException {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "insert into proxy (id, name, listen_path, gateway_tags, active, definition, version, created_at,"
                        + " updated_at) values (?, ?, ?, '{}', true, ?::jsonb, 1, now(), now())")) {
            insert.setString(1, definition.get("id").textValue());
            insert.setString(2, definition.get("name").textValue());
            insert.setString(3, definition.get("listenPath").textValue());
            insert.setString(4, Json.mapper().writeValueAsString(definition));
            insert.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void insertHistory(ObjectNode definition) throws SQLException {
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "insert into config_history (version, changed_at, actor, change, proxies, policies) values"
                        + " (nextval('config_version_seq'), now(), 'alice', 'update proxy', ?::jsonb, '[]')")) {
            insert.setString(1, "[" + new String(Json.write(definition), StandardCharsets.UTF_8) + "]");
            insert.executeUpdate();
        }
    }

    private JsonNode stored(String id) throws Exception {
        return Json.mapper().readTree(single("select definition::text from proxy where id = ?", id));
    }

    private long configVersion() throws SQLException {
        return Long.parseLong(single("select version::text from config_state where id = 1", null));
    }

    private String historyOf(long version) throws SQLException {
        return single("select change from config_history where version = " + version, null);
    }

    private long versionOfFirstHistory() throws SQLException {
        return Long.parseLong(single("select version::text from config_history where actor = 'alice'", null));
    }

    private JsonNode historyProxies(long version) throws Exception {
        return Json.mapper().readTree(single("select proxies::text from config_history where version = "
                + version, null));
    }

    private List<String> audit(String proxyId) throws SQLException {
        List<String> entries = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "select actor || ' ' || action || ' ' || after::text from audit_entry where entity_type = 'proxy'"
                        + " and entity_id = ? order by id")) {
            select.setString(1, proxyId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(rows.getString(1));
                }
            }
        }
        assertThat(entries).allMatch(entry -> entry.startsWith("system " + StoredHeaderUpgrade.DROPPED + " "));
        return entries;
    }

    private String single(String sql, String parameter) throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as(sql).isTrue();
                return rows.getString(1);
            }
        }
    }
}
