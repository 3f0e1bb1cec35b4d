package dev.portcullis.controlplane.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The 403 a signed-in user sees for a dashboard page or form their role does not allow: an HTML page in the
 * layout, not the API's problem+json. Rendering is CPU-only, so any thread may call it.
 */
public final class ForbiddenPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance forbidden();
    }

    private ForbiddenPage() {
    }

    /** True for {@code /ui} and everything under it. */
    public static boolean isDashboardPath(String path) {
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    public static Response response() {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(Templates.forbidden().render()).build();
    }
}
