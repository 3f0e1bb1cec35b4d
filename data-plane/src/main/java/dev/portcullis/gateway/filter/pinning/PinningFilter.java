package dev.portcullis.gateway.filter.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.runtime.pinning.ProxyPinRules;
import dev.portcullis.model.pin.DefinitionHash;
import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Tool pinning against rug pulls: compares every tool, prompt and resource template an upstream lists (answers to
 * {@code tools/list}, {@code prompts/list}, {@code resources/templates/list} and the lists a {@code server/discover}
 * result carries; JSON or SSE, both revisions) with the definitions an administrator approved, which travel in the
 * snapshot. A definition whose hash ({@link DefinitionHash}) is not the approved one, or a primitive with none
 * approved, is reported to the control plane once ({@link PinReporter}); under {@code enforce} it is also removed
 * from the answer and calls to it ({@code tools/call}, {@code prompts/get}, {@code resources/read} of a URI the
 * template could make) are refused (403, -32002, reason {@value #REASON}) until approved. Under {@code observe} it
 * passes. Answers replayed on a resumed GET stream are compared by their shape. No request-time call to the control plane: a gateway refuses what it saw change itself, and what the
 * control plane, told by any gateway, lists as held in the snapshot.
 *
 * <p>Runs after authorisation (an unauthorised caller gets the usual denial) and before rate limits (a refused call
 * consumes nothing); on the way back it sees the upstream's whole list before discovery filtering narrows it to
 * the caller's view, so what is reported does not depend on who asked. Applies only to proxies whose mode is not
 * {@code off}.
 */
public record PinningFilter(PinWatch watch) implements McpFilter {

    public static final String REASON = "pending_approval";
    private static final String DISCOVER = "server/discover";
    private static final List<PinKind> ALL = List.of(PinKind.values());
    private static final Map<String, List<PinKind>> KINDS = Map.of(
            DISCOVER, ALL,
            PinKind.TOOL.listMethod(), List.of(PinKind.TOOL),
            PinKind.PROMPT.listMethod(), List.of(PinKind.PROMPT),
            PinKind.RESOURCE_TEMPLATE.listMethod(), List.of(PinKind.RESOURCE_TEMPLATE));

    @Override
    public boolean appliesTo(FilterContext context) {
        MessageKind kind = context.route().kind();
        if (kind != MessageKind.REQUEST && kind != MessageKind.NO_BODY || rules(context) == null) {
            return false;
        }
        if (kind == MessageKind.NO_BODY) {
            return true; // a resumed stream may replay list answers (see onResponse)
        }
        String method = context.route().method();
        return kinds(method) != null || "tools/call".equals(method) || "prompts/get".equals(method)
                || "resources/read".equals(method);
    }

    private static ProxyPinRules rules(FilterContext context) {
        return context.proxy() == null ? null : context.runtime().pins().of(context.proxy().id());
    }

    /** The kinds a list method's answer carries; null for other methods. */
    private static List<PinKind> kinds(String method) {
        return method == null ? null : KINDS.get(method);
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        ProxyPinRules rules = rules(context);
        if (!rules.enforces() || context.route().kind() != MessageKind.REQUEST) {
            return FilterResult.proceed();
        }
        ProxyDefinition proxy = context.proxy().definition();
        String name = context.route().primitiveName();
        String refusal = switch (context.route().method()) {
            case "tools/call" -> held(rules, proxy, PinKind.TOOL, name)
                    ? "tool '" + name + "' changed or is new since its definition was approved; it is held until an"
                    + " administrator approves it" : null;
            case "prompts/get" -> held(rules, proxy, PinKind.PROMPT, name)
                    ? "prompt '" + name + "' changed or is new since its definition was approved; it is held until"
                    + " an administrator approves it" : null;
            case "resources/read" -> heldTemplate(rules, proxy, name)
                    ? "the resource template of this URI changed or is new since it was approved; it is held until"
                    + " an administrator approves it" : null;
            default -> null;
        };
        if (refusal == null) {
            return FilterResult.proceed();
        }
        watch.refused();
        return FilterResult.reject(AccessErrors.denied(REASON, refusal));
    }

    /**
     * Held: no approved definition, or this gateway last saw another one listed, or (when it never saw the
     * primitive listed) the control plane knows of an unapproved change.
     */
    private boolean held(ProxyPinRules rules, ProxyDefinition proxy, PinKind kind, String name) {
        if (name == null) {
            return false;
        }
        String approved = rules.approvedHash(kind, name);
        if (approved == null) {
            return true;
        }
        String seen = watch.observations().lastSeen(proxy, kind, name);
        return seen != null ? !seen.equals(approved) : rules.heldByControlPlane(kind, name);
    }

    private boolean heldTemplate(ProxyPinRules rules, ProxyDefinition proxy, String uri) {
        if (uri == null) {
            return false;
        }
        for (String template : rules.heldTemplates()) {
            if (UriTemplateMatch.matches(template, uri)) {
                return true;
            }
        }
        for (String template : watch.observations().templatesNotMatching(proxy, rules.approved())) {
            if (UriTemplateMatch.matches(template, uri)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (kinds(context.route().method()) != null || replays(context)) {
            response.readMessages(McpResponse.Reading.GOVERN);
        }
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        boolean replays = replays(context);
        List<PinKind> kinds = replays ? ALL : kinds(context.route().method());
        if (kinds == null || !(replays ? message.kind() == UpstreamMessage.Kind.ANSWER : message.answersRequest())
                || !(message.json() instanceof ObjectNode answer)
                || !(answer.get("result") instanceof ObjectNode result)) {
            return;
        }
        ProxyPinRules rules = rules(context);
        boolean removed = false;
        for (PinKind kind : kinds) {
            if (result.get(kind.arrayField()) instanceof ArrayNode items) {
                ArrayNode kept = result.arrayNode(items.size());
                for (JsonNode item : items) {
                    if (passes(rules, context.proxy().definition(), kind, item)) {
                        kept.add(item);
                    }
                }
                if (kept.size() != items.size()) {
                    result.set(kind.arrayField(), kept);
                    removed = true;
                }
            }
        }
        if (removed) {
            message.replace(answer);
        }
    }

    /**
     * A GET resuming a stream ({@code Last-Event-ID}, marked by discovery filtering) may replay answers to earlier
     * list requests whose ids the gateway no longer knows: every answer on it is compared by its shape.
     */
    private static boolean replays(FilterContext context) {
        return context.route().kind() == MessageKind.NO_BODY && context.resumesStream();
    }

    /** Compares one listed item with its pin, remembers and reports it; false when it must be hidden. */
    private boolean passes(ProxyPinRules rules, ProxyDefinition proxy, PinKind kind, JsonNode item) {
        JsonNode nameNode = item.get(kind.nameField());
        if (!item.isObject() || nameNode == null || !nameNode.isTextual()) {
            return true; // discovery filtering drops it: it could not be called
        }
        String name = nameNode.textValue();
        ObjectNode definition = DefinitionHash.definition(kind, item);
        String hash;
        try {
            hash = DefinitionHash.ofDefinition(definition);
        } catch (IllegalArgumentException unhashable) {
            return !rules.enforces();
        }
        if (name.length() > PrimitivePin.MAX_NAME) {
            return !rules.enforces();
        }
        watch.observations().saw(proxy, kind, name, hash);
        String approved = rules.approvedHash(kind, name);
        if (hash.equals(approved)) {
            return true;
        }
        watch.reporter().report(proxy.id(), kind, name, hash, approved, definition, rules.mode());
        return !rules.enforces();
    }
}
