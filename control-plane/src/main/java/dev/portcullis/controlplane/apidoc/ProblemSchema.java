package dev.portcullis.controlplane.apidoc;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The schema of {@link dev.portcullis.controlplane.common.Problem#body()}: RFC 9457 members, {@code errors} (always
 * present), and further members some problems carry ({@code errorId}, {@code conflictingProxy}, {@code boundKeys}).
 */
final class ProblemSchema {

    private ProblemSchema() {
    }

    static Schema problem() {
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", ApiDocumentFilter.string().description("dotted path of the field, such as"
                        + " upstream.url or accessRights.p1"))
                .addProperty("message", ApiDocumentFilter.string())
                .addRequired("field").addRequired("message");
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An application/problem+json body (RFC 9457)")
                .addProperty("type", ApiDocumentFilter.string().description("stable identifier of the kind of"
                        + " problem, such as urn:portcullis:problem:validation"))
                .addProperty("title", ApiDocumentFilter.string())
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", ApiDocumentFilter.string())
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .addRequired("type").addRequired("title").addRequired("status").addRequired("errors")
                .additionalPropertiesBoolean(Boolean.TRUE);
    }
}
