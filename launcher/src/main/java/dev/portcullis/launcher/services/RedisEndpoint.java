package dev.portcullis.launcher.services;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a Redis server listens, parsed from {@code redis://[[user]:password@]host[:port][/database]}.
 * TLS ({@code rediss://}) is not supported by the launcher's tiny client.
 *
 * @param username null for the default user
 * @param password null when the server needs no AUTH
 */
public record RedisEndpoint(String host, int port, String username, String password, int database) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static RedisEndpoint local(int port) {
        return new RedisEndpoint("127.0.0.1", port, null, null, 0);
    }

    public static RedisEndpoint parse(String url) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a redis:// URL (expected redis://host:port)");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                username = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            database = Integer.parseInt(path.substring(1));
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), username, password,
                database);
    }

    /** The URL again, credentials included (callers must not log it when a password is set). */
    public String url() {
        StringBuilder url = new StringBuilder("redis://");
        if (password != null) {
            url.append(username == null ? "" : username).append(':').append(password).append('@');
        }
        url.append(host).append(':').append(port);
        if (database != 0) {
            url.append('/').append(database);
        }
        return url.toString();
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + (database == 0 ? "" : "/" + database);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
