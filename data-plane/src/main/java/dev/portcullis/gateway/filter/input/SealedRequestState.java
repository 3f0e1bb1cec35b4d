package dev.portcullis.gateway.filter.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.runtime.SessionKeyRing;
import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code requestState} an agent receives when the gateway removed input requests from an
 * {@code input_required} result: the upstream's own state (or none) and the keys of the removed requests, sealed to
 * the proxy, the consumer and the request with the deployment's session keys ({@link SessionKeyRing}; a gateway
 * whose snapshot has none uses a key of its own, made at start, so only that gateway can open what it sealed).
 * Written as {@code pr1.<key id>.<base64url>}; the {@code pr1.} prefix is authenticated, so a sealed session id
 * never opens as a request state nor the other way round. The agent cannot read the upstream's state nor the keys, nor alter them.
 *
 * @param proxyId       the proxy the result came through
 * @param consumer      who received it, as the session binding names consumers
 * @param request       the request it answered: its method and the name or URI it targets, space-separated
 * @param upstreamState the upstream's {@code requestState}, null when it sent none
 * @param denied        the {@code inputRequests} keys the gateway removed
 */
record SealedRequestState(String proxyId, String consumer, String request, String upstreamState,
                          List<String> denied) {

    /** Longest sealed state accepted or produced, checked before any decoding. */
    static final int MAX_LENGTH = 65_536;
    private static final String VERSION = "pr1.";
    private static final SessionKeyRing OWN = ownRing();

    SealedRequestState {
        Objects.requireNonNull(proxyId, "proxyId");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(request, "request");
        denied = List.copyOf(denied);
    }

    /** Whether {@code requestState} claims to be one of these (it may still fail to open). */
    static boolean claims(String requestState) {
        return requestState.startsWith(VERSION);
    }

    /**
     * This state sealed with {@code ring} (the snapshot's session keys) when it can seal, else with the gateway's
     * own key; throws {@link IllegalArgumentException} when the result would be longer than {@value #MAX_LENGTH}.
     */
    String seal(SessionKeyRing ring) {
        ObjectNode plain = Json.mapper().createObjectNode().put("p", proxyId).put("c", consumer)
                .put("r", request).put("s", upstreamState);
        ArrayNode keys = plain.putArray("d");
        denied.forEach(keys::add);
        String sealed = (ring.canSeal() ? ring : OWN).seal(VERSION, Json.write(plain));
        if (sealed.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the upstream's request state is too long to seal");
        }
        return sealed;
    }

    /** What {@code sealed} holds, or null when neither {@code ring} nor the gateway's own key can vouch for it. */
    static SealedRequestState open(SessionKeyRing ring, String sealed, Instant now) {
        byte[] plain = ring.open(VERSION, sealed, now, MAX_LENGTH);
        if (plain == null) {
            plain = OWN.open(VERSION, sealed, now, MAX_LENGTH);
        }
        if (plain == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(plain);
            List<String> denied = new ArrayList<>();
            node.path("d").forEach(key -> denied.add(key.asText()));
            JsonNode state = node.get("s");
            return new SealedRequestState(node.get("p").asText(), node.get("c").asText(), node.get("r").asText(),
                    state == null || state.isNull() ? null : state.asText(), denied);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static SessionKeyRing ownRing() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return SessionKeyRing.of(SessionKeyRing.key("gateway", raw, null));
    }

    @Override
    public String toString() {
        return "SealedRequestState[proxy=" + proxyId + ", denied=" + denied.size() + "]";
    }
}
