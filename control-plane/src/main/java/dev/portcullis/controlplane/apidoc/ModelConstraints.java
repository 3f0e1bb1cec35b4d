package dev.portcullis.controlplane.apidoc;

import dev.portcullis.controlplane.key.KeyRequest;
import dev.portcullis.model.analytics.RecordBounds;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import dev.portcullis.model.validation.FieldRules;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The validation rules of the shared-model records and request bodies that a schema can say, taken from the
 * constants the validation uses. What a schema cannot say (listen paths that overlap, proxies that exist) stays the
 * server's, reported as a 400 naming the field.
 */
final class ModelConstraints {

    private static final String ID = "^" + FieldRules.ID.pattern() + "$";
    private static final int NAME = 200;

    private ModelConstraints() {
    }

    static void apply(Map<String, Schema> schemas) {
        if (schemas == null) {
            return;
        }
        on(schemas, "ProxyDefinition", proxy -> {
            // upstream is required unless members makes the definition a virtual server: a schema keyword for that
            // would need a oneOf that generated clients handle poorly, so the description says it.
            proxy.addRequired("name").addRequired("listenPath");
            property(proxy, "upstream", upstream -> upstream.description("The MCP server this proxy fronts."
                    + " Required, except on a virtual server (a definition with members), which must not have one."));
            property(proxy, "members", members -> members.maxItems(ProxyDefinition.MAX_MEMBERS).description(
                    "When not empty, this is a virtual server: one MCP server presenting the tools, prompts and"
                    + " resources of these member proxies (each a proxy of an MCP server, served by every gateway"
                    + " that serves the virtual server). It then has no upstream, operations, tools, resources,"
                    + " prompts, header transforms or plugins of its own. See docs/virtual-servers.md."));
            property(proxy, "id", id -> id.pattern(ID));
            property(proxy, "name", name -> name.minLength(1).maxLength(NAME));
            property(proxy, "listenPath", path -> path.pattern("^/.*/$"));
            property(proxy, "gatewayTags", tags -> tags.getItems().pattern("^[A-Za-z0-9._:-]{1,64}$"));
        });
        on(schemas, "VirtualMember", member -> {
            member.addRequired("proxy");
            property(member, "proxy", id -> id.pattern(ID).description("The member proxy's id"));
            property(member, "prefix", prefix -> prefix.pattern("^" + VirtualMember.PREFIX.pattern() + "$")
                    .description("Put before each tool and prompt name of the member on the virtual server"));
        });
        on(schemas, "Renames", renames -> {
            property(renames, "tools", tools -> tools.description("Member tool name to the name it has on the"
                    + " virtual server (wins over the prefix)"));
            property(renames, "prompts", prompts -> prompts.description("Member prompt name to the name it has on"
                    + " the virtual server (wins over the prefix)"));
        });
        on(schemas, "Policy", policy -> {
            policy.addRequired("name");
            property(policy, "id", id -> id.pattern(ID));
            property(policy, "name", name -> name.minLength(1).maxLength(NAME));
            property(policy, "rate", rate -> rate.minimum(BigDecimal.ONE));
            property(policy, "per", per -> per.minimum(BigDecimal.ONE));
        });
        on(schemas, "KeyRequest", key -> {
            key.addRequired("alias");
            property(key, "alias", alias -> alias.minLength(1).maxLength(RecordBounds.ALIAS));
            property(key, "certificateFingerprints", prints -> prints.maxItems(KeyRequest.MAX_FINGERPRINTS).getItems()
                    .pattern("^([0-9a-fA-F]{64}|[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31})$"));
        });
    }

    private static void on(Map<String, Schema> schemas, String name, Consumer<Schema> change) {
        Schema schema = schemas.get(name);
        if (schema != null) {
            change.accept(schema);
        }
    }

    private static void property(Schema schema, String name, Consumer<Schema> change) {
        if (schema.getProperties() != null && schema.getProperties().get(name) != null) {
            change.accept(schema.getProperties().get(name));
        }
    }
}
