package dev.portcullis.controlplane.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Request builders with the test run's tokens, and unique names so tests sharing one database never collide. */
public final class Api {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Api() {
    }

    public static String adminToken() {
        return ConfigProvider.getConfig().getValue("portcullis.bootstrap-admin-token", String.class);
    }

    /** Password of the first dashboard user {@code admin}. */
    public static String adminPassword() {
        return ConfigProvider.getConfig().getValue("portcullis.bootstrap-admin-password", String.class);
    }

    public static String gatewayToken() {
        return ConfigProvider.getConfig().getValue("portcullis.gateway-token", String.class);
    }

    public static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + adminToken()).contentType(ContentType.JSON);
    }

    public static RequestSpecification gateway() {
        return RestAssured.given().header("Authorization", "Bearer " + gatewayToken());
    }

    /** A lowercase random token, unique per call: {@code a1b2c3d4e5}. */
    public static String unique() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return "t" + HexFormat.of().formatHex(bytes);
    }

    /** A minimal valid proxy definition. */
    public static String proxyJson(String id, String name, String listenPath, String... tags) {
        StringBuilder json = new StringBuilder("{");
        if (id != null) {
            json.append("\"id\":\"").append(id).append("\",");
        }
        json.append("\"name\":\"").append(name).append("\",\"listenPath\":\"").append(listenPath)
                .append("\",\"gatewayTags\":[");
        for (int i = 0; i < tags.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tags[i]).append('"');
        }
        return json.append("],\"upstream\":{\"url\":\"http://127.0.0.1:7878\"}}").toString();
    }

    /** Creates a proxy and returns its id. */
    public static String createProxy(String listenPath, String... tags) {
        String id = unique();
        admin().body(proxyJson(id, "Proxy " + id, listenPath, tags)).post("/api/mcps").then().statusCode(201);
        return id;
    }
}
