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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /ui/users}: admins list users, create one, change a role. The rules are {@link UserService}'s. */
@Path("/ui/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class UsersPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance users(List<UserView> users, List<Role> roles, FormErrors errors,
                                             Map<String, String> form);
    }

    private final UserService service;

    UsersPage(UserService service) {
        this.service = service;
    }

    @GET
    public TemplateInstance list() {
        return render(FormErrors.none(), Map.of());
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
                return Response.seeOther(URI.create("/ui/users")).build();
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
        try {
            service.update(id, parsed, null, null);
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).entity(render(FormErrors.of(
                    List.of(new FieldError("", e.problem().detail()))), Map.of())).build();
        }
        return Response.seeOther(URI.create("/ui/users")).build();
    }

    private TemplateInstance render(FormErrors errors, Map<String, String> form) {
        return Templates.users(service.list().stream().map(UserView::of).toList(), List.of(Role.values()), errors,
                form);
    }
}
