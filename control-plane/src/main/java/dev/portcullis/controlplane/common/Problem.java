package dev.portcullis.controlplane.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 {@code application/problem+json} body, the shape of every error this API returns.
 *
 * @param type      stable identifier of the kind of problem ({@code urn:portcullis:problem:validation})
 * @param errors    one entry per offending field; empty when the problem is not about fields
 * @param extra     further members merged into the body ({@code errorId}, {@code conflictingProxy}); may be empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, Object> extra) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:portcullis:problem:" + slug, title, status, detail, List.of(), Map.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors, extra);
    }

    public Problem with(String member, Object value) {
        var merged = new LinkedHashMap<>(extra);
        merged.put(member, value);
        return new Problem(type, title, status, detail, errors, merged);
    }

    /** The JSON body: the standard members, {@code errors} (always present), then the extra members. */
    public byte[] body() {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        body.putAll(extra);
        return Json.write(body);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(body()).build();
    }
}
