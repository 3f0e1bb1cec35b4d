package dev.portcullis.gateway.filter.auth.introspection;

/**
 * The introspection endpoint gave no usable answer, so no opaque token can be checked right now. The message says
 * what went wrong in words safe to show an agent: never a token, a secret or a response body.
 */
public final class IntrospectionUnavailable extends RuntimeException {

    public IntrospectionUnavailable(String message) {
        super(message, null, false, false);
    }
}
