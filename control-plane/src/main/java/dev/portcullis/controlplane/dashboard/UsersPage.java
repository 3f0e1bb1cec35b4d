package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.controlplane.user.UserFields;
import dev.portcullis.controlplane.user.UserService;
import dev.portcullis.controlplane.user.UserView;
import dev.portcullis.model.validation.FieldError;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /ui/users}: admins list users, create one, change a role, disable or enable, reset a password and delete.
 * The rules (never fewer than one enabled admin, sessions ended on disable or reset) are {@link UserService}'s. A
 * change answers a 303 back to the list with {@code done} naming what happened, shown as a notice.
 */
@Path("/ui/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class UsersPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance users(List<UserView> users, List<Role> roles, FormErrors errors,
                                             Map<String, String> form, String done);
    }

    private final UserService service;

    UsersPage(UserService service) {
        this.service = service;
    }

    @GET
    public TemplateInstance list(@QueryParam("done") String done) {
        return Templates.users(users(), List.of(Role.values()), FormErrors.none(), Map.of(),
                done == null || done.length() > 200 ? null : done);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String username, @RestForm String role, @RestForm String password) {
        List<FieldError> errors = new ArrayList<>();
        String name = username == null ? "" : username.trim();
        UserFields.validate(name, password == null ? "" : password, errors);
        Role parsed = Role.parse(role).orElse(null);
        if (parsed == null) {
            errors.add(new FieldError("role", "choose admin, editor or viewer"));
        }
        Map<String, String> form = Map.of("username", name, "role", role == null ? "" : role);
        if (errors.isEmpty()) {
            try {
                service.create(name, parsed, password);
                return done("User " + name + " added.");
            } catch (ProblemException e) {
                errors.addAll(e.problem().errors().isEmpty()
                        ? List.of(new FieldError("", e.problem().detail())) : e.problem().errors());
            }
        }
        return Response.status(400).entity(render(FormErrors.of(errors), form)).build();
    }

    @POST
    @Path("{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@PathParam("id") long id, @RestForm String role) {
        Role parsed = Role.parse(role).orElse(null);
        if (parsed == null) {
            return Response.status(400).entity(render(FormErrors.of(
                    List.of(new FieldError("role", "choose admin, editor or viewer"))), Map.of())).build();
        }
        return change(() -> "Role of " + service.update(id, parsed, null, null).username + " is now " + parsed + ".");
    }

    @POST
    @Path("{id}/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") long id, @RestForm boolean enabled) {
        return change(() -> "User " + service.update(id, null, enabled, null).username
                + (enabled ? " enabled." : " disabled: their sessions ended and their API tokens stop working."));
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@PathParam("id") long id, @RestForm String password) {
        List<FieldError> errors = new ArrayList<>();
        UserFields.validate(null, password == null ? "" : password, errors);
        if (!errors.isEmpty()) {
            return Response.status(400).entity(render(FormErrors.of(errors.stream()
                    .map(error -> new FieldError("", "New password: " + error.message())).toList()), Map.of()))
                    .build();
        }
        return change(() -> "Password of " + service.update(id, null, null, password).username
                + " reset; their sessions ended. Give them the new one over a private channel.");
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id) {
        return change(() -> {
            String name = service.get(id).username;
            service.delete(id);
            return "User " + name + " deleted.";
        });
    }

    /** Runs a change; a refusal (the last admin, an unknown user) is shown on the list with its status. */
    private Response change(Supplier<String> action) {
        try {
            return done(action.get());
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).entity(render(FormErrors.of(
                    List.of(new FieldError("", e.problem().detail()))), Map.of())).build();
        }
    }

    private static Response done(String message) {
        return Response.seeOther(URI.create("/ui/users?done=" + URLEncoder.encode(message, StandardCharsets.UTF_8)))
                .build();
    }

    private TemplateInstance render(FormErrors errors, Map<String, String> form) {
        return Templates.users(users(), List.of(Role.values()), errors, form, null);
    }

    private List<UserView> users() {
        return service.list().stream().map(UserView::of).toList();
    }
}
