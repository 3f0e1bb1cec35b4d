package dev.portcullis.controlplane.tykimport;

/**
 * A Tyk field an import did not carry over, and why.
 *
 * @param field  dotted path inside the imported Tyk object ({@code x-tyk-api-gateway.info.orgId}, {@code org_id})
 * @param reason what Portcullis does instead, or why the field has no meaning here
 */
public record Ignored(String field, String reason) {
}
