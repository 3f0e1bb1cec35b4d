package dev.portcullis.controlplane.primitive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the control plane asks an upstream MCP server for its primitives ({@code GET /api/mcps/{id}/primitives}). */
@ConfigMapping(prefix = "portcullis")
public interface PrimitivesConfig {

    /**
     * Longest wait for one upstream answer, capped by the proxy's own {@code upstream.timeoutMs}
     * ({@code PORTCULLIS_PRIMITIVES_TIMEOUT}).
     */
    @WithDefault("10s")
    Duration primitivesTimeout();

    /** Longest wait for the whole listing, every page of every list included ({@code PORTCULLIS_PRIMITIVES_DEADLINE}). */
    @WithDefault("30s")
    Duration primitivesDeadline();
}
