package dev.portcullis.model.policy;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.proxy.RateLimit;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * What a policy grants on one proxy (Tyk's {@code access_rights} entry, in camelCase; the snake_case spellings
 * are accepted on input).
 *
 * @param limit                      per-key rate limit on this proxy; null = only the policy-wide limit
 * @param mcpAccessRights            name patterns per primitive category
 * @param jsonRpcMethodsAccessRights method-name patterns; lifecycle methods are always allowed by the gateway
 * @param jsonRpcMethods             per-method limits
 * @param mcpPrimitives              per-primitive limits and quotas
 */
public record AccessRight(
        RateLimit limit,
        @JsonAlias("mcp_access_rights") McpAccessRights mcpAccessRights,
        @JsonAlias("json_rpc_methods_access_rights") AccessList jsonRpcMethodsAccessRights,
        @JsonAlias("json_rpc_methods") List<MethodLimit> jsonRpcMethods,
        @JsonAlias("mcp_primitives") List<PrimitiveLimit> mcpPrimitives) {

    public AccessRight {
        mcpAccessRights = mcpAccessRights == null ? McpAccessRights.ANY : mcpAccessRights;
        jsonRpcMethodsAccessRights = AccessList.orAny(jsonRpcMethodsAccessRights);
        jsonRpcMethods = Immutable.list(jsonRpcMethods);
        mcpPrimitives = Immutable.list(mcpPrimitives);
    }

    public void validate(Violations at) {
        if (limit != null) {
            limit.validate(at.at("limit"));
        }
        mcpAccessRights.validate(at.at("mcpAccessRights"));
        jsonRpcMethodsAccessRights.validate(at.at("jsonRpcMethodsAccessRights"));
        Violations methods = at.at("jsonRpcMethods");
        for (int i = 0; i < jsonRpcMethods.size(); i++) {
            if (jsonRpcMethods.get(i) == null) {
                methods.index(i).add("must not be null");
            } else {
                jsonRpcMethods.get(i).validate(methods.index(i));
            }
        }
        Violations primitives = at.at("mcpPrimitives");
        for (int i = 0; i < mcpPrimitives.size(); i++) {
            if (mcpPrimitives.get(i) == null) {
                primitives.index(i).add("must not be null");
            } else {
                mcpPrimitives.get(i).validate(primitives.index(i));
            }
        }
    }
}
