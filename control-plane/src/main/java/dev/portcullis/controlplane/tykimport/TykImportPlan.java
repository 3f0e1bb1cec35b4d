package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.Slugs;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.ValidationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an import request would create, worked out without touching the database: each Tyk object mapped, given
 * its Portcullis id, and validated as the API would validate it, against the proxies and policies that exist.
 * Errors name the request path ({@code apiDefinitions[0].x-tyk-api-gateway.upstream.url}); problems in the mapped
 * result name its field under {@code result} ({@code policies[0].result.accessRights.weather.mcpAccessRights...}).
 *
 * @param dryRun   the request's {@code dryRun}
 * @param proxies  mapped proxies, in request order
 * @param policies mapped policies, in request order
 * @param errors   every problem; the import may proceed only when empty
 */
record TykImportPlan(boolean dryRun, List<Planned> proxies, List<Planned> policies, List<FieldError> errors) {

    static final Set<String> REQUEST_FIELDS = Set.of("apiDefinitions", "policies", "dryRun");

    /** One mapped object; {@code definition} is null when it could not be mapped. */
    record Planned(ImportedItem item, ObjectNode definition) {
    }

    /** The existing configuration an import is checked against. */
    record Existing(List<ProxyDefinition> proxies, Set<String> policyIds) {
    }

    static TykImportPlan of(ObjectNode request, Existing existing) {
        List<FieldError> errors = new ArrayList<>(JsonBodies.unknownFields(request, REQUEST_FIELDS));
        JsonNode dryRun = request.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            errors.add(new FieldError("dryRun", "must be true or false"));
        }
        JsonNode apis = request.path("apiDefinitions");
        if (!apis.isMissingNode() && !apis.isArray()) {
            errors.add(new FieldError("apiDefinitions", "must be an array of Tyk OAS API definitions"));
        }
        JsonNode policies = request.path("policies");
        if (!policies.isMissingNode() && !policies.isArray() && !policies.isObject()) {
            errors.add(new FieldError("policies", "must be an array of Tyk policies, or an object of them by id"));
        }
        if (!apis.isArray() && !policies.isContainerNode() && errors.isEmpty()) {
            errors.add(new FieldError("", "give apiDefinitions, policies or both"));
        }
        Map<String, String> proxyOfApi = new HashMap<>();
        List<ProxyDefinition> known = new ArrayList<>(existing.proxies());
        List<Planned> plannedProxies = new ArrayList<>();
        if (apis.isArray()) {
            for (int i = 0; i < apis.size(); i++) {
                plannedProxies.add(proxy(apis.get(i), "apiDefinitions[" + i + "]", known, proxyOfApi, errors));
            }
        }
        Set<String> policyIds = new HashSet<>(existing.policyIds());
        Set<String> proxyIds = new HashSet<>();
        known.forEach(p -> proxyIds.add(p.id()));
        List<Planned> plannedPolicies = new ArrayList<>();
        if (policies.isArray()) {
            for (int i = 0; i < policies.size(); i++) {
                plannedPolicies.add(policy(policies.get(i), "policies[" + i + "]", null, proxyOfApi, proxyIds,
                        policyIds, errors));
            }
        } else if (policies.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = policies.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                plannedPolicies.add(policy(entry.getValue(), "policies." + entry.getKey(), entry.getKey(),
                        proxyOfApi, proxyIds, policyIds, errors));
            }
        }
        return new TykImportPlan(dryRun != null && dryRun.asBoolean(false), plannedProxies, plannedPolicies, errors);
    }

    TykImportReport report() {
        return new TykImportReport(dryRun, proxies.stream().map(Planned::item).toList(),
                policies.stream().map(Planned::item).toList());
    }

    private static Planned proxy(JsonNode document, String source, List<ProxyDefinition> known,
                                 Map<String, String> proxyOfApi, List<FieldError> errors) {
        ImportNotes notes = new ImportNotes(source);
        String tykId = TykApiDefinition.tykId(document);
        ObjectNode mapped = TykApiDefinition.map(document, notes);
        String id = null;
        JsonNode result = null;
        if (mapped != null) {
            String wanted = tykId != null && FieldRules.ID.matcher(tykId).matches() ? tykId
                    : Slugs.unique(mapped.path("name").asText(""), "mcp",
                            candidate -> known.stream().anyMatch(p -> candidate.equals(p.id())));
            id = wanted;
            if (known.stream().anyMatch(p -> wanted.equals(p.id()))) {
                notes.error("", "becomes proxy '" + wanted + "', which already exists");
            }
            ObjectNode withId = Json.mapper().createObjectNode().put("id", id);
            withId.setAll(mapped);
            mapped = withId;
            ProxyDefinition parsed = parse(() -> ProxyDefinition.parse(Json.write(withId)), notes);
            if (parsed != null) {
                known.stream().filter(parsed::conflictsWith).findFirst().ifPresent(other -> notes.error(
                        "x-tyk-api-gateway.server.listenPath.value", "overlaps '" + other.listenPath()
                                + "' of proxy '" + other.id() + "', and a gateway would serve both"));
                known.add(parsed);
                result = Json.mapper().valueToTree(parsed);
            }
            if (tykId != null) {
                proxyOfApi.put(tykId, id);
            }
        }
        errors.addAll(notes.errors());
        return new Planned(new ImportedItem(source, tykId, id, result, notes.ignored()),
                notes.errors().isEmpty() ? mapped : null);
    }

    private static Planned policy(JsonNode tyk, String source, String key, Map<String, String> proxyOfApi,
                                  Set<String> proxyIds, Set<String> policyIds, List<FieldError> errors) {
        ImportNotes notes = new ImportNotes(source);
        String tykId = TykPolicy.id(tyk, key);
        ObjectNode mapped = TykPolicy.map(tyk, api -> proxyOfApi.getOrDefault(api,
                proxyIds.contains(api) ? api : null), notes);
        JsonNode result = null;
        String id = null;
        if (mapped != null) {
            id = tykId != null && FieldRules.ID.matcher(tykId).matches() ? tykId
                    : uniqueSlug(mapped.path("name").asText(""), policyIds);
            if (!policyIds.add(id)) {
                notes.error("", "becomes policy '" + id + "', which already exists");
            }
            ObjectNode withId = Json.mapper().createObjectNode().put("id", id);
            withId.setAll(mapped);
            mapped = withId;
            Policy parsed = parse(() -> Policy.parse(Json.write(withId)), notes);
            result = parsed == null ? null : Json.mapper().valueToTree(parsed);
        }
        errors.addAll(notes.errors());
        return new Planned(new ImportedItem(source, tykId, id, result, notes.ignored()),
                notes.errors().isEmpty() ? mapped : null);
    }

    private static String uniqueSlug(String name, Set<String> taken) {
        return Slugs.unique(name, "policy", taken::contains);
    }

    private static <T> T parse(Supplier<T> parser, ImportNotes notes) {
        try {
            return parser.get();
        } catch (ValidationException invalid) {
            notes.errors("result", invalid.errors());
            return null;
        }
    }
}
