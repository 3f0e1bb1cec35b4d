package dev.portcullis.gateway.runtime.access;

import java.util.Objects;

/** The outcome of an authorisation check: allowed, or denied with a stable reason and a message naming what. */
public sealed interface AccessDecision {

    record Allowed() implements AccessDecision {
    }

    /**
     * @param reason  stable slug: {@code primitive_blocked}, {@code primitive_not_allowed}, {@code method_not_allowed}
     * @param message safe to show the agent: names the method or primitive, never a credential
     */
    record Denied(String reason, String message) implements AccessDecision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    AccessDecision ALLOWED = new Allowed();

    default boolean allowed() {
        return this instanceof Allowed;
    }
}
