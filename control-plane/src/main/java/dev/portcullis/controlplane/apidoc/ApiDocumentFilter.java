package dev.portcullis.controlplane.apidoc;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.session.CsrfFilter;
import dev.portcullis.controlplane.session.SessionCookies;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the build-time OpenAPI document describe the Dashboard API and nothing else: only {@code /api} paths, the
 * two ways to authenticate as security schemes, every error status an operation can answer with its
 * {@code application/problem+json} body, the shared-model constraints ({@link ModelConstraints}), and no schema
 * that no operation reaches ({@link ReachableSchemas}), so no framework type leaks in.
 *
 * <p>Resources declare their success responses and the errors particular to them ({@code 409}, {@code 502}) with
 * annotations; the errors every operation shares are added here from what the operation has: any operation can
 * answer 401, 403 and 500; one with a body or parameters 400; one with a path parameter 404; one with an
 * {@code If-Match} header 412, and 428 when the header is required.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearerToken";
    static final String SESSION = "sessionCookie";

    private static final Map<String, String> STANDARD_ERRORS = Map.of(
            "400", "The request is invalid; errors names each offending field",
            "401", "No valid token or session",
            "403", "The caller's role does not allow this",
            "404", "No such resource",
            "412", "If-Match does not name the current version (the ETag)",
            "428", "If-Match is required",
            "500", "An unexpected error; the body carries only an error id that the log also has");

    private static final Map<String, String> HEADERS = Map.of(
            "ETag", "The version of what the body shows; send it back as If-Match to change it",
            "Location", "Where the created resource is");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getPaths().getPathItems().keySet().stream().filter(path -> !path.startsWith("/api/")).toList()
                .forEach(api.getPaths()::removePathItem);
        api.getComponents().addSchema(PROBLEM, ProblemSchema.problem())
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("The bootstrap admin token, or an API token from"
                                + " POST /api/tokens"))
                .addSecurityScheme(SESSION, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE).name(SessionCookies.NAME).description("The dashboard's"
                                + " session; changes also need the " + CsrfFilter.HEADER + " header"));
        api.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER),
                OASFactory.createSecurityRequirement().addScheme(SESSION)));
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> addErrors(path, item, operation)));
        ModelConstraints.apply(api.getComponents().getSchemas());
        ReachableSchemas.prune(api);
    }

    private static void addErrors(String path, PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        List<String> codes = new ArrayList<>(List.of("401", "403", "500"));
        if (operation.getRequestBody() != null || !parameters.isEmpty()) {
            codes.add("400");
        }
        if (path.contains("{")) {
            codes.add("404");
        }
        parameters.stream().filter(p -> "If-Match".equalsIgnoreCase(p.getName())).findFirst().ifPresent(ifMatch -> {
            codes.add("412");
            if (Boolean.TRUE.equals(ifMatch.getRequired())) {
                codes.add("428");
            }
        });
        operation.setSecurity(null); // the document's: a bearer token or the session; roles are in the summaries
        APIResponses responses = operation.getResponses();
        codes.forEach(code -> {
            if (!responses.hasAPIResponse(code) || code.equals("401") || code.equals("403")) {
                responses.addAPIResponse(code, OASFactory.createAPIResponse().description(STANDARD_ERRORS.get(code)));
            }
        });
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problemBody(response);
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, header) -> header.schema(string())
                        .description(HEADERS.getOrDefault(name, header.getDescription())));
            }
        });
    }

    private static void problemBody(APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    /** For {@link ModelConstraints} and {@link ProblemSchema}: a string schema. */
    static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
