package dev.portcullis.controlplane.common;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Input that PostgreSQL (or a UTF-8 encoder) refuses is a 400 naming the field, never a 500: first the cases met in
 * practice, then generated strings, instants and numbers thrown at every create and update endpoint. The generated
 * part draws from a seeded generator (the seed is printed with any failure, and {@code -Dunstorable.seed} replays
 * it) inside a {@code @QuarkusTest}, with a fixed number of tries to stay within seconds.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class UnstorableInputIT {

    /** About 20 seconds on a busy two-core machine. */
    private static final int TRIES = 150;

    @Test
    void nulInAKeyAliasIsABadRequestNamingAlias() {
        String proxy = createProxy("/" + unique() + "/");

        badRequestNaming(admin().body("{\"alias\":\"a\\u0000b\",\"proxies\":[\"" + proxy + "\"]}")
                .post("/api/keys"), "alias");
    }

    @Test
    void anExpiryPostgresqlCannotStoreIsABadRequestNamingExpiresAt() {
        String proxy = createProxy("/" + unique() + "/");

        badRequestNaming(admin().body("{\"alias\":\"a\",\"proxies\":[\"" + proxy + "\"],"
                + "\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}").post("/api/keys"), "expiresAt");
        badRequestNaming(admin().body("{\"name\":\"t\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}")
                .post("/api/tokens"), "expiresAt");
    }

    @Test
    void nulInAProxyNameOrToolKeyIsABadRequestNamingTheField() {
        String id = unique();
        String proxy = "{\"id\":\"" + id + "\",\"name\":%s,\"listenPath\":\"/" + id + "/\","
                + "\"upstream\":{\"url\":\"http://127.0.0.1:7878\"},\"tools\":{%s:{\"block\":true}}}";

        badRequestNaming(admin().body(String.format(proxy, "\"a\\u0000\"", "\"t\"")).post("/api/mcps"), "name");
        badRequestNaming(admin().body(String.format(proxy, "\"a\"", "\"t\\u0000\"")).post("/api/mcps"),
                "tools.t\uFFFD");
        badRequestNaming(admin().body(String.format(proxy, "\"\\ud800\"", "\"t\"")).post("/api/mcps"), "name");
    }

    @Test
    void nulInAPolicyNameIsABadRequestNamingName() {
        badRequestNaming(admin().body("{\"id\":\"" + unique() + "\",\"name\":\"p\\u0000\",\"accessRights\":{}}")
                .post("/api/policies"), "name");
    }

    @Test
    void nulInAPathOrQueryParameterIsABadRequestNamingIt() {
        badRequestNaming(admin().urlEncodingEnabled(false).get("/api/keys/a%00b"), "id");
        badRequestNaming(admin().urlEncodingEnabled(false).get("/api/audit?actor=a%00b"), "actor");
        badRequestNaming(admin().urlEncodingEnabled(false)
                .get("/api/analytics/traffic?from=%2B999999999-12-31T23:59:59Z"), "from");
    }

    @Test
    void aSignInWithNulInTheUsernameIsAnOrdinaryRefusal() {
        assertThat(Dashboard.postSignIn("ad\u0000min", "not-the-password").statusCode()).isEqualTo(401);
    }

    @Test
    void noGeneratedInputMakesACreateOrUpdateEndpointFail() {
        Fixture fixture = new Fixture();
        List<Endpoint> endpoints = fixture.endpoints();
        long seed = Long.getLong("unstorable.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < TRIES && failures.size() < 5; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            Value value = value(random);
            Response response = endpoint.call().apply(value);
            int status = response.statusCode();
            boolean problem = status < 400 || String.valueOf(response.contentType()).startsWith(Problem.MEDIA_TYPE);
            if (status >= 500 || status < 200 || (status >= 300 && status < 400) || !problem) {
                failures.add(endpoint.name() + " with " + abbreviated(value.json()) + " -> " + status + " "
                        + response.contentType() + " " + abbreviated(response.asString()));
            }
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
    }

    private static void badRequestNaming(Response response, String field) {
        response.then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("errors.field", hasItem(field));
    }

    /**
     * A generated value: {@code json} as it goes into a body, {@code text} as it goes into a path or query (the
     * string itself for strings, the JSON text otherwise).
     */
    private record Value(String json, String text) {
        /**
         * URL-encoded (an unpaired surrogate becomes {@code ?}, NUL {@code %00}), at most 1,000 characters: a longer
         * URL is refused by the HTTP server before it reaches the API.
         */
        String inUrl() {
            String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            return encoded.length() > 1_000 ? encoded.substring(0, 1_000).replaceAll("%.?$", "") : encoded;
        }

        static Value ofString(String text) {
            return new Value(jsonString(text), text);
        }

        static Value ofJson(String json) {
            return new Value(json, json);
        }
    }

    private static final String[] NASTY = {"\u0000", "\ud800", "\udc00", "a\ud83d", "\u202eevil", "\ud83d\ude80",
            "\u0007\u001b[31m", "\r\n", "\uFEFF", "\uFFFF", " ", "", "%00", "../..", "'; drop table proxy;--"};
    private static final String[] INSTANTS = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "-4714-11-24T00:00:00Z", "294277-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2030-02-30T00:00:00Z", "2030-01-01T00:00:00+25:00"};
    private static final String[] NUMBERS = {"1e400", "-1e400", "1.5", "-0", "2147483648", "-2147483649",
            "9223372036854775808", "0.0000000000000000000001", "1" + "0".repeat(900)};
    private static final String[] SHAPES = {"[".repeat(100) + "]".repeat(100),
            "{\"a\":".repeat(70) + "1" + "}".repeat(70), "null", "true", "[]", "{}", "{\"\\u0000\":1}",
            "[\"\\ud800\"]"};
    private static final int[] HUGE = {1_000, 70_000, 900_000};

    /** Strings (any UTF-16 unit) half the time, then instants, numbers, deep or large values. */
    private static Value value(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            return Value.ofString(string(random));
        }
        if (kind < 7) {
            return Value.ofString(random.nextBoolean() ? pick(random, INSTANTS)
                    : java.time.Instant.ofEpochSecond(random.nextLong(-31_557_014_167_219_200L,
                            31_556_889_864_403_199L)).toString());
        }
        if (kind < 9) {
            return Value.ofJson(switch (random.nextInt(3)) {
                case 0 -> String.valueOf(random.nextLong());
                case 1 -> new BigInteger(130, new java.util.Random(random.nextLong())).add(BigInteger.TEN.pow(19))
                        .toString();
                default -> pick(random, NUMBERS);
            });
        }
        return Value.ofJson(pick(random, SHAPES));
    }

    private static String string(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(random, NASTY);
            case 1 -> units(random, 0, 40, Character.MIN_VALUE, Character.MAX_VALUE);
            case 2 -> units(random, 1, 5, '\u0000', '\u001f');
            case 3 -> units(random, 0, 8, 'a', 'z') + pick(random, NASTY);
            default -> "x".repeat(HUGE[random.nextInt(HUGE.length)]);
        };
    }

    /** Between {@code min} and {@code max} UTF-16 units drawn from {@code [from, to]}, lone surrogates included. */
    private static String units(SplittableRandom random, int min, int max, char from, char to) {
        char[] units = new char[random.nextInt(min, max + 1)];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) random.nextInt(from, to + 1);
        }
        return new String(units);
    }

    private static String pick(SplittableRandom random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** A JSON string literal; every non-ASCII or control unit is escaped, so unpaired surrogates survive. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
    }

    /** One endpoint under test: takes a generated JSON value and puts it somewhere in a request. */
    private record Endpoint(String name, Supplier<Function<Value, Response>> target) {
        Function<Value, Response> call() {
            return target.get();
        }
    }

    /** Resources the updates work on, created once per test run. */
    private static final class Fixture {

        private final String proxy = unique();
        private final String policy = unique();
        private final String key;
        private final long user;

        Fixture() {
            admin().body(proxyJson(proxy, "\"Fuzz\"", "\"t\"", "30000")).post("/api/mcps").then().statusCode(201);
            admin().body(policyJson(policy, "\"Fuzz\"", "60")).post("/api/policies").then().statusCode(201);
            key = admin().body("{\"alias\":\"fuzz\",\"proxies\":[\"" + proxy + "\"]}").post("/api/keys")
                    .then().statusCode(201).extract().path("id");
            user = ((Number) admin().body("{\"username\":\"" + unique() + "\",\"role\":\"viewer\","
                    + "\"password\":\"correct-horse-battery\"}").post("/api/users")
                    .then().statusCode(201).extract().path("id")).longValue();
        }

        private static String proxyJson(String id, String name, String tool, String timeout) {
            return "{\"id\":\"" + id + "\",\"name\":" + name + ",\"listenPath\":\"/" + id + "/\","
                    + "\"upstream\":{\"url\":\"http://127.0.0.1:7878\",\"timeoutMs\":" + timeout + "},"
                    + "\"tools\":{" + tool + ":{\"block\":true}}}";
        }

        private String policyJson(String id, String name, String per) {
            return "{\"id\":\"" + id + "\",\"name\":" + name + ",\"rate\":10,\"per\":" + per
                    + ",\"accessRights\":{\"" + proxy + "\":{}}}";
        }

        private static Response put(String path, String body) {
            return admin().header("If-Match", "*").body(body).put(path);
        }

        List<Endpoint> endpoints() {
            List<Endpoint> all = new ArrayList<>();
            all.add(new Endpoint("POST /api/mcps name", () -> v -> admin()
                    .body(proxyJson(unique(), v.json(), "\"t\"", "1000")).post("/api/mcps")));
            all.add(new Endpoint("PUT /api/mcps/{id} tools key", () -> v -> put("/api/mcps/" + proxy,
                    proxyJson(proxy, "\"Fuzz\"", jsonString(v.inUrl()), "1000"))));
            all.add(new Endpoint("PUT /api/mcps/{id} timeoutMs", () -> v -> put("/api/mcps/" + proxy,
                    proxyJson(proxy, "\"Fuzz\"", "\"t\"", v.json()))));
            all.add(new Endpoint("POST /api/mcps listenPath and mock", () -> v -> admin().body(
                    "{\"name\":\"n\",\"listenPath\":" + v.json() + ",\"upstream\":{\"url\":\"http://127.0.0.1:7878\"},"
                            + "\"tools\":{\"t\":{\"mockResponse\":{\"x\":" + v.json() + "}}}}").post("/api/mcps")));
            all.add(new Endpoint("POST /api/policies name", () -> v -> admin()
                    .body(policyJson(unique(), v.json(), "60")).post("/api/policies")));
            all.add(new Endpoint("PUT /api/policies/{id} per", () -> v -> put("/api/policies/" + policy,
                    policyJson(policy, "\"Fuzz\"", v.json()))));
            all.add(new Endpoint("POST /api/keys alias", () -> v -> admin()
                    .body("{\"alias\":" + v.json() + ",\"proxies\":[\"" + proxy + "\"]}").post("/api/keys")));
            all.add(new Endpoint("PUT /api/keys/{id} expiresAt", () -> v -> put("/api/keys/" + key,
                    "{\"alias\":\"fuzz\",\"proxies\":[\"" + proxy + "\"],\"expiresAt\":" + v.json() + "}")));
            all.add(new Endpoint("PUT /api/keys/{id} policies", () -> v -> put("/api/keys/" + key,
                    "{\"alias\":\"fuzz\",\"policies\":[" + v.json() + "]}")));
            all.add(new Endpoint("PUT /api/secrets/{name} value", () -> v -> admin()
                    .body("{\"value\":" + v.json() + "}").put("/api/secrets/" + unique())));
            all.add(new Endpoint("PUT /api/secrets/{name} name", () -> v -> admin()
                    .urlEncodingEnabled(false).body("{\"value\":\"s\"}").put("/api/secrets/" + v.inUrl())));
            all.add(new Endpoint("POST /api/users username", () -> v -> admin().body("{\"username\":" + v.json()
                    + ",\"role\":\"viewer\",\"password\":\"correct-horse-battery\"}").post("/api/users")));
            all.add(new Endpoint("PATCH /api/users/{id} password", () -> v -> admin()
                    .body("{\"password\":" + v.json() + "}").patch("/api/users/" + user)));
            all.add(new Endpoint("PATCH /api/users/{id} id", () -> v -> admin()
                    .urlEncodingEnabled(false).body("{\"enabled\":true}").patch("/api/users/" + v.inUrl())));
            all.add(new Endpoint("POST /api/tokens name", () -> v -> admin()
                    .body("{\"name\":" + v.json() + "}").post("/api/tokens")));
            all.add(new Endpoint("POST /api/tokens expiresAt", () -> v -> admin()
                    .body("{\"name\":\"n\",\"expiresAt\":" + v.json() + "}").post("/api/tokens")));
            all.add(new Endpoint("POST /api/config/versions/{version}/rollback", () -> v -> admin()
                    .urlEncodingEnabled(false).header("If-Match", "*")
                    .post("/api/config/versions/" + v.inUrl() + "/rollback")));
            all.add(new Endpoint("GET /api/audit from and actor", () -> v -> admin()
                    .urlEncodingEnabled(false).get("/api/audit?from=" + v.inUrl() + "&actor=" + v.inUrl())));
            return all;
        }
    }
}
