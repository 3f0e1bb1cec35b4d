package dev.portcullis.gateway.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallerAccessTest {

    private static final PrimitiveType TOOL = PrimitiveType.TOOL;
    private static final PrimitiveType PROMPT = PrimitiveType.PROMPT;
    private static final PrimitiveType RESOURCE = PrimitiveType.RESOURCE;
    private static final PrimitiveType NONE = PrimitiveType.NONE;

    private static ProxyDefinition proxy(String rules) {
        return TestProxies.definition("p", "/p/", "http://127.0.0.1:1", rules);
    }

    private static Policy policy(String id, String accessRight) {
        return Policy.parse("""
                {"id":"%s","name":"%s","accessRights":{"p":%s}}""".formatted(id, id, accessRight));
    }

    private static CallerAccess caller(ProxyDefinition proxy, List<Policy> policies, String... policyIds) {
        return AccessRules.compile(List.of(proxy), policies).caller("p", List.of(policyIds));
    }

    private static CallerAccess proxyOnly(String rules) {
        return caller(proxy(rules), List.of());
    }

    private static String reason(AccessDecision decision) {
        return decision instanceof AccessDecision.Denied denied ? denied.reason() : "allowed";
    }

    private static String message(AccessDecision decision) {
        return ((AccessDecision.Denied) decision).message();
    }

    @Test
    void allowsEverythingWhenNothingIsConfigured() {
        CallerAccess access = proxyOnly("");

        assertThat(access.check("tools/call", TOOL, "delete_user").allowed()).isTrue();
        assertThat(access.check("sampling/createMessage", NONE, null).allowed()).isTrue();
    }

    @Test
    void deniesABlockedToolNamingIt() {
        CallerAccess access = proxyOnly("\"tools\":{\"delete_user\":{\"block\":true}},");

        AccessDecision decision = access.check("tools/call", TOOL, "delete_user");

        assertThat(reason(decision)).isEqualTo("primitive_blocked");
        assertThat(message(decision)).isEqualTo("tool 'delete_user' is blocked on this proxy");
        assertThat(access.check("tools/call", TOOL, "get_users").allowed()).isTrue();
    }

    @Test
    void blocksRegardlessOfCaseButAllowsOnlyTheExactName() {
        CallerAccess access = proxyOnly("\"tools\":{\"delete_user\":{\"block\":true},\"get_users\":{\"allow\":true}},");

        assertThat(reason(access.check("tools/call", TOOL, "Delete_User"))).isEqualTo("primitive_blocked");
        assertThat(reason(access.check("tools/call", TOOL, "DELETE_USER"))).isEqualTo("primitive_blocked");
        assertThat(reason(access.check("tools/call", TOOL, "Get_Users"))).isEqualTo("primitive_not_allowed");
    }

    @Test
    void blockWinsOverAllowOnTheSameEntry() {
        CallerAccess access = proxyOnly("\"tools\":{\"get_users\":{\"allow\":true,\"block\":true}},");

        assertThat(reason(access.check("tools/call", TOOL, "get_users"))).isEqualTo("primitive_blocked");
    }

    @Test
    void anAllowEntryTurnsOnlyItsOwnCategoryIntoAnAllowlist() {
        CallerAccess access = proxyOnly("\"tools\":{\"get_users\":{\"allow\":true}},");

        assertThat(access.check("tools/call", TOOL, "get_users").allowed()).isTrue();
        AccessDecision other = access.check("tools/call", TOOL, "create_user");
        assertThat(reason(other)).isEqualTo("primitive_not_allowed");
        assertThat(message(other)).isEqualTo("tool 'create_user' is not allowed on this proxy");
        assertThat(access.check("prompts/get", PROMPT, "user_management").allowed()).isTrue();
        assertThat(access.check("resources/read", RESOURCE, "users://list").allowed()).isTrue();
    }

    @Test
    void aMiddlewareEntryWithoutAllowDoesNotMakeAnAllowlist() {
        CallerAccess access = proxyOnly("\"tools\":{\"get_users\":{\"timeoutMs\":100}},");

        assertThat(access.check("tools/call", TOOL, "create_user").allowed()).isTrue();
    }

    @Test
    void resourcesMatchTheExactKeyThenTheLongestPrefix() {
        CallerAccess access = proxyOnly("""
                "resources":{"users://*":{"allow":true},"users://admin/*":{"block":true},
                             "users://admin/public":{"allow":true},"internal://*":{"block":true}},""");

        assertThat(access.check("resources/read", RESOURCE, "users://list").allowed()).isTrue();
        assertThat(reason(access.check("resources/read", RESOURCE, "users://admin/keys")))
                .isEqualTo("primitive_blocked");
        assertThat(access.check("resources/read", RESOURCE, "users://admin/public").allowed()).isTrue();
        assertThat(reason(access.check("resources/read", RESOURCE, "posts://list")))
                .isEqualTo("primitive_not_allowed");
        assertThat(message(access.check("resources/read", RESOURCE, "posts://list")))
                .isEqualTo("resource 'posts://list' is not allowed on this proxy");
    }

    @Test
    void resourceBlocksMatchRegardlessOfCase() {
        CallerAccess access = proxyOnly("\"resources\":{\"internal://*\":{\"block\":true}},");

        assertThat(reason(access.check("resources/read", RESOURCE, "INTERNAL://secrets")))
                .isEqualTo("primitive_blocked");
        assertThat(access.check("resources/read", RESOURCE, "users://list").allowed()).isTrue();
    }

    @Test
    void operationsBlockAndAllowlistMethods() {
        CallerAccess blocked = proxyOnly("\"operations\":{\"tools/call\":{\"block\":true}},");
        CallerAccess allowlist = proxyOnly("\"operations\":{\"tools/list\":{\"allow\":true}},");

        AccessDecision call = blocked.check("tools/call", TOOL, "get_users");
        assertThat(reason(call)).isEqualTo("method_not_allowed");
        assertThat(message(call)).isEqualTo("method 'tools/call' is not allowed on this proxy");
        assertThat(allowlist.check("tools/list", NONE, null).allowed()).isTrue();
        assertThat(reason(allowlist.check("prompts/list", NONE, null))).isEqualTo("method_not_allowed");
    }

    @Test
    void lifecycleMethodsAreNeverDeniedByMethodRules() {
        Policy onlyTools = policy("only-tools", "{\"jsonRpcMethodsAccessRights\":{\"allowed\":[\"tools/.*\"]}}");
        CallerAccess access = caller(proxy("\"operations\":{\"tools/list\":{\"allow\":true},\"ping\":{\"block\":true}},"),
                List.of(onlyTools), "only-tools");

        for (String method : List.of("initialize", "notifications/initialized", "ping", "notifications/cancelled",
                "notifications/progress")) {
            assertThat(access.check(method, NONE, null).allowed()).as(method).isTrue();
        }
        assertThat(reason(access.check("prompts/list", NONE, null))).isEqualTo("method_not_allowed");
    }

    @Test
    void policyPatternsMatchTheWholeName() {
        Policy readers = policy("readers", """
                {"mcpAccessRights":{"tools":{"allowed":["get_.*"],"blocked":["get_analytics"]}}}""");
        CallerAccess access = caller(proxy(""), List.of(readers), "readers");

        assertThat(access.check("tools/call", TOOL, "get_users").allowed()).isTrue();
        assertThat(reason(access.check("tools/call", TOOL, "forget_users"))).isEqualTo("primitive_not_allowed");
        assertThat(message(access.check("tools/call", TOOL, "create_user")))
                .isEqualTo("tool 'create_user' is not allowed by your policies");
        assertThat(reason(access.check("tools/call", TOOL, "get_analytics"))).isEqualTo("primitive_not_allowed");
    }

    @Test
    void policyBlocksMatchRegardlessOfCase() {
        Policy noDelete = policy("no-delete", "{\"mcpAccessRights\":{\"tools\":{\"blocked\":[\"delete_.*\"]}}}");
        CallerAccess access = caller(proxy(""), List.of(noDelete), "no-delete");

        assertThat(access.check("tools/call", TOOL, "Delete_User").allowed()).isFalse();
        assertThat(access.check("tools/call", TOOL, "get_users").allowed()).isTrue();
    }

    @Test
    void policyMethodRulesDenyNamingTheMethod() {
        Policy noSampling = policy("no-sampling",
                "{\"jsonRpcMethodsAccessRights\":{\"blocked\":[\"sampling/createMessage\"]}}");
        CallerAccess access = caller(proxy(""), List.of(noSampling), "no-sampling");

        AccessDecision decision = access.check("sampling/createMessage", NONE, null);

        assertThat(reason(decision)).isEqualTo("method_not_allowed");
        assertThat(message(decision)).isEqualTo("method 'sampling/createMessage' is not allowed by your policies");
    }

    @Test
    void completingAPromptNeedsTheRightToGetPrompts() {
        Policy noPrompts = policy("no-prompts", "{\"jsonRpcMethodsAccessRights\":{\"blocked\":[\"prompts/.*\"]}}");
        CallerAccess access = caller(proxy(""), List.of(noPrompts), "no-prompts");

        AccessDecision prompt = access.check("completion/complete", PROMPT, "user_management");

        assertThat(reason(prompt)).isEqualTo("method_not_allowed");
        assertThat(message(prompt)).isEqualTo("method 'completion/complete' on a prompt needs 'prompts/get', "
                + "which is not allowed by your policies");
        assertThat(access.check("completion/complete", RESOURCE, "users://{id}").allowed()).isTrue();
    }

    @Test
    void completingAResourceNeedsTheRightToReadResources() {
        Policy promptsOnly = policy("prompts-only", """
                {"jsonRpcMethodsAccessRights":{"allowed":["completion/complete","prompts/get"]}}""");
        CallerAccess access = caller(proxy(""), List.of(promptsOnly), "prompts-only");

        assertThat(reason(access.check("completion/complete", RESOURCE, "users://{id}")))
                .isEqualTo("method_not_allowed");
        assertThat(access.check("completion/complete", PROMPT, "user_management").allowed()).isTrue();
    }

    @Test
    void anAllowlistWithoutPromptMethodsDeniesCompletingPrompts() {
        Policy completionOnly = policy("completion-only", """
                {"jsonRpcMethodsAccessRights":{"allowed":["completion/complete","tools/.*"]}}""");
        CallerAccess access = caller(proxy(""), List.of(completionOnly), "completion-only");

        assertThat(reason(access.check("completion/complete", PROMPT, "user_management")))
                .isEqualTo("method_not_allowed");
        assertThat(reason(access.check("completion/complete", RESOURCE, "users://list")))
                .isEqualTo("method_not_allowed");
    }

    @Test
    void completionNeedsOnePolicyGrantingBothMethods() {
        Policy completion = policy("completion", """
                {"jsonRpcMethodsAccessRights":{"allowed":["completion/complete"]}}""");
        Policy prompts = policy("prompts", """
                {"jsonRpcMethodsAccessRights":{"allowed":["prompts/.*"]},
                 "mcpAccessRights":{"prompts":{"allowed":["analytics_dashboard"]}}}""");
        CallerAccess access = caller(proxy(""), List.of(completion, prompts), "completion", "prompts");

        assertThat(access.check("completion/complete", PROMPT, "user_management").allowed()).isFalse();
    }

    @Test
    void proxyOperationsOnPromptsGovernCompletingPrompts() {
        CallerAccess blocked = proxyOnly("\"operations\":{\"prompts/get\":{\"block\":true}},");
        CallerAccess allowlist = proxyOnly("\"operations\":{\"completion/complete\":{\"allow\":true},"
                + "\"resources/read\":{\"allow\":true}},");

        AccessDecision decision = blocked.check("completion/complete", PROMPT, "user_management");
        assertThat(reason(decision)).isEqualTo("method_not_allowed");
        assertThat(message(decision)).isEqualTo("method 'completion/complete' on a prompt needs 'prompts/get', "
                + "which is not allowed on this proxy");
        assertThat(blocked.check("completion/complete", RESOURCE, "users://list").allowed()).isTrue();
        assertThat(reason(allowlist.check("completion/complete", PROMPT, "user_management")))
                .isEqualTo("method_not_allowed");
        assertThat(allowlist.check("completion/complete", RESOURCE, "users://list").allowed()).isTrue();
    }

    @Test
    void completionFollowsThePrimitiveAclsOfTheReferencedPrompt() {
        Policy somePrompts = policy("some-prompts",
                "{\"mcpAccessRights\":{\"prompts\":{\"blocked\":[\"user_.*\"]}}}");
        CallerAccess access = caller(proxy("\"prompts\":{\"content_management\":{\"block\":true}},"),
                List.of(somePrompts), "some-prompts");

        assertThat(reason(access.check("completion/complete", PROMPT, "user_management")))
                .isEqualTo("primitive_not_allowed");
        assertThat(reason(access.check("completion/complete", PROMPT, "content_management")))
                .isEqualTo("primitive_blocked");
        assertThat(access.check("completion/complete", PROMPT, "analytics_dashboard").allowed()).isTrue();
    }

    @Test
    void unionOfPoliciesAllowsWhatAnyGrantingPolicyAllows() {
        Policy users = policy("users", "{\"mcpAccessRights\":{\"tools\":{\"allowed\":[\".*_users?\"]}}}");
        Policy posts = policy("posts", "{\"mcpAccessRights\":{\"tools\":{\"allowed\":[\".*_posts?\"]}}}");
        ProxyDefinition proxy = proxy("");

        CallerAccess both = caller(proxy, List.of(users, posts), "users", "posts");
        CallerAccess onlyUsers = caller(proxy, List.of(users, posts), "users");

        assertThat(both.check("tools/call", TOOL, "get_users").allowed()).isTrue();
        assertThat(both.check("tools/call", TOOL, "create_post").allowed()).isTrue();
        assertThat(both.check("tools/call", TOOL, "get_products").allowed()).isFalse();
        assertThat(onlyUsers.check("tools/call", TOOL, "create_post").allowed()).isFalse();
    }

    @Test
    void aPolicyMustAllowBothTheMethodAndThePrimitive() {
        Policy toolsButNoCalls = policy("a", """
                {"mcpAccessRights":{"tools":{"allowed":["get_users"]}},
                 "jsonRpcMethodsAccessRights":{"blocked":["tools/call"]}}""");
        Policy callsButOtherTools = policy("b", "{\"mcpAccessRights\":{\"tools\":{\"allowed\":[\"get_posts\"]}}}");
        CallerAccess access = caller(proxy(""), List.of(toolsButNoCalls, callsButOtherTools), "a", "b");

        assertThat(access.check("tools/call", TOOL, "get_users").allowed()).isFalse();
        assertThat(access.check("tools/call", TOOL, "get_posts").allowed()).isTrue();
    }

    @Test
    void policiesNotGrantingTheProxyAreIgnored() {
        Policy elsewhere = Policy.parse("""
                {"id":"elsewhere","name":"elsewhere","accessRights":{"q":{"mcpAccessRights":
                 {"tools":{"allowed":["nothing"]}}}}}""");
        CallerAccess access = AccessRules.compile(List.of(proxy("")), List.of(elsewhere))
                .caller("p", List.of("elsewhere"));

        assertThat(access.check("tools/call", TOOL, "delete_user").allowed()).isTrue();
    }

    @Test
    void proxyRulesApplyBeforeAGenerousPolicy() {
        Policy everything = policy("all", "{}");
        CallerAccess access = caller(proxy("\"tools\":{\"delete_user\":{\"block\":true}},"), List.of(everything),
                "all");

        assertThat(reason(access.check("tools/call", TOOL, "delete_user"))).isEqualTo("primitive_blocked");
    }

    @Test
    void aKeyReachesAProxyThroughItsProxiesOrAGrantingPolicy() {
        Policy grants = policy("grants", "{}");
        AccessRules rules = AccessRules.compile(List.of(proxy("")), List.of(grants));

        KeyEntry listed = new KeyEntry("k1", null, "0".repeat(64), null, List.of("p"), List.of());
        KeyEntry viaPolicy = new KeyEntry("k2", null, "0".repeat(64), null, List.of(), List.of("grants"));
        KeyEntry neither = new KeyEntry("k3", null, "0".repeat(64), null, List.of("q"), List.of());

        assertThat(rules.reaches(listed, "p")).isTrue();
        assertThat(rules.reaches(viaPolicy, "p")).isTrue();
        assertThat(rules.reaches(neither, "p")).isFalse();
    }

    @Test
    void refusesASnapshotWhosePatternDoesNotCompile() {
        Policy broken = new Policy("broken", "broken", null, null, null, java.util.Map.of("p",
                new dev.portcullis.model.policy.AccessRight(null, new dev.portcullis.model.policy.McpAccessRights(
                        new dev.portcullis.model.policy.AccessList(List.of("(unclosed"), List.of()), null, null),
                        null, null, null)));

        assertThatThrownBy(() -> AccessRules.compile(List.of(proxy("")), List.of(broken)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy broken");
    }
}
