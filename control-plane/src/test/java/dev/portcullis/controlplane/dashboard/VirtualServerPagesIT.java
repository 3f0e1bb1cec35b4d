package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** The registry's add form for a virtual server, its row in the registry, and its designer page. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class VirtualServerPagesIT {

    @Test
    void anEditorAddsAVirtualServerFromTheRegistryWithPrefixesAndItIsListedAsVirtual() {
        String first = createProxy("/" + unique() + "/");
        String skipped = createProxy("/" + unique() + "/");
        String second = createProxy("/" + unique() + "/");
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));
        String name = "All tools " + unique();

        // Every row sends its candidate and prefix; only the checked members count, in the listed order.
        String location = editor.request().contentType("application/x-www-form-urlencoded")
                .formParam("kind", "virtual").formParam("name", name).formParam("listenPath", "/" + unique() + "/")
                .formParam("upstreamUrl", "")
                .formParam("candidate", first, skipped, second)
                .formParam("prefix", "a_", "ignored_", "")
                .formParam("member", second, first)
                .redirects().follow(false).post("/ui/mcps").then().statusCode(303).extract().header("Location");

        String id = location.substring(location.lastIndexOf('/') + 1);
        admin().get("/api/mcps/" + id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("members.proxy", contains(first, second))
                .body("members.prefix", contains("a_", ""))
                .body("upstream", equalTo(null));
        String registry = editor.withoutCsrf().get("/ui/mcps").then().statusCode(200).extract().asString();
        String row = registry.substring(registry.indexOf(">" + name + "</a>"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("data-testid=\"virtual-badge\"", "/ui/mcps/" + first, "/ui/mcps/" + second);
        String designer = editor.withoutCsrf().get("/ui/mcps/" + id).then().statusCode(200).extract().asString();
        assertThat(designer).contains("data-virtual=\"true\"", "data-testid=\"members-editor\"",
                        "/ui/assets/virtual-server.js", "<option value=\"" + first + "\"")
                .doesNotContain("id=\"s-url\"", "id=\"pin-mode\"", "id=\"add-primitive\"");
    }

    @Test
    void aVirtualServerWithoutMembersIsRefusedOnTheForm() {
        createProxy("/" + unique() + "/");
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));

        String page = editor.request().contentType("application/x-www-form-urlencoded")
                .formParam("kind", "virtual").formParam("name", "Empty " + unique())
                .formParam("listenPath", "/" + unique() + "/")
                .post("/ui/mcps").then().statusCode(400).extract().asString();

        assertThat(page).contains("choose at least one member proxy", "id=\"kind-virtual\" checked");
    }

    @Test
    void aProxysDesignerHasNoMembersEditor() {
        String proxy = createProxy("/" + unique() + "/");
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));

        String designer = editor.withoutCsrf().get("/ui/mcps/" + proxy).then().statusCode(200).extract().asString();

        assertThat(designer).contains("data-virtual=\"false\"", "id=\"s-url\"", "id=\"pin-mode\"")
                .doesNotContain("members-editor", "virtual-server.js");
    }
}
