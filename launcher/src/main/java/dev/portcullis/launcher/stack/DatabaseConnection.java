package dev.portcullis.launcher.stack;

import java.util.Objects;

/**
 * The control plane's database, as passed in {@code PORTCULLIS_DB_URL}, {@code _USER}, {@code _PASSWORD}.
 *
 * @param password empty for trust authentication; never printed by {@link #toString()}
 */
public record DatabaseConnection(String jdbcUrl, String user, String password) {

    public DatabaseConnection {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /**
     * The URL as it may be shown: without its query ({@code ?password=...&sslkey=...}) and without any
     * {@code user:password@} part, so a credential given in the URL never reaches a terminal or a log.
     */
    public static String displayable(String jdbcUrl) {
        String url = jdbcUrl;
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query) + "?...";
        }
        int authority = url.indexOf("//");
        int at = url.indexOf('@', authority + 2);
        int path = url.indexOf('/', authority + 2);
        if (authority >= 0 && at >= 0 && (path < 0 || at < path)) {
            url = url.substring(0, authority + 2) + "***@" + url.substring(at + 1);
        }
        return url;
    }

    @Override
    public String toString() {
        return "DatabaseConnection[" + displayable(jdbcUrl) + ", user=" + user + "]";
    }
}
