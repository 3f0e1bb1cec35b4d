package dev.portcullis.model.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyDefinitionValidationTest {

    private final ObjectNode proxy = Fixtures.tree("spec-proxy.json");

    private List<String> errors() {
        return Fixtures.errors(ProxyDefinition::parse, proxy);
    }

    private ObjectNode at(String pointer) {
        return (ObjectNode) proxy.at(pointer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-starts-with-dash", "has space", "has/slash", "éclair",
            "a2345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsIdsOutsideThePattern(String id) {
        proxy.put("id", id);

        assertThat(errors()).containsExactly("id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    @Test
    void acceptsIdsOfUpTo64Characters() {
        proxy.put("id", "a" + "b.c_d-9".repeat(9));

        assertThat(errors()).isEmpty();
    }

    @Test
    void requiresAnId() {
        proxy.remove("id");

        assertThat(errors()).containsExactly("id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }

    @Test
    void requiresANonBlankNameOfAtMost200Characters() {
        proxy.put("name", "  ");
        assertThat(errors()).containsExactly("name: must not be blank");

        proxy.put("name", "x".repeat(201));
        assertThat(errors()).containsExactly("name: must be at most 200 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mock-mcp/", "/mock-mcp", "mock", ""})
    void requiresListenPathsToStartAndEndWithSlash(String path) {
        proxy.put("listenPath", path);

        assertThat(errors()).containsExactly("listenPath: must start and end with '/'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a//b/", "/a/./b/", "/../", "/a/../"})
    void rejectsEmptyAndDotSegmentsInListenPaths(String path) {
        proxy.put("listenPath", path);

        assertThat(errors()).containsExactly("listenPath: must not contain empty, '.' or '..' segments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b/", "/a%20b/", "/a?b/", "/é/", "/a*/"})
    void rejectsUnsafeCharactersInListenPaths(String path) {
        proxy.put("listenPath", path);

        assertThat(errors()).containsExactly("listenPath: segments may only contain A-Z a-z 0-9 . _ ~ -");
    }

    @Test
    void rejectsTheRootAndTheWellKnownListenPaths() {
        proxy.put("listenPath", "/");
        assertThat(errors()).containsExactly("listenPath: must contain at least one segment");

        proxy.put("listenPath", "/.well-known/x/");
        assertThat(errors()).containsExactly("listenPath: must not start with /.well-known/ (reserved for OAuth metadata)");
    }

    @Test
    void acceptsNestedListenPaths() {
        proxy.put("listenPath", "/teams/a.b_c~d-e/mcp/");

        assertThat(errors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:7878", "ftp://host/x", "http://", "/relative", "http://user:pw@host/",
            "http://host/#frag", "http ://bad"})
    void requiresUpstreamUrlToBeAnAbsoluteHttpUrlWithoutCredentials(String url) {
        at("/upstream").put("url", url);

        assertThat(errors()).singleElement().asString().startsWith("upstream.url: must");
    }

    @Test
    void saysWhyCredentialsDoNotBelongInTheUrl() {
        at("/upstream").put("url", "https://me:token@mcp.example.com/mcp");

        assertThat(errors()).containsExactly("upstream.url: must not contain credentials (use upstream.authentication)");
    }

    @Test
    void requiresAnUpstream() {
        proxy.remove("upstream");

        assertThat(errors()).containsExactly("upstream: is required");
    }

    @Test
    void checksEveryTargetLikeTheUrl() {
        at("/upstream").putArray("targets").add("http://127.0.0.1:7879").add("nope");

        assertThat(errors()).containsExactly("upstream.targets[1].url: must be an absolute http(s) URL");
    }

    @Test
    void requiresPositiveTimeoutsAndSizeLimits() {
        at("/upstream").put("timeoutMs", 0);
        at("/tools/get_users").put("timeoutMs", -1).put("requestSizeLimit", 0);
        at("/global").put("requestSizeLimit", -5);

        assertThat(errors()).containsExactlyInAnyOrder(
                "upstream.timeoutMs: must be greater than 0",
                "tools.get_users.timeoutMs: must be greater than 0",
                "tools.get_users.requestSizeLimit: must be greater than 0",
                "global.requestSizeLimit: must be greater than 0");
    }

    @Test
    void requiresHeaderNamesToBeHttpTokensAndValuesToBeSingleLine() {
        at("/upstream/authentication/headers").put("Bad Header", "x").put("X-Ok", "a\r\nX-Injected: 1");
        at("/tools/get_users").putObject("transformRequestHeaders").putArray("remove").add("X:Colon");
        at("/global/transformResponseHeaders").putObject("add").put("", "v");

        assertThat(errors()).containsExactlyInAnyOrder(
                "upstream.authentication.headers.Bad Header: must be a valid HTTP header name",
                "upstream.authentication.headers.X-Ok: must not contain CR, LF or NUL",
                "tools.get_users.transformRequestHeaders.remove[0]: must be a valid HTTP header name",
                "global.transformResponseHeaders.add.: must be a valid HTTP header name");
    }

    @Test
    void requiresRatesAndPersGreaterThanZero() {
        at("/tools/get_users").putObject("rateLimit").put("rate", 0).put("per", -1);
        at("/global").putObject("rateLimit").put("rate", 10);

        assertThat(errors()).containsExactlyInAnyOrder(
                "tools.get_users.rateLimit.rate: must be greater than 0",
                "tools.get_users.rateLimit.per: must be greater than 0",
                "global.rateLimit.per: must be greater than 0");
    }

    @Test
    void boundsCircuitBreakerSettings() {
        at("/tools/get_users").putObject("circuitBreaker").put("threshold", 1.5).put("sampleSize", 0)
                .put("coolDownSeconds", 0);
        at("/operations").putObject("tools/list").putObject("circuitBreaker").put("threshold", 0)
                .put("sampleSize", 1).put("coolDownSeconds", 1);

        assertThat(errors()).containsExactlyInAnyOrder(
                "tools.get_users.circuitBreaker.threshold: must be greater than 0 and at most 1",
                "tools.get_users.circuitBreaker.sampleSize: must be at least 1",
                "tools.get_users.circuitBreaker.coolDownSeconds: must be at least 1",
                "operations.tools/list.circuitBreaker.threshold: must be greater than 0 and at most 1");
    }

    @Test
    void allowsAStarOnlyAtTheEndOfAResourcePrefix() {
        at("/resources").putObject("users://*x").put("block", true);
        at("/resources").putObject("files://a/*").put("block", true);

        assertThat(errors()).containsExactly("resources.users://*x: '*' is only allowed at the end of a resource prefix");
    }

    @Test
    void rejectsBlankOrSpacedPrimitiveKeys() {
        at("/tools").putObject(" ");
        at("/prompts").putObject("two words");

        assertThat(errors()).containsExactlyInAnyOrder(
                "tools. : key must be non-blank without whitespace",
                "prompts.two words: key must be non-blank without whitespace");
    }

    @Test
    void rejectsTrackCombinedWithDoNotTrackAndMalformedScopes() {
        at("/tools/get_users").put("track", true).put("doNotTrack", true).putArray("requiredScopes").add("a b");

        assertThat(errors()).containsExactlyInAnyOrder(
                "tools.get_users.doNotTrack: cannot be combined with track",
                "tools.get_users.requiredScopes[0]: must be an OAuth scope token (no spaces, quotes or backslashes)");
    }

    @Test
    void requiresTheFieldsOfEnabledAuthenticationMethods() {
        at("/authentication/authToken").put("header", "");
        at("/authentication/jwt").put("enabled", true);
        at("/authentication/introspection").put("enabled", true);
        at("/authentication/protectedResourceMetadata").put("enabled", true);

        assertThat(errors()).containsExactlyInAnyOrder(
                "authentication.authToken.header: must be a valid HTTP header name",
                "authentication.jwt.jwksUrl: must be an absolute http(s) URL",
                "authentication.introspection.endpoint: must be an absolute http(s) URL",
                "authentication.protectedResourceMetadata.authorizationServers: must name at least one authorization server when enabled");
    }

    @Test
    void ignoresFieldsOfDisabledAuthenticationMethods() {
        at("/authentication/jwt").put("enabled", false).putNull("jwksUrl");
        at("/authentication/authToken").put("enabled", true);

        assertThat(errors()).isEmpty();
    }

    @Test
    void refusesAuthenticationEnabledWithoutAnyMethod() {
        at("/authentication/authToken").put("enabled", false);

        assertThat(errors()).containsExactly(
                "authentication: must enable authToken, jwt or introspection (or set enabled to false)");

        at("/authentication").put("enabled", false);
        assertThat(errors()).isEmpty();
    }

    @Test
    void checksUpstreamCredentialBlocks() {
        at("/upstream/authentication").putObject("basicAuth").put("username", "a:b");
        at("/upstream/authentication").putObject("oauthClientCredentials").put("tokenUrl", "token");

        assertThat(errors()).containsExactlyInAnyOrder(
                "upstream.authentication.basicAuth.username: must not contain ':'",
                "upstream.authentication.basicAuth.password: is required",
                "upstream.authentication.oauthClientCredentials.tokenUrl: must be an absolute http(s) URL",
                "upstream.authentication.oauthClientCredentials.clientId: must not be blank",
                "upstream.authentication.oauthClientCredentials.clientSecret: must not be blank",
                "upstream.authentication.oauthClientCredentials: cannot be combined with basicAuth",
                // the fixture also sets a static Authorization header
                "upstream.authentication.headers.Authorization: cannot be combined with basicAuth");
    }

    @Test
    void refusesAStaticAuthorizationHeaderNextToBasicAuthOrClientCredentials() {
        at("/upstream/authentication").putObject("headers").put("authorization", "Bearer static");
        at("/upstream/authentication").putObject("oauthClientCredentials").put("tokenUrl", "https://idp.example.com/t")
                .put("clientId", "gw").put("clientSecret", "s");

        assertThat(errors()).containsExactly(
                "upstream.authentication.headers.Authorization: cannot be combined with oauthClientCredentials");
    }

    @Test
    void requiresOriginsWithoutPathsAndSafeTags() {
        proxy.putArray("allowedOrigins").add("https://app.example.com").add("https://app.example.com/path")
                .add("*");
        proxy.putArray("gatewayTags").add("edge").add("a,b");
        at("/global").putObject("cors").put("allowCredentials", true).putArray("allowedOrigins").add("*");

        assertThat(errors()).containsExactlyInAnyOrder(
                "allowedOrigins[1]: must be an origin (scheme://host[:port]) without path or query",
                "allowedOrigins[2]: must be an absolute http(s) URL",
                "gatewayTags[1]: must match [A-Za-z0-9._:-]{1,64}",
                "global.cors.allowedOrigins[0]: '*' cannot be combined with allowCredentials");
    }

    @Test
    void reportsEveryErrorAtOnce() {
        proxy.put("id", "");
        proxy.put("listenPath", "nope");
        at("/upstream").put("url", "ftp://x").put("timeoutMs", "slow");
        at("/operations/tools~1call/rateLimit").put("per", 0);
        proxy.put("extra", 1);

        assertThatThrownBy(() -> ProxyDefinition.parse(Json.write(proxy)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).hasSize(6))
                .hasMessageContainingAll("id: must match", "; listenPath: must start and end with '/'",
                        "upstream.url: must be an absolute http(s) URL", "upstream.timeoutMs: must be an integer",
                        "operations.tools/call.rateLimit.per: must be greater than 0", "extra: unknown field");
    }

    @Test
    void doesNotRepeatATypeErrorAsARuleViolation() {
        at("/operations/tools~1call/rateLimit").put("per", "sixty");

        assertThat(errors()).containsExactly("operations.tools/call.rateLimit.per: must be an integer");
    }

    @Test
    void validatesAConstructedDefinitionWithoutThrowing() {
        ProxyDefinition built = new ProxyDefinition("p", "P", null, "/p/", null,
                new Upstream("http://h", null, null, null, null), null, null, null, null, null, null, null);

        assertThat(built.validate()).isEmpty();
        assertThat(new ProxyDefinition(null, null, null, null, null, null, null, null, null, null, null, null, null)
                .validate()).extracting(Object::toString).containsExactly(
                "id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", "name: must not be blank",
                "listenPath: must start and end with '/'", "upstream: is required");
    }
}
