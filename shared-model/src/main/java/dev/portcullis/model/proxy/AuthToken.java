package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/** Portcullis keys ({@code pcs_...}) read from {@code header} (default {@code Authorization}, bearer or bare). */
public record AuthToken(Boolean enabled, String header) {

    public static final String DEFAULT_HEADER = "Authorization";
    public static final AuthToken DEFAULT = new AuthToken(true, DEFAULT_HEADER);

    public AuthToken {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        header = header == null ? DEFAULT_HEADER : header;
    }

    public void validate(Violations at) {
        if (enabled) {
            FieldRules.headerName(at.at("header"), header);
        }
    }
}
