package dev.portcullis.model.pin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;
import java.time.Instant;
import java.util.List;

/**
 * What a gateway reports when an upstream lists a primitive whose definition is not the approved one: written to
 * the Redis stream {@code <prefix>pin-changes}, ingested by the control plane. Gateways send one report per proxy,
 * primitive and hash (not one per list answer).
 *
 * @param approvedHash the hash approved for the primitive when it was seen; null for a primitive with no pin
 * @param definition   the hashed members of the definition seen ({@link DefinitionHash#definition}); at most
 *                     {@value #MAX_DEFINITION_BYTES} bytes of JSON, else the report is not sent
 */
public record PinReport(String proxyId, PinKind kind, String name, String hash, String approvedHash,
                        JsonNode definition, PinMode mode, String gatewayId, Instant seenAt) {

    public static final int MAX_DEFINITION_BYTES = 256 * 1024;
    public static final int MAX_GATEWAY_ID = 128;

    /** Every member name and string value of {@code node} is text PostgreSQL can store. */
    private static boolean storable(JsonNode node) {
        if (node.isTextual()) {
            return FieldRules.isStorableText(node.textValue());
        }
        for (var members = node.fields(); members.hasNext(); ) {
            var member = members.next();
            if (!FieldRules.isStorableText(member.getKey()) || !storable(member.getValue())) {
                return false;
            }
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!storable(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    public List<FieldError> validate() {
        Violations at = Violations.root();
        FieldRules.id(at.at("proxyId"), proxyId);
        new PrimitivePin(kind, name, hash).validate(at);
        if (approvedHash != null && !DefinitionHash.isValid(approvedHash)) {
            at.add("approvedHash", "must be sha256: followed by 64 lowercase hex digits");
        }
        if (definition == null || !definition.isObject()) {
            at.add("definition", "must be an object");
        } else if (Json.write(definition).length > MAX_DEFINITION_BYTES) {
            at.add("definition", "must be at most " + MAX_DEFINITION_BYTES + " bytes of JSON");
        } else if (!storable(definition)) {
            // PostgreSQL's jsonb refuses NUL: stored anyway, one such report would stop the ingest behind it.
            at.add("definition", FieldRules.TEXT_RULE);
        } else if (DefinitionHash.isValid(hash) && !hash.equals(DefinitionHash.ofDefinition(definition))) {
            at.add("hash", "does not match the definition");
        }
        FieldRules.required(at.at("mode"), mode);
        if (FieldRules.notBlank(at.at("gatewayId"), gatewayId, MAX_GATEWAY_ID)) {
            FieldRules.text(at.at("gatewayId"), gatewayId);
        }
        if (FieldRules.required(at.at("seenAt"), seenAt)) {
            FieldRules.instant(at.at("seenAt"), seenAt);
        }
        return at.list();
    }
}
