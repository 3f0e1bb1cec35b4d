package dev.portcullis.controlplane.primitive;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.mock.MockMcpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** {@code GET /api/mcps/{id}/primitives} of a virtual server: its members' primitives under their virtual names. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class VirtualServerPrimitivesIT {

    private static MockMcpServer mock;

    @BeforeAll
    static void startMock() {
        mock = MockMcpServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @Test
    void listsEveryMembersPrimitivesUnderTheirVirtualNames() {
        String first = proxy(mock.baseUrl());
        String second = proxy(mock.baseUrl());
        String virtual = virtual("{\"proxy\":\"" + first + "\",\"prefix\":\"a_\",\"rename\":{\"tools\":"
                + "{\"get_users\":\"list_users\"}}},{\"proxy\":\"" + second + "\",\"prefix\":\"b_\"}");

        admin().get("/api/mcps/" + virtual + "/primitives").then().statusCode(200)
                .body("endpoint", equalTo(null))
                .body("members.proxy", contains(first, second))
                .body("members.listed", contains(true, true))
                .body("tools", hasSize(30))
                .body("tools.name", hasItems("list_users", "a_delete_user", "b_get_users", "b_delete_user"))
                .body("tools.name", not(hasItems("a_get_users")))
                .body("tools.find { it.name == 'list_users' }.member", equalTo(first))
                .body("prompts.name", hasItems("a_user_management", "b_user_management"))
                // a URI is not renamed: both members list users://list, the first keeps it
                .body("resources", hasSize(3))
                .body("resources.find { it.uri == 'users://list' }.member", equalTo(first));
    }

    @Test
    void leavesOutAMemberThatCannotBeAskedAndSaysSo() throws IOException {
        String down = proxy("http://127.0.0.1:" + closedPort());
        String up = proxy(mock.baseUrl());
        String virtual = virtual("{\"proxy\":\"" + down + "\",\"prefix\":\"d_\"},{\"proxy\":\"" + up
                + "\",\"prefix\":\"u_\"}");

        admin().get("/api/mcps/" + virtual + "/primitives").then().statusCode(200)
                .body("members.listed", contains(false, true))
                .body("tools", hasSize(15))
                .body("tools.member", everyItem(equalTo(up)));
    }

    @Test
    void answers502WhenNoMemberCanBeAsked() throws IOException {
        String down = proxy("http://127.0.0.1:" + closedPort());
        String virtual = virtual("{\"proxy\":\"" + down + "\"}");

        admin().get("/api/mcps/" + virtual + "/primitives").then().statusCode(502)
                .body("type", equalTo("urn:portcullis:problem:upstream-unreachable"))
                .body("category", equalTo("unreachable"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String proxy(String upstreamUrl) {
        String id = unique();
        admin().body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\",\"upstream\":"
                + "{\"url\":\"" + upstreamUrl + "\"}}").post("/api/mcps").then().statusCode(201);
        return id;
    }

    private static String virtual(String members) {
        String id = unique();
        admin().body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\",\"members\":["
                + members + "]}").post("/api/mcps").then().statusCode(201);
        return id;
    }
}
