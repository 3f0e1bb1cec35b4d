package dev.portcullis.controlplane.user;

import dev.portcullis.controlplane.common.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** {@code /api/users}: dashboard users and their roles. Admins only. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@RolesAllowed(Role.ADMIN)
public class UserResource {

    /** The body of a create, as the document describes it. */
    @Schema(name = "NewUser", requiredProperties = {"username", "role", "password"})
    record NewUser(String username, Role role, String password) {
    }

    /** The body of an update, as the document describes it: any of the three. */
    @Schema(name = "UserChange")
    record UserChange(Role role, Boolean enabled, String password) {
    }

    private final UserService service;

    UserResource(UserService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "List users by username")
    public List<UserView> list() {
        return service.list().stream().map(UserView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "One user")
    public UserView get(@PathParam("id") long id) {
        return UserView.of(service.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Create a user from username, role and an initial password")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = HttpHeaders.LOCATION),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The username is taken")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NewUser.class))) String body) {
        UserFields fields = UserFields.parse(body, Set.of("username", "role", "password"),
                Set.of("username", "role", "password"));
        AppUser user = service.create(fields.username(), fields.role(), fields.password());
        return Response.created(URI.create("/api/users/" + user.id)).entity(UserView.of(user)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateUser", summary = "Change role, enable/disable, or reset the password (any of"
            + " role, enabled, password)")
    @APIResponse(responseCode = "200", description = "The user as changed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "It would leave no enabled admin")
    public UserView update(@PathParam("id") long id, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserChange.class))) String body) {
        UserFields fields = UserFields.parse(body, Set.of(), Set.of("role", "enabled", "password"));
        return UserView.of(service.update(id, fields.role(), fields.enabled(), fields.password()));
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{id}")
    @Operation(operationId = "deleteUser", summary = "Delete a user, their sessions and tokens; the last enabled"
            + " admin cannot be deleted")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "It is the last enabled admin")
    public Response delete(@PathParam("id") long id) {
        service.delete(id);
        return Response.noContent().build();
    }
}
