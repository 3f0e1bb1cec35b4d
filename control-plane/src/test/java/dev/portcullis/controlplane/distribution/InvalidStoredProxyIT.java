package dev.portcullis.controlplane.distribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.proxyJson;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** A stored definition that fails validation is left out of snapshots, which stay valid for everything else. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class InvalidStoredProxyIT {

    @Inject
    DataSource dataSource;
    @Inject
    SnapshotBuilder builder;
    @Inject
    InvalidProxies invalid;

    @Test
    void leavesAnInvalidStoredProxyOutOfSnapshotsAndOfTheVirtualServersUsingItAndServesTheRest() throws Exception {
        String valid = createProxy("/" + unique() + "/");
        String bad = unique();
        String virtual = unique();
        ObjectNode badDefinition = definition(proxyJson(bad, bad, "/" + bad + "/"));
        ((ObjectNode) badDefinition.get("global").get("transformRequestHeaders").get("add"))
                .put("X-Old", "literal ${foo}");
        try {
            insert(bad, "/" + bad + "/", badDefinition);
            insert(virtual, "/" + virtual + "/", definition("{\"id\":\"" + virtual + "\",\"name\":\"v\","
                    + "\"listenPath\":\"/" + virtual + "/\",\"members\":[{\"proxy\":\"" + bad + "\"},"
                    + "{\"proxy\":\"" + valid + "\"}]}"));

            ConfigSnapshot snapshot = builder.build(Set.of(), null);

            assertThat(snapshot.validate()).isEmpty();
            assertThat(snapshot.proxies()).extracting(ProxyDefinition::id).contains(valid, virtual)
                    .doesNotContain(bad);
            assertThat(members(snapshot, virtual)).containsExactly(valid);
            assertThat(invalid.ids()).contains(bad).doesNotContain(virtual);

            ((ObjectNode) badDefinition.get("global").get("transformRequestHeaders").get("add"))
                    .put("X-Old", "literal $${foo}");
            update(bad, badDefinition);
            ConfigSnapshot fixed = builder.build(Set.of(), null);

            assertThat(fixed.validate()).isEmpty();
            assertThat(fixed.proxies()).extracting(ProxyDefinition::id).contains(valid, bad, virtual);
            assertThat(members(fixed, virtual)).containsExactly(bad, valid);
            assertThat(invalid.ids()).doesNotContain(bad, virtual);
        } finally {
            delete(virtual);
            delete(bad);
        }
    }

    private static List<String> members(ConfigSnapshot snapshot, String virtual) {
        return snapshot.proxies().stream().filter(proxy -> proxy.id().equals(virtual)).findFirst().orElseThrow()
                .members().stream().map(VirtualMember::proxy).toList();
    }

    private static ObjectNode definition(String json) {
        return (ObjectNode) Json.mapper().valueToTree(ProxyDefinition.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private void insert(String id, String listenPath, ObjectNode definition) throws SQLException {
        execute("insert into proxy (id, name, listen_path, gateway_tags, active, definition, version, created_at,"
                + " updated_at) values (?, ?, ?, '{}', true, ?::jsonb, 1, now(), now())", id, id, listenPath,
                new String(Json.write(definition), StandardCharsets.UTF_8));
    }

    private void update(String id, ObjectNode definition) throws SQLException {
        execute("update proxy set definition = ?::jsonb where id = ?",
                new String(Json.write(definition), StandardCharsets.UTF_8), id);
    }

    private void delete(String id) throws SQLException {
        execute("delete from proxy where id = ?", id);
    }

    private void execute(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
