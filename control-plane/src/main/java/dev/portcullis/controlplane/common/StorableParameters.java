package dev.portcullis.controlplane.common;

import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses, with a 400 naming the parameter, a request whose decoded path or query parameters carry text the
 * database cannot take ({@link FieldRules#isStorableText}: {@code %00}, unpaired surrogates). Every id, name and
 * filter reaches a query as a bind parameter, and PostgreSQL refuses NUL in any of them; checking once here keeps
 * that out of every resource. Bodies are checked by {@link JsonBodies}.
 */
public class StorableParameters {

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        collect(request.getUriInfo().getPathParameters(), errors);
        collect(request.getUriInfo().getQueryParameters(), errors);
        return errors.isEmpty() ? null : ProblemException.invalid(errors).problem().toResponse();
    }

    private static void collect(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            boolean storable = FieldRules.isStorableText(parameter.getKey())
                    && parameter.getValue().stream().allMatch(FieldRules::isStorableText);
            if (!storable) {
                errors.add(new FieldError(parameter.getKey(), FieldRules.TEXT_RULE));
            }
        }
    }
}
