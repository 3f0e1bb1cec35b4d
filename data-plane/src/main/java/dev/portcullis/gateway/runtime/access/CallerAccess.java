package dev.portcullis.gateway.runtime.access;

import dev.portcullis.gateway.request.PrimitiveType;
import java.util.List;

/**
 * The rules one caller is subject to on one proxy: the proxy's own rules and the grants of the caller's policies
 * that name the proxy. Evaluation order: proxy primitive rules, then {@code operations}
 * for the method, then the policies. Policies are a union: the request passes if at least one granting policy
 * allows both the method and the primitive. No granting policy (a key reaching the proxy only through its
 * {@code proxies} list, or authentication disabled) means no ACL beyond the proxy's rules. A method that reads
 * a primitive it only refers to ({@code completion/complete}) also needs that primitive's reading method
 * ({@link ReadingMethod}).
 *
 * <p>Names echoed in denial messages are the caller's own input, truncated; tool and prompt names have already
 * passed the MCP name rule by then.
 */
public final class CallerAccess {

    private static final int MAX_ECHO = 128;

    private final ProxyRules proxy;
    private final List<PolicyGrant> grants;

    CallerAccess(ProxyRules proxy, List<PolicyGrant> grants) {
        this.proxy = proxy;
        this.grants = grants;
    }

    /** May the caller send {@code method} targeting {@code name} (null with {@link PrimitiveType#NONE})? */
    public AccessDecision check(String method, PrimitiveType type, String name) {
        if (type != PrimitiveType.NONE) {
            Verdict verdict = switch (type) {
                case TOOL -> proxy.tools().verdict(name);
                case PROMPT -> proxy.prompts().verdict(name);
                case RESOURCE -> proxy.resources().verdict(name);
                case NONE -> Verdict.UNLISTED;
            };
            if (verdict == Verdict.BLOCKED) {
                return new AccessDecision.Denied("primitive_blocked", describe(type, name) + " is blocked on this proxy");
            }
            if (verdict == Verdict.NOT_ALLOWED) {
                return new AccessDecision.Denied("primitive_not_allowed",
                        describe(type, name) + " is not allowed on this proxy");
            }
        }
        if (!proxyAllowsMethod(method)) {
            return new AccessDecision.Denied("method_not_allowed",
                    "method '" + echo(method) + "' is not allowed on this proxy");
        }
        String implied = ReadingMethod.impliedBy(method, type);
        if (implied != null && !proxyAllowsMethod(implied)) {
            return new AccessDecision.Denied("method_not_allowed", impliedDenial(method, type, implied)
                    + " on this proxy");
        }
        if (grants.isEmpty()) {
            return AccessDecision.ALLOWED;
        }
        boolean methodGranted = false;
        for (PolicyGrant grant : grants) {
            if (grant.allowsMethod(method) && (implied == null || grant.allowsMethod(implied))) {
                methodGranted = true;
                if (grant.allowsPrimitive(type, name)) {
                    return AccessDecision.ALLOWED;
                }
            }
        }
        if (!methodGranted) {
            return new AccessDecision.Denied("method_not_allowed", implied != null && allowsMethod(method)
                    ? impliedDenial(method, type, implied) + " by your policies"
                    : "method '" + echo(method) + "' is not allowed by your policies");
        }
        return new AccessDecision.Denied("primitive_not_allowed", describe(type, name) + " is not allowed by your policies");
    }

    /** Method rules only ({@code operations} and the policies' method ACLs), for pruning capabilities. */
    public boolean allowsMethod(String method) {
        if (!proxyAllowsMethod(method)) {
            return false;
        }
        if (grants.isEmpty()) {
            return true;
        }
        for (PolicyGrant grant : grants) {
            if (grant.allowsMethod(method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the method rules can deny some method: the proxy has {@code operations} allow/block entries or a
     * granting policy has {@code jsonRpcMethodsAccessRights}. False means {@link #allowsMethod} is always true.
     */
    public boolean restrictsMethods() {
        if (!proxy.operations().isEmpty()) {
            return true;
        }
        for (PolicyGrant grant : grants) {
            if (!grant.methods().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when some resource may be denied to the caller: the proxy has {@code resources} allow/block entries or
     * a granting policy has resource ACLs. False means every resource this caller can name passes the ACLs.
     */
    public boolean restrictsResources() {
        if (!proxy.resources().isEmpty()) {
            return true;
        }
        for (PolicyGrant grant : grants) {
            if (!grant.resources().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean proxyAllowsMethod(String method) {
        return Lifecycle.isLifecycle(method) || proxy.operations().verdict(method).permits();
    }

    private static String impliedDenial(String method, PrimitiveType type, String implied) {
        return "method '" + method + "' on a " + type.label() + " needs '" + implied + "', which is not allowed";
    }

    private static String describe(PrimitiveType type, String name) {
        return type.label() + " '" + echo(name) + "'";
    }

    private static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
