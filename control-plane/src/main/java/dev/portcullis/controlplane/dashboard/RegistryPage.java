package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code /ui/mcps}: the MCP registry, every proxy with listen path, upstream and gateway URL; editors add one. */
@Path("/ui/mcps")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class RegistryPage {

    /** A proxy row; {@code gatewayUrl} is its MCP endpoint, null when no gateway URL is configured. */
    public record Row(String id, String name, String listenPath, String upstream, boolean authentication,
                      boolean active, String gatewayUrl) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance registry(List<Row> proxies, FormErrors errors, Map<String, String> form);
    }

    private final ProxyService proxies;
    private final PortcullisConfig config;

    RegistryPage(ProxyService proxies, PortcullisConfig config) {
        this.proxies = proxies;
        this.config = config;
    }

    @GET
    public TemplateInstance list() {
        return Templates.registry(rows(), FormErrors.none(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.EDITOR)
    public Response create(@RestForm String name, @RestForm String listenPath, @RestForm String upstreamUrl) {
        var body = Json.mapper().createObjectNode();
        body.put("name", name == null ? "" : name.trim());
        body.put("listenPath", listenPath == null ? "" : listenPath.trim());
        body.putObject("upstream").put("url", upstreamUrl == null ? "" : upstreamUrl.trim());
        try {
            proxies.create(new String(Json.write(body), StandardCharsets.UTF_8));
        } catch (ProblemException e) {
            return invalid(e.problem().errors().isEmpty()
                    ? List.of(new FieldError("", e.problem().detail())) : e.problem().errors(), name, listenPath,
                    upstreamUrl);
        } catch (dev.portcullis.model.validation.ValidationException e) {
            return invalid(e.errors(), name, listenPath, upstreamUrl);
        }
        return Response.seeOther(URI.create("/ui/mcps")).build();
    }

    private Response invalid(List<FieldError> errors, String name, String listenPath, String upstreamUrl) {
        Map<String, String> form = Map.of("name", orEmpty(name), "listenPath", orEmpty(listenPath),
                "upstreamUrl", orEmpty(upstreamUrl));
        return Response.status(400).entity(Templates.registry(rows(), FormErrors.of(errors), form)).build();
    }

    private List<Row> rows() {
        return proxies.list().stream().map(stored -> {
            ProxyDefinition definition = ProxyRepository.definitionOf(stored);
            return new Row(stored.id, stored.name, stored.listenPath, definition.upstream().url(),
                    Boolean.TRUE.equals(definition.authentication().enabled()), stored.active,
                    GatewayEndpoint.mcpUrl(config, stored.listenPath).orElse(null));
        }).toList();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
