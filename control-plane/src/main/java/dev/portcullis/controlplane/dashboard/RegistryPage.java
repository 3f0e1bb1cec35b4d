package dev.portcullis.controlplane.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.ValidationException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /ui/mcps}: the MCP registry, every proxy and virtual server with listen path, upstream (or members) and
 * gateway URL; editors add a proxy of an MCP server or a virtual server over existing proxies (prefixes here,
 * renames in its designer, where a new virtual server opens).
 */
@Path("/ui/mcps")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class RegistryPage {

    /**
     * A proxy row; {@code gatewayUrl} is its MCP endpoint, null when no gateway URL is configured. For a virtual
     * server, {@code upstream} is null and {@code members} lists its member proxies' ids.
     */
    public record Row(String id, String name, String listenPath, String upstream, boolean authentication,
                      boolean active, String gatewayUrl, List<String> members) {

        public boolean virtual() {
            return !members.isEmpty();
        }
    }

    /** A proxy a new virtual server may list as a member (one with an upstream). */
    public record Candidate(String id, String name) {
    }

    /** What the add form held, to show it again with the errors. */
    public record Form(Map<String, String> fields, Set<String> members, Map<String, String> prefixes) {

        static Form empty() {
            return new Form(Map.of(), Set.of(), Map.of());
        }

        public String get(String field) {
            return fields.getOrDefault(field, "");
        }

        public boolean virtual() {
            return "virtual".equals(fields.get("kind"));
        }

        public boolean member(String id) {
            return members.contains(id);
        }

        public String prefix(String id) {
            return prefixes.getOrDefault(id, "");
        }
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance registry(List<Row> proxies, List<Candidate> candidates, FormErrors errors,
                                                Form form);
    }

    private final ProxyService proxies;
    private final PortcullisConfig config;

    RegistryPage(ProxyService proxies, PortcullisConfig config) {
        this.proxies = proxies;
        this.config = config;
    }

    @GET
    public TemplateInstance list() {
        List<Row> rows = rows();
        return Templates.registry(rows, candidates(rows), FormErrors.none(), Form.empty());
    }

    /**
     * Creates a proxy ({@code kind=proxy}: name, listen path, upstream URL) or a virtual server ({@code
     * kind=virtual}: name, listen path, the checked {@code member}s in the listed order, each with the
     * {@code prefix} typed on its row; {@code candidate} lists every row's proxy so prefixes line up with them).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.EDITOR)
    public Response create(@RestForm String kind, @RestForm String name, @RestForm String listenPath,
                           @RestForm String upstreamUrl, @RestForm List<String> member,
                           @RestForm List<String> candidate, @RestForm List<String> prefix) {
        boolean virtual = "virtual".equals(kind);
        member = member == null ? List.of() : member;
        candidate = candidate == null ? List.of() : candidate;
        prefix = prefix == null ? List.of() : prefix;
        Map<String, String> prefixes = new HashMap<>();
        for (int i = 0; i < candidate.size() && i < prefix.size(); i++) {
            prefixes.put(candidate.get(i), prefix.get(i).trim());
        }
        Form form = new Form(Map.of("kind", virtual ? "virtual" : "proxy", "name", orEmpty(name),
                "listenPath", orEmpty(listenPath), "upstreamUrl", orEmpty(upstreamUrl)), Set.copyOf(member), prefixes);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("name", form.get("name").trim());
        body.put("listenPath", form.get("listenPath").trim());
        if (virtual) {
            ArrayNode members = body.putArray("members");
            candidate.stream().filter(form::member).forEach(id -> {
                ObjectNode entry = members.addObject().put("proxy", id);
                if (!form.prefix(id).isEmpty()) {
                    entry.put("prefix", form.prefix(id));
                }
            });
            if (members.isEmpty()) {
                return invalid(List.of(new FieldError("members", "choose at least one member proxy")), form);
            }
        } else {
            body.putObject("upstream").put("url", form.get("upstreamUrl").trim());
        }
        StoredProxy created;
        try {
            created = proxies.create(new String(Json.write(body), StandardCharsets.UTF_8));
        } catch (ProblemException e) {
            return invalid(e.problem().errors().isEmpty()
                    ? List.of(new FieldError("", e.problem().detail())) : e.problem().errors(), form);
        } catch (ValidationException e) {
            return invalid(e.errors(), form);
        }
        return Response.seeOther(URI.create(virtual ? "/ui/mcps/" + created.id : "/ui/mcps")).build();
    }

    private Response invalid(List<FieldError> errors, Form form) {
        List<Row> rows = rows();
        return Response.status(400).entity(Templates.registry(rows, candidates(rows), FormErrors.of(errors), form))
                .build();
    }

    private List<Row> rows() {
        return proxies.list().stream().map(stored -> {
            ProxyDefinition definition = ProxyRepository.definitionOf(stored);
            return new Row(stored.id, stored.name, stored.listenPath,
                    definition.isVirtual() ? null : definition.upstream().url(),
                    Boolean.TRUE.equals(definition.authentication().enabled()), stored.active,
                    GatewayEndpoint.mcpUrl(config, stored.listenPath).orElse(null),
                    definition.members().stream().map(VirtualMember::proxy).toList());
        }).toList();
    }

    private static List<Candidate> candidates(List<Row> rows) {
        return rows.stream().filter(row -> !row.virtual()).map(row -> new Candidate(row.id(), row.name()))
                .collect(Collectors.toList());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
