package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.request.HeaderEdits;
import java.util.List;

/**
 * The middleware in force for one request, merged from its primitive entry ({@code tools}, {@code prompts},
 * {@code resources}) and its operation entry ({@code operations}): the primitive's setting wins, then the
 * operation's, then the proxy default. Header edits are not merged but applied in turn: operation, then primitive
 * (the global ones come first, from the proxy).
 *
 * @param timeoutMs            null = {@code upstream.timeoutMs}
 * @param requestSizeLimit     null = {@code global.requestSizeLimit}
 * @param breaker              the breaker guarding the route, null for none
 * @param ignoreAuthentication true when either entry skips authentication
 * @param requestEdits         operation then primitive {@code transformRequestHeaders}, empty ones left out
 * @param responseEdits        operation then primitive {@code transformResponseHeaders}, empty ones left out
 * @param mockResponse         the static {@code result} to answer with; null = call upstream. Read-only.
 * @param bodyEdits            operation then primitive {@code transformRequestBody}, empty ones left out
 */
public record RouteSettings(Integer timeoutMs, Long requestSizeLimit, BreakerSlot breaker,
                            boolean ignoreAuthentication, List<HeaderEdits> requestEdits,
                            List<HeaderEdits> responseEdits, Tracking tracking, JsonNode mockResponse,
                            List<ArgumentEdits> bodyEdits) {

    public static final RouteSettings NONE = new RouteSettings(null, null, null, false, List.of(), List.of(),
            Tracking.DEFAULT, null, List.of());

    public RouteSettings {
        requestEdits = List.copyOf(requestEdits);
        responseEdits = List.copyOf(responseEdits);
        bodyEdits = List.copyOf(bodyEdits);
    }
}
