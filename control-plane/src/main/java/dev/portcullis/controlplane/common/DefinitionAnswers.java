package dev.portcullis.controlplane.common;

import dev.portcullis.model.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The answers of the definition resources ({@code /api/mcps}, {@code /api/policies}): the shared-model record as
 * canonical JSON (its members in record order, defaults filled in), the same whether it was just written or read
 * back from the database, with its version as the ETag.
 */
public final class DefinitionAnswers {

    private DefinitionAnswers() {
    }

    public static <D, S extends StoredDefinition> Response list(DefinitionService<D, S> service) {
        List<D> definitions = service.list().stream().map(service::read).toList();
        return Response.ok(Json.write(definitions), MediaType.APPLICATION_JSON).build();
    }

    public static <D, S extends StoredDefinition> Response ok(DefinitionService<D, S> service, S stored) {
        return etagged(Response.ok(), service, stored);
    }

    public static <D, S extends StoredDefinition> Response created(DefinitionService<D, S> service, String base,
                                                                   S stored) {
        return etagged(Response.created(URI.create(base + "/" + stored.id)), service, stored);
    }

    private static <D, S extends StoredDefinition> Response etagged(Response.ResponseBuilder response,
                                                                    DefinitionService<D, S> service, S stored) {
        return response.type(MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, IfMatch.etag(stored.version))
                .entity(Json.write(service.read(stored))).build();
    }
}
