package dev.portcullis.gateway.request;

import java.util.List;
import java.util.Optional;

/**
 * The MCP revision a request follows, decided by its {@code MCP-Protocol-Version} header. Without the header a
 * request is {@link #UNDECLARED} and follows the 2025 (session) rules, as the 2025-03-26 transport allows. Only
 * {@link #V2026_07_28} is stateless: it carries its version in {@code params._meta}, its method and name in the
 * standard {@code Mcp-Method} / {@code Mcp-Name} headers, and has no {@code initialize}.
 */
public enum ProtocolRevision {
    UNDECLARED(null),
    V2024_11_05("2024-11-05"),
    V2025_03_26("2025-03-26"),
    V2025_06_18("2025-06-18"),
    V2025_11_25("2025-11-25"),
    V2026_07_28("2026-07-28");

    /** What the gateway speaks, newest first: the {@code data.supported} of an unsupported-version error. */
    public static final List<String> SUPPORTED = List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26",
            "2024-11-05");

    private final String version;

    ProtocolRevision(String version) {
        this.version = version;
    }

    /** The version string, null for {@link #UNDECLARED}. */
    public String version() {
        return version;
    }

    /** True for the stateless revision (per-request {@code _meta}, standard headers, no session). */
    public boolean stateless() {
        return this == V2026_07_28;
    }

    /** The revision a header value names, empty when the gateway does not speak it. Case-sensitive. */
    public static Optional<ProtocolRevision> of(String version) {
        for (ProtocolRevision revision : values()) {
            if (revision.version != null && revision.version.equals(version)) {
                return Optional.of(revision);
            }
        }
        return Optional.empty();
    }
}
