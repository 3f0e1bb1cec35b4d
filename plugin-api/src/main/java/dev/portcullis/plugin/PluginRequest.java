package dev.portcullis.plugin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A read-only view of one agent request, with the few edits a filter may make to what goes upstream. Valid only
 * during the call it is passed to (and, for the response hooks, until the answer ended); never keep it.
 */
public interface PluginRequest {

    /** The id of the proxy the request came to. */
    String proxyId();

    /** The JSON-RPC method, such as {@code tools/call}. */
    String method();

    /** {@code tool}, {@code prompt} or {@code resource} for a routed method, else null. */
    String primitiveType();

    /** The tool or prompt name, or the resource URI, of a routed method; else null. */
    String primitiveName();

    /** The request's JSON-RPC id. */
    JsonNode id();

    /** The request's {@code params}, or null when it has none. Read-only: do not modify. */
    JsonNode params();

    /** The MCP revision the request follows, such as {@code 2025-11-25} or {@code 2026-07-28}. */
    String protocolVersion();

    /**
     * The authenticated consumer's id (key id, or token subject), or null before authentication (a
     * {@code beforeAuth} placement), or when the proxy or route has authentication off.
     */
    String consumerId();

    /** The consumer's alias (a key's alias, or the token subject), or null like {@link #consumerId}. */
    String consumerAlias();

    /** The first value of one of the agent's request headers, or null. */
    String header(String name);

    /** Sets a header on the request sent upstream (replacing any value it had). */
    void setUpstreamHeader(String name, String value);

    /** Removes a header from the request sent upstream. */
    void removeUpstreamHeader(String name);
}
