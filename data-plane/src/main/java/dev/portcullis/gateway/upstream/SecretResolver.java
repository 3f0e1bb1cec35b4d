package dev.portcullis.gateway.upstream;

import dev.portcullis.model.secret.SealedSecret;

/**
 * Turns a configured value into the value sent upstream, resolving {@code ${secret:name}} references. The gateway
 * uses {@link dev.portcullis.gateway.upstream.SnapshotSecretResolver} (secrets sealed into the snapshot, ADR 0002);
 * {@link #LITERAL} leaves values as they are (tests). Called off the event loop while a snapshot is applied, never
 * per request; throws {@link IllegalArgumentException} naming the secret when a reference cannot be resolved.
 */
@FunctionalInterface
public interface SecretResolver {

    String SECRET_REFERENCE = "${secret:";

    /**
     * Literal values only. A {@code ${secret:...}} reference is refused (the proxy, hence the snapshot, cannot be
     * applied) rather than sent upstream verbatim as a wrong credential.
     */
    SecretResolver LITERAL = value -> {
        if (value.contains(SECRET_REFERENCE)) {
            throw new IllegalArgumentException("${secret:...} references are not supported by this gateway yet");
        }
        return value;
    };

    /** @throws IllegalArgumentException when the value cannot be resolved */
    String resolve(String configuredValue);

    /**
     * Opens a value the snapshot carries sealed to this gateway under {@code name} (session keys).
     *
     * @throws IllegalArgumentException when it cannot be opened; always, for resolvers without the gateway's key
     */
    default String openSealed(String name, SealedSecret sealed) {
        throw new IllegalArgumentException("this gateway cannot open sealed values");
    }
}
