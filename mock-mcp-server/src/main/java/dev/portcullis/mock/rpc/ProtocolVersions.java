package dev.portcullis.mock.rpc;

import java.util.List;

/** MCP protocol revisions this server speaks, newest first. */
public final class ProtocolVersions {

    public static final String LATEST = "2025-11-25";
    public static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /** The client's version when we speak it, else our latest (the client then decides whether to go on). */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }
}
