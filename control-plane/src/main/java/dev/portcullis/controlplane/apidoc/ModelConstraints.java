package dev.portcullis.controlplane.apidoc;

import dev.portcullis.controlplane.key.KeyRequest;
import dev.portcullis.model.analytics.RecordBounds;
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
            proxy.addRequired("name").addRequired("listenPath").addRequired("upstream");
            property(proxy, "id", id -> id.pattern(ID));
            property(proxy, "name", name -> name.minLength(1).maxLength(NAME));
            property(proxy, "listenPath", path -> path.pattern("^/.*/$"));
            property(proxy, "gatewayTags", tags -> tags.getItems().pattern("^[A-Za-z0-9._:-]{1,64}$"));
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
