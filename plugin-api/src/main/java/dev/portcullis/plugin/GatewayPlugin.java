package dev.portcullis.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A filter an operator adds to the gateway: the service a plugin jar provides, found with {@link java.util.ServiceLoader}
 * (the jar lists its class in {@code META-INF/services/dev.portcullis.plugin.GatewayPlugin}). One instance per
 * gateway (and per control plane, which only calls {@link #name} and {@link #validate}); it must have a public
 * no-argument constructor and be thread-safe.
 *
 * <p>A proxy definition names the plugin in a {@code plugins} entry (proxy-wide in {@code global}, or on an operation
 * or a primitive) with its own JSON {@code config}. Each entry becomes one {@link PluginFilter}, built by
 * {@link #create} when a configuration snapshot is applied, never on the request path.
 */
public interface GatewayPlugin {

    /**
     * The name definitions use: 1 to 64 characters of {@code a-z 0-9 . _ -}, starting with a letter or digit,
     * unique among the plugins installed.
     */
    String name();

    /**
     * Every problem with {@code config}, each a short human sentence (no secrets: it is shown to the admin and stored
     * in reports); empty when the config is usable. Called when a definition is saved (control plane) and before
     * {@link #create} (gateway). Must not throw, block on I/O or keep state.
     *
     * @param config a JSON object, never null (an entry without config gets {@code {}})
     */
    List<String> validate(JsonNode config);

    /**
     * Builds the filter for one {@code plugins} entry whose config {@link #validate} accepted. Runs on a worker
     * thread when a snapshot is applied: compile patterns and read files here, not per request. Throwing refuses the
     * snapshot (the gateway keeps serving the previous one and reports the rejection).
     */
    PluginFilter create(JsonNode config);
}
