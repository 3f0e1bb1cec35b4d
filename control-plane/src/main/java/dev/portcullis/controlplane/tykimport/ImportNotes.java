package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.validation.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What mapping one Tyk object found: the fields it left behind, with the reason, and the problems that stop the
 * import. Ignored fields are named relative to the Tyk object; errors carry the full request path
 * ({@code apiDefinitions[0].x-tyk-api-gateway.upstream.url}) as every validation problem of the API does.
 * Not thread-safe: one per mapped object.
 */
final class ImportNotes {

    private final String source;
    private final List<Ignored> ignored = new ArrayList<>();
    private final List<FieldError> errors = new ArrayList<>();

    ImportNotes(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    List<Ignored> ignored() {
        return List.copyOf(ignored);
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Records {@code path} as not imported, unless its value carries nothing (see {@link TykJson#carriesNothing}). */
    void ignore(String path, JsonNode value, String reason) {
        if (!TykJson.carriesNothing(value)) {
            ignored.add(new Ignored(path, reason));
        }
    }

    /** Records {@code path} as not imported, whatever its value. */
    void ignored(String path, String reason) {
        ignored.add(new Ignored(path, reason));
    }

    /**
     * Refuses a Tyk field that restricts access when leaving it behind would let through what Tyk refused (an
     * internal endpoint, a scope check, client certificates, an IP list...), unless its value carries nothing.
     */
    void refuseLooser(String path, JsonNode value, String reason) {
        if (!TykJson.carriesNothing(value)) {
            error(path, "cannot be imported, and without it the proxy would let through what Tyk refuses ("
                    + reason + "); remove it from the import to accept that");
        }
    }

    void error(String path, String message) {
        errors.add(new FieldError(path.isEmpty() ? source : source + "." + path, message));
    }

    void errors(String prefix, List<FieldError> found) {
        found.forEach(e -> error(prefix + (e.field().isEmpty() ? "" : "." + e.field()), e.message()));
    }

    /**
     * Ignores every member of {@code object} that is not in {@code handled}: with the reason {@code reasons} gives
     * for it, else {@code otherwise}.
     */
    void rest(ObjectNode object, String path, Set<String> handled, Map<String, String> reasons, String otherwise) {
        rest(object, path, handled, reasons, Set.of(), otherwise);
    }

    /** As {@link #rest(ObjectNode, String, Set, Map, String)}, refusing the members in {@code looser} instead. */
    void rest(ObjectNode object, String path, Set<String> handled, Map<String, String> reasons, Set<String> looser,
              String otherwise) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (looser.contains(member.getKey())) {
                refuseLooser(TykJson.join(path, member.getKey()), member.getValue(),
                        reasons.getOrDefault(member.getKey(), otherwise));
            } else if (!handled.contains(member.getKey())) {
                ignore(TykJson.join(path, member.getKey()), member.getValue(),
                        reasons.getOrDefault(member.getKey(), otherwise));
            }
        }
    }
}
