package dev.portcullis.model.pin;

import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/**
 * One primitive's approved (or held) definition, by its hash.
 *
 * @param kind tool, prompt or resource template
 * @param name the tool or prompt name, or the template's {@code uriTemplate}; at most {@value #MAX_NAME} characters
 * @param hash {@link DefinitionHash} of its definition
 */
public record PrimitivePin(PinKind kind, String name, String hash) {

    public static final int MAX_NAME = 1024;

    public void validate(Violations at) {
        FieldRules.required(at.at("kind"), kind);
        if (FieldRules.notBlank(at.at("name"), name, MAX_NAME)) {
            FieldRules.text(at.at("name"), name);
        }
        if (!DefinitionHash.isValid(hash)) {
            at.add("hash", "must be sha256: followed by 64 lowercase hex digits");
        }
    }

    /** The key a pin is looked up by: kind and name. */
    public String key() {
        return key(kind, name);
    }

    public static String key(PinKind kind, String name) {
        return kind.json() + ' ' + name;
    }
}
