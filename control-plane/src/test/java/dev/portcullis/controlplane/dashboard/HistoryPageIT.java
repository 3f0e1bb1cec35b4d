package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class HistoryPageIT {

    @Test
    void aViewerSeesVersionsAndWhatAVersionChangedButNoRollbackButton() {
        String id = unique();
        String path = "/hist-" + id + "/";
        admin().body(Api.proxyJson(id, "<i>before</i>", path)).post("/api/mcps").then().statusCode(201);
        admin().header("If-Match", "\"0\"").body(Api.proxyJson(id, "<i>after</i>", path)).put("/api/mcps/" + id)
                .then().statusCode(200);
        long version = current();
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));

        String list = viewer.withoutCsrf().get("/ui/history").then().statusCode(200).contentType("text/html")
                .extract().asString();
        assertThat(list).contains("href=\"/ui/history\" aria-current=\"page\"")
                .contains("<a href=\"/ui/history/" + version + "\">" + version + "</a> <span class=\"badge ok\">current")
                .contains("update proxy " + id);

        String page = viewer.withoutCsrf().get("/ui/history/" + version).then().statusCode(200).extract().asString();
        assertThat(page).contains("Changes since version " + (version - 1))
                .contains("data-change=\"proxy:" + id + "\"")
                .contains("<code>name</code>")
                .contains("&quot;&lt;i&gt;before&lt;/i&gt;&quot;", "&quot;&lt;i&gt;after&lt;/i&gt;&quot;")
                .doesNotContain("<i>after</i>")
                .doesNotContain("id=\"rollback\"");
    }

    @Test
    void anEditorGetsARollbackButtonCarryingTheCurrentVersionOnOlderVersionsOnly() {
        Api.createProxy("/hist-" + unique() + "/");
        long older = current();
        Api.createProxy("/hist-" + unique() + "/");
        long now = current();
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));

        assertThat(editor.withoutCsrf().get("/ui/history/" + older).then().statusCode(200).extract().asString())
                .contains("id=\"rollback\" data-version=\"" + older + "\" data-etag=\"&quot;" + now + "&quot;\"")
                .contains("/ui/assets/history.js");
        assertThat(editor.withoutCsrf().get("/ui/history/" + now).then().statusCode(200).extract().asString())
                .doesNotContain("id=\"rollback\"");
    }

    @Test
    void aMalformedOrUnknownVersionIsAnErrorPage() {
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));

        assertThat(viewer.withoutCsrf().get("/ui/history/abc").then().statusCode(400).contentType("text/html")
                .extract().asString()).contains("version: must be a positive integer");
        assertThat(viewer.withoutCsrf().get("/ui/history/999999999").then().statusCode(404).extract().asString())
                .contains("configuration version &#39;999999999&#39; does not exist");
    }

    private static long current() {
        return Long.parseLong(admin().get("/api/config/versions?size=1").then().statusCode(200).extract()
                .header("ETag").replace("\"", ""));
    }
}
