package dev.portcullis.controlplane.apidoc;

/** Descriptions the resources' OpenAPI annotations share. */
public final class ApiDoc {

    public static final String IF_MATCH = "The ETag of the version this change is based on; a change made since"
            + " answers 412";
    public static final String IF_MATCH_OPTIONAL = IF_MATCH + ". Optional: without it the change is unconditional";

    private ApiDoc() {
    }
}
