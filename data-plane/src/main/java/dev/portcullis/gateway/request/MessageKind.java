package dev.portcullis.gateway.request;

/** What an agent's HTTP request carries. */
public enum MessageKind {
    /** A JSON-RPC request: has an id, expects a response. */
    REQUEST,
    /** A JSON-RPC notification: no id. */
    NOTIFICATION,
    /** The client's response to a server request (sampling, elicitation, roots). */
    RESPONSE,
    /** A GET (server-to-client stream) or DELETE (end session): no JSON-RPC body. */
    NO_BODY
}
