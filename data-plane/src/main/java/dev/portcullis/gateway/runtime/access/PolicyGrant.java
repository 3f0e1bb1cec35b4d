package dev.portcullis.gateway.runtime.access;

import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.policy.AccessRight;

/** One policy's ACLs on one proxy ({@code accessRights[proxy]}), patterns compiled once per snapshot. */
record PolicyGrant(PatternRules tools, PatternRules resources, PatternRules prompts, PatternRules methods) {

    static PolicyGrant compile(AccessRight right) {
        var acl = right.mcpAccessRights();
        return new PolicyGrant(PatternRules.compile(acl.tools()), PatternRules.compile(acl.resources()),
                PatternRules.compile(acl.prompts()), PatternRules.compile(right.jsonRpcMethodsAccessRights()));
    }

    boolean allowsMethod(String method) {
        return Lifecycle.isLifecycle(method) || methods.allows(method);
    }

    boolean allowsPrimitive(PrimitiveType type, String name) {
        return switch (type) {
            case TOOL -> tools.allows(name);
            case PROMPT -> prompts.allows(name);
            case RESOURCE -> resources.allows(name);
            case NONE -> true;
        };
    }
}
