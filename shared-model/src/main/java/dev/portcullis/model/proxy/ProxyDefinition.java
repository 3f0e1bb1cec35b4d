package dev.portcullis.model.proxy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.json.StrictJsonReader;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.Violations;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One MCP proxy: an upstream MCP server, how agents reach and authenticate to it, and the middleware on its
 * tools, resources, prompts and JSON-RPC methods.
 *
 * <p>The constructor only normalizes: absent fields get their defaults (active, upstream timeout and session
 * affinity, authentication on with keys in {@code Authorization}, 1 MiB request limit, traffic logs on), lists
 * and maps become immutable, and a {@code null} middleware entry means {@link Middleware#none()}. It does not
 * throw on bad values, so that {@link #validate()} can report every problem with its field path at once.
 * {@link #parse} does both. Boxed components (e.g. {@code active}) exist so an explicit value can be told from an
 * absent one; after construction they are never null.
 *
 * <p>Beyond field rules: {@code id} matches {@link FieldRules#ID}; {@code name} is non-blank, at most 200
 * characters; listen paths follow {@link ListenPaths}; gateway tags match {@code [A-Za-z0-9._:-]{1,64}} (they
 * travel comma-separated); allowed origins are {@code scheme://host[:port]}; resource keys may end with one
 * {@code *} (a prefix) and contain no other; tool, prompt and operation keys are non-blank without whitespace.
 *
 * @param gatewayTags served by gateways carrying one of these tags; empty = by untagged gateways
 * @param operations  middleware per JSON-RPC method ({@code tools/call})
 * @param tools       middleware per tool name
 * @param resources   middleware per resource URI, or URI prefix ending in {@code *}
 * @param prompts     middleware per prompt name
 * @param members     when not empty, this is a virtual server: one MCP server presenting the tools, prompts and
 *                    resources of these member proxies; it then has no upstream and no middleware of its own
 *                    beyond authentication, origins, CORS, its request size limit, rate limit and traffic logs
 */
public record ProxyDefinition(
        String id,
        String name,
        Boolean active,
        String listenPath,
        List<String> gatewayTags,
        Upstream upstream,
        Authentication authentication,
        List<String> allowedOrigins,
        GlobalMiddleware global,
        Map<String, Middleware> operations,
        Map<String, Middleware> tools,
        Map<String, Middleware> resources,
        Map<String, Middleware> prompts,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<VirtualMember> members) {

    /** The most members one virtual server may have. */
    public static final int MAX_MEMBERS = 16;

    public static final long DEFAULT_REQUEST_SIZE_LIMIT = 1_048_576L;
    private static final Set<String> BODY_EDIT_METHODS = Set.of("tools/call", "prompts/get");
    private static final String BODY_EDIT_PLACES = "only tools, prompts and the tools/call and prompts/get"
            + " operations carry params.arguments";
    private static final StrictJsonReader<ProxyDefinition> READER = new StrictJsonReader<>(ProxyDefinition.class);

    public ProxyDefinition {
        active = active == null ? Boolean.TRUE : active;
        gatewayTags = Immutable.list(gatewayTags);
        authentication = authentication == null ? Authentication.DEFAULT : authentication;
        allowedOrigins = Immutable.list(allowedOrigins);
        global = global == null ? GlobalMiddleware.DEFAULT : global;
        operations = middlewareMap(operations);
        tools = middlewareMap(tools);
        resources = middlewareMap(resources);
        prompts = middlewareMap(prompts);
        members = Immutable.list(members);
    }

    /** A proxy of an upstream (no members). */
    public ProxyDefinition(String id, String name, Boolean active, String listenPath, List<String> gatewayTags,
                           Upstream upstream, Authentication authentication, List<String> allowedOrigins,
                           GlobalMiddleware global, Map<String, Middleware> operations,
                           Map<String, Middleware> tools, Map<String, Middleware> resources,
                           Map<String, Middleware> prompts) {
        this(id, name, active, listenPath, gatewayTags, upstream, authentication, allowedOrigins, global, operations,
                tools, resources, prompts, null);
    }

    /** True for a virtual server, which presents its member proxies instead of an upstream. */
    @JsonIgnore
    public boolean isVirtual() {
        return !members.isEmpty();
    }

    /** Parses and validates a definition; throws {@link ValidationException} with every problem found. */
    public static ProxyDefinition parse(byte[] json) {
        return READER.read(json, ProxyDefinition::validate);
    }

    public static ProxyDefinition parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every problem with this definition, each with its dotted field path; empty when valid. */
    public List<FieldError> validate() {
        Violations root = Violations.root();
        validate(root);
        return root.list();
    }

    public void validate(Violations at) {
        FieldRules.id(at.at("id"), id);
        FieldRules.notBlank(at.at("name"), name, 200);
        ListenPaths.validate(at.at("listenPath"), listenPath);
        FieldRules.tags(at.at("gatewayTags"), gatewayTags);
        if (isVirtual()) {
            validateVirtual(at);
        } else if (FieldRules.required(at.at("upstream"), upstream)) {
            upstream.validate(at.at("upstream"));
        }
        authentication.validate(at.at("authentication"));
        Violations origins = at.at("allowedOrigins");
        for (int i = 0; i < allowedOrigins.size(); i++) {
            FieldRules.origin(origins.index(i), allowedOrigins.get(i));
        }
        global.validate(at.at("global"));
        validateEntries(at.at("operations"), operations, false);
        validateEntries(at.at("tools"), tools, false);
        validateEntries(at.at("resources"), resources, true);
        validateEntries(at.at("prompts"), prompts, false);
        validateBodyEditPlaces(at);
        TemplateFields.refuseCredentialHeader(at, this);
    }

    /**
     * Gateway assignment: a tagged proxy is served by every gateway carrying one of its tags, an untagged proxy by
     * every untagged gateway.
     */
    public boolean servedBy(Set<String> gatewayTags) {
        if (this.gatewayTags.isEmpty()) {
            return gatewayTags.isEmpty();
        }
        return this.gatewayTags.stream().anyMatch(gatewayTags::contains);
    }

    /**
     * True when both proxies' listen paths overlap and a gateway would serve both: both untagged, or sharing a
     * tag. Proxies with disjoint tags may reuse a path (staging and production gateways); a gateway that carries
     * tags of both still refuses the snapshot, because {@code ConfigSnapshot} validation rejects overlaps.
     * Ignores {@code active}, so activating a proxy later can never create a conflict.
     */
    public boolean conflictsWith(ProxyDefinition other) {
        if (id != null && id.equals(other.id)) {
            return false;
        }
        if (listenPath == null || other.listenPath == null || !ListenPaths.overlap(listenPath, other.listenPath)) {
            return false;
        }
        if (gatewayTags.isEmpty() || other.gatewayTags.isEmpty()) {
            return gatewayTags.isEmpty() && other.gatewayTags.isEmpty();
        }
        return gatewayTags.stream().anyMatch(other.gatewayTags::contains);
    }

    /**
     * A virtual server's requests are served by its members' middleware and upstreams, so what would act on an
     * upstream of its own is refused rather than silently unused.
     */
    private void validateVirtual(Violations at) {
        Violations list = at.at("members");
        if (members.size() > MAX_MEMBERS) {
            list.add("must list at most " + MAX_MEMBERS + " member proxies");
            return;
        }
        String own = "a virtual server has no %s of its own: its member proxies' %s apply";
        if (upstream != null) {
            at.add("upstream", own.formatted("upstream", "upstreams"));
        }
        refuseOwn(at.at("operations"), operations, own);
        refuseOwn(at.at("tools"), tools, own);
        refuseOwn(at.at("resources"), resources, own);
        refuseOwn(at.at("prompts"), prompts, own);
        if (!global.transformRequestHeaders().isEmpty()) {
            at.at("global").add("transformRequestHeaders", own.formatted("header transforms", "transforms"));
        }
        if (!global.transformResponseHeaders().isEmpty()) {
            at.at("global").add("transformResponseHeaders", own.formatted("header transforms", "transforms"));
        }
        if (!global.plugins().isEmpty()) {
            at.at("global").add("plugins", own.formatted("plugins", "plugins"));
        }
        Set<String> proxies = new HashSet<>();
        Map<String, String> renamedBy = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            VirtualMember member = members.get(i);
            Violations entry = list.index(i);
            if (member == null) {
                entry.add("must not be null");
                continue;
            }
            member.validate(entry);
            if (member.proxy() == null) {
                continue;
            }
            if (member.proxy().equals(id)) {
                entry.add("proxy", "a virtual server cannot be its own member");
            } else if (!proxies.add(member.proxy())) {
                entry.add("proxy", "'" + member.proxy() + "' is already a member");
            }
            claimRenames(entry.at("rename").at("tools"), member.rename().tools(), "tool:", member, renamedBy);
            claimRenames(entry.at("rename").at("prompts"), member.rename().prompts(), "prompt:", member, renamedBy);
        }
    }

    private static void claimRenames(Violations at, Map<String, String> renames, String kind, VirtualMember member,
                                     Map<String, String> renamedBy) {
        renames.forEach((from, to) -> {
            if (to == null) {
                return;
            }
            String earlier = renamedBy.putIfAbsent(kind + to, member.proxy());
            if (earlier != null && !earlier.equals(member.proxy())) {
                at.at(from).add("'" + to + "' is already the new name of a " + kind.substring(0, kind.length() - 1)
                        + " of member '" + earlier + "'");
            }
        });
    }

    private static void refuseOwn(Violations at, Map<String, Middleware> entries, String own) {
        if (!entries.isEmpty()) {
            at.add(own.formatted("primitive or operation middleware", "middleware"));
        }
    }

    private static void validateEntries(Violations at, Map<String, Middleware> entries, boolean resourceKeys) {
        entries.forEach((key, middleware) -> {
            Violations entry = at.at(key);
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                entry.add("key must be non-blank without whitespace");
            } else if (resourceKeys && key.indexOf('*') >= 0 && key.indexOf('*') != key.length() - 1) {
                entry.add("'*' is only allowed at the end of a resource prefix");
            }
            middleware.validate(entry);
        });
    }

    /** Body edits change {@code params.arguments}, which only tool calls and prompt gets carry. */
    private void validateBodyEditPlaces(Violations at) {
        resources.forEach((key, middleware) -> {
            if (!middleware.transformRequestBody().isEmpty()) {
                at.at("resources").at(key).add("transformRequestBody", BODY_EDIT_PLACES);
            }
        });
        operations.forEach((key, middleware) -> {
            if (!middleware.transformRequestBody().isEmpty() && !BODY_EDIT_METHODS.contains(key)) {
                at.at("operations").at(key).add("transformRequestBody", BODY_EDIT_PLACES);
            }
        });
    }

    private static Map<String, Middleware> middlewareMap(Map<String, Middleware> entries) {
        if (entries == null || entries.isEmpty()) {
            return Map.of();
        }
        Map<String, Middleware> copy = new LinkedHashMap<>();
        entries.forEach((key, middleware) -> copy.put(key, middleware == null ? Middleware.none() : middleware));
        return Collections.unmodifiableMap(copy);
    }
}
