package dev.portcullis.gateway.request;

/** The kind of MCP primitive a request targets; {@link #NONE} for methods that target none. */
public enum PrimitiveType {
    TOOL("tool"),
    PROMPT("prompt"),
    RESOURCE("resource"),
    NONE("");

    private final String label;

    PrimitiveType(String label) {
        this.label = label;
    }

    /** The label used in logs and metrics ({@code tool}, {@code prompt}, {@code resource}). */
    public String label() {
        return label;
    }
}
