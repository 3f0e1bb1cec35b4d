package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Maps a Tyk policy (as the Tyk Dashboard exports it, or one entry of a gateway's {@code policies.json}) to a
 * Portcullis policy, noting every field it leaves behind. {@code access_rights} are keyed by Tyk API id; the
 * caller says which proxy each id became. Limits follow Tyk's rules: {@code rate}/{@code per} or
 * {@code quota_max} of 0 or less mean none; with {@code partitions.per_api} each access right's own {@code limit}
 * applies to its API instead of the policy-wide one.
 */
final class TykPolicy {

    private static final Set<String> HANDLED = Set.of("id", "_id", "name", "rate", "per", "quota_max",
            "quota_renewal_rate", "access_rights", "partitions", "active", "is_inactive", "throttle_interval",
            "throttle_retry_limit", "max_query_depth");
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("org_id", "Portcullis has no organisations: one control plane is one tenant"),
            Map.entry("quota_renews", "counter state, not configuration: quotas start afresh"),
            Map.entry("quota_remaining", "counter state, not configuration: quotas start afresh"),
            Map.entry("hmac_enabled", "HMAC request signing is not supported; keys are bearer tokens"),
            Map.entry("enable_http_signature_validation", "HTTP signatures are not supported"),
            Map.entry("tags", "policies carry no tags"),
            Map.entry("meta_data", "policies carry no metadata"),
            Map.entry("key_expires_in", "set expiresAt on each key you create"),
            Map.entry("last_updated", "the control plane records its own history"),
            Map.entry("graphql_access_rights", "GraphQL does not apply to MCP"),
            Map.entry("smoothing", "rate limits are not smoothed: the window is exact"),
            Map.entry("post_expiry_action", "an expired key is refused"),
            Map.entry("post_expiry_grace_period", "an expired key is refused"));
    private static final Set<String> RIGHT_HANDLED = Set.of("api_id", "api_name", "limit", "json_rpc_methods",
            "json_rpc_methods_access_rights", "mcp_primitives", "mcp_access_rights");
    private static final Map<String, String> RIGHT_REASONS = Map.of(
            "versions", "proxies are not versioned",
            "allowed_urls", "REST path rules do not apply to MCP; use mcp_access_rights",
            "endpoints", "REST endpoint limits do not apply to MCP; use json_rpc_methods or mcp_primitives",
            "allowance_scope", "counters are scoped by Portcullis itself",
            "restricted_types", "GraphQL does not apply to MCP",
            "allowed_types", "GraphQL does not apply to MCP",
            "field_access_rights", "GraphQL does not apply to MCP",
            "disable_introspection", "GraphQL does not apply to MCP");

    private TykPolicy() {
    }

    /** The policy's id: {@code id}, else {@code _id}, else {@code fallback} (its key in a policies map); or null. */
    static String id(JsonNode policy, String fallback) {
        String id = TykJson.text(policy, "id");
        if (id == null || id.isEmpty()) {
            id = TykJson.text(policy, "_id");
        }
        return id == null || id.isEmpty() ? fallback : id;
    }

    /**
     * The Portcullis policy (without {@code id}), or null when it cannot be imported. {@code proxyOf} gives the
     * proxy id a Tyk API id became, or null for an API neither imported nor existing.
     */
    static ObjectNode map(JsonNode policy, UnaryOperator<String> proxyOf, ImportNotes notes) {
        if (!(policy instanceof ObjectNode tyk)) {
            notes.error("", "must be a Tyk policy object");
            return null;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        String ownId = TykJson.text(tyk, "id");
        if (ownId != null && !ownId.isEmpty()) {
            notes.ignore("_id", tyk.get("_id"), "the Tyk Dashboard's database id; the policy id is its id");
        }
        String name = TykJson.text(tyk, "name");
        out.put("name", name == null || name.isBlank() ? id(tyk, "policy") : name);
        if (!tyk.path("active").asBoolean(true) || tyk.path("is_inactive").asBoolean(false)) {
            notes.error(tyk.has("is_inactive") ? "is_inactive" : "active", "the policy is inactive in Tyk;"
                    + " Portcullis policies are always in force, so activate it in Tyk or leave it out");
        }
        ObjectNode partitions = TykJson.object(tyk, "partitions");
        boolean perApi = partitions != null && partitions.path("per_api").asBoolean(false);
        boolean partitioned = partitions != null && (partitions.path("quota").asBoolean(false)
                || partitions.path("rate_limit").asBoolean(false) || partitions.path("acl").asBoolean(false)
                || partitions.path("complexity").asBoolean(false));
        if (partitioned && !partitions.path("acl").asBoolean(false)) {
            notes.error("partitions.acl", "a policy without the acl partition grants no access on its own;"
                    + " Portcullis policies always grant their access rights");
        }
        boolean rate = !partitioned || partitions.path("rate_limit").asBoolean(false);
        boolean quota = !partitioned || partitions.path("quota").asBoolean(false);
        ObjectNode rights = TykJson.object(tyk, "access_rights");
        boolean single = rights != null && rights.size() == 1;
        if (!perApi || single) {
            JsonNode source = perApi ? rights.elements().next().path("limit") : tyk;
            String at = perApi ? "access_rights." + rights.fieldNames().next() + ".limit" : "";
            if (perApi && TykJson.carriesNothing(source)) {
                source = tyk;
                at = "";
            }
            if (rate) {
                rate(source, TykJson.join(at, "rate"), notes, out);
            }
            if (quota) {
                quota(source, TykJson.join(at, "quota_max"), notes, out);
            }
        }
        if (rights != null) {
            ObjectNode mapped = out.putObject("accessRights");
            for (Iterator<Map.Entry<String, JsonNode>> it = rights.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> right = it.next();
                accessRight(tyk, right.getKey(), right.getValue(), perApi && !single && rate, perApi && single,
                        proxyOf, notes, mapped);
            }
        }
        ignoreBelowOne(tyk, "throttle_interval", "requests over a limit are refused with 429 at once", notes);
        ignoreBelowOne(tyk, "throttle_retry_limit", "requests over a limit are refused with 429 at once", notes);
        ignoreBelowOne(tyk, "max_query_depth", "GraphQL does not apply to MCP", notes);
        if (partitioned) {
            notes.ignored("partitions", "the policy is imported with its " + (rate ? "rate, " : "")
                    + (quota ? "quota, " : "") + "access rights; other partitions were left out");
        }
        notes.rest(tyk, "", HANDLED, REASONS, "not supported by Portcullis");
        return out;
    }

    /**
     * One access right. {@code ownRate}: its {@code limit} becomes the proxy's limit; {@code limitTaken}: its limit
     * was already made the policy's; otherwise Tyk does not apply it and it is listed as ignored.
     */
    private static void accessRight(ObjectNode policy, String apiId, JsonNode value, boolean ownRate,
                                    boolean limitTaken, UnaryOperator<String> proxyOf, ImportNotes notes,
                                    ObjectNode out) {
        String path = "access_rights." + apiId;
        String proxy = proxyOf.apply(apiId);
        if (proxy == null) {
            notes.error(path, "names Tyk API '" + apiId + "', which is neither in this import nor an existing proxy");
            return;
        }
        if (!(value instanceof ObjectNode tyk)) {
            notes.error(path, "must be an object");
            return;
        }
        String declared = TykJson.text(tyk, "api_id");
        if (declared != null && !declared.isEmpty() && !declared.equals(apiId)) {
            notes.error(path + ".api_id", "must equal the key the access right is listed under ('" + apiId + "')");
        }
        ObjectNode right = out.putObject(proxy);
        JsonNode limit = tyk.get("limit");
        if (ownRate) {
            ObjectNode own = Json.mapper().createObjectNode();
            if (limit(TykJson.carriesNothing(limit) ? policy : limit, path + ".limit", notes, own)) {
                right.set("limit", own);
            }
            notes.ignore(path + ".limit.quota_max", limit == null ? null : limit.get("quota_max"),
                    "quotas are per policy here, not per proxy");
        } else if (!limitTaken && limit != null && !TykJson.carriesNothing(limit)) {
            notes.ignore(path + ".limit", limit, "Tyk applies an access right's own limit only with"
                    + " partitions.per_api; the policy-wide limits apply");
        }
        ObjectNode lists = TykJson.object(tyk, "mcp_access_rights");
        if (lists != null) {
            right.set("mcpAccessRights", lists);
        }
        if (tyk.get("json_rpc_methods_access_rights") instanceof ObjectNode methods) {
            right.set("jsonRpcMethodsAccessRights", methods);
        }
        ArrayNode methodLimits = right.putArray("jsonRpcMethods");
        JsonNode methods = tyk.path("json_rpc_methods");
        for (int i = 0; i < methods.size(); i++) {
            ObjectNode limitOut = Json.mapper().createObjectNode();
            if (limit(methods.get(i).path("limit"), path + ".json_rpc_methods[" + i + "].limit", notes, limitOut)) {
                methodLimits.addObject().put("name", methods.get(i).path("name").asText(""))
                        .set("limit", limitOut);
            }
        }
        ArrayNode primitiveLimits = right.putArray("mcpPrimitives");
        JsonNode primitives = tyk.path("mcp_primitives");
        for (int i = 0; i < primitives.size(); i++) {
            JsonNode primitive = primitives.get(i);
            ObjectNode limitOut = Json.mapper().createObjectNode();
            if (limit(primitive.path("limit"), path + ".mcp_primitives[" + i + "].limit", notes, limitOut)) {
                primitiveLimits.addObject().put("type", primitive.path("type").asText(""))
                        .put("name", primitive.path("name").asText("")).set("limit", limitOut);
            }
        }
        notes.rest(tyk, path, RIGHT_HANDLED, RIGHT_REASONS, Set.of("allowed_urls"), "not supported by Portcullis");
    }

    /** Tyk's {@code rate}/{@code per} of {@code source} as whole numbers into {@code out}; nothing when none. */
    private static void rate(JsonNode source, String path, ImportNotes notes, ObjectNode out) {
        long[] whole = TykJson.wholeRate(source.get("rate"), source.get("per"));
        if (whole != null) {
            out.put("rate", whole[0]).put("per", whole[1]);
        } else {
            unusableRate(source, path, notes);
        }
    }

    /** A {@code {rate, per}} limit into {@code out}; false when Tyk's values mean no limit. */
    private static boolean limit(JsonNode limit, String path, ImportNotes notes, ObjectNode out) {
        rate(limit, path, notes, out);
        notes.ignore(path + ".smoothing", limit.get("smoothing"), "rate limits are not smoothed: the window is exact");
        return !out.isEmpty();
    }

    private static void unusableRate(JsonNode source, String path, ImportNotes notes) {
        JsonNode rate = source.get("rate");
        JsonNode per = source.get("per");
        if (rate != null && per != null && rate.isNumber() && per.isNumber() && rate.doubleValue() > 0
                && per.doubleValue() > 0) {
            notes.error(path, "rate and per must have at most three decimals");
        }
    }

    private static void quota(JsonNode source, String path, ImportNotes notes, ObjectNode out) {
        JsonNode max = source.get("quota_max");
        JsonNode renewal = source.get("quota_renewal_rate");
        if (max == null || !max.canConvertToLong() || max.asLong() <= 0) {
            return;
        }
        if (renewal == null || !renewal.canConvertToLong() || renewal.asLong() <= 0) {
            notes.error(path.replace("quota_max", "quota_renewal_rate"), "must be a number of seconds greater than 0"
                    + " when quota_max is set");
            return;
        }
        out.putObject("quota").put("max", max.asLong()).put("renewalSeconds", renewal.asLong());
    }

    private static void ignoreBelowOne(ObjectNode tyk, String field, String reason, ImportNotes notes) {
        JsonNode value = tyk.get(field);
        if (value != null && value.isNumber() && value.doubleValue() > 0) {
            notes.ignored(field, reason);
        }
    }
}
