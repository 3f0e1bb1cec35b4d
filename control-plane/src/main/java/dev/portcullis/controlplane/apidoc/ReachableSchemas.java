package dev.portcullis.controlplane.apidoc;

import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes every component schema that no operation reaches. The scanner also describes types that only pages or
 * framework classes use (template engines, request objects); none of them is part of the API.
 */
final class ReachableSchemas {

    private static final String PREFIX = "#/components/schemas/";

    private ReachableSchemas() {
    }

    static void prune(OpenAPI api) {
        Map<String, Schema> components = api.getComponents().getSchemas();
        if (components == null) {
            return;
        }
        Deque<Schema> pending = new ArrayDeque<>();
        api.getPaths().getPathItems().values().forEach(item -> {
            if (item.getParameters() != null) {
                item.getParameters().forEach(p -> add(pending, p.getSchema()));
            }
            item.getOperations().values().forEach(operation -> addOperation(pending, operation));
        });
        Set<String> reached = new HashSet<>();
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            String ref = schema.getRef();
            if (ref != null && ref.startsWith(PREFIX)) {
                String name = ref.substring(PREFIX.length());
                if (reached.add(name)) {
                    add(pending, components.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(s -> add(pending, s));
            }
            add(pending, schema.getItems());
            add(pending, schema.getAdditionalPropertiesSchema());
            add(pending, schema.getNot());
            Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                    .flatMap(List::stream).forEach(s -> add(pending, s));
        }
        components.keySet().stream().filter(name -> !reached.contains(name)).toList()
                .forEach(api.getComponents()::removeSchema);
    }

    private static void addOperation(Deque<Schema> pending, Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> add(pending, p.getSchema()));
        }
        if (operation.getRequestBody() != null) {
            addContent(pending, operation.getRequestBody().getContent());
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(response -> {
                addContent(pending, response.getContent());
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(h -> add(pending, h.getSchema()));
                }
            });
        }
    }

    private static void addContent(Deque<Schema> pending, Content content) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(media -> add(pending, media.getSchema()));
        }
    }

    private static void add(Deque<Schema> pending, Schema schema) {
        if (schema != null) {
            pending.push(schema);
        }
    }
}
