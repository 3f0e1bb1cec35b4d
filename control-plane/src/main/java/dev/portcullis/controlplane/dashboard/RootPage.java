package dev.portcullis.controlplane.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * The control plane's root leads to the dashboard ({@code /ui}: the overview, or the sign-in page without a session),
 * and browsers asking for {@code /favicon.ico} get the dashboard's icon. Public: neither reveals anything.
 */
@Path("/")
public class RootPage {

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui")).build();
    }

    @GET
    @Path("favicon.ico")
    public Response favicon() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/ui/assets/favicon.svg"))
                .build();
    }
}
