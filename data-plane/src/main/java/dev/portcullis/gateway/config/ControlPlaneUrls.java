package dev.portcullis.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code PORTCULLIS_CONTROL_PLANE_URL}: one control-plane base URL (a single replica, or a load balancer in front
 * of several) or a comma-separated list of replicas the gateway fails over between. Every entry must be an
 * absolute {@code http} or {@code https} URL with a host and without query or fragment; an empty entry or the same
 * URL twice is refused, so a typo cannot silently leave the gateway with one replica fewer than the operator meant.
 */
public final class ControlPlaneUrls {

    static final String SETTING = "PORTCULLIS_CONTROL_PLANE_URL";

    private ControlPlaneUrls() {
    }

    /** @throws IllegalArgumentException naming the setting and the offending entry */
    public static List<URI> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(SETTING + " is empty: give the control plane's base URL");
        }
        List<URI> urls = new ArrayList<>();
        Set<URI> seen = new LinkedHashSet<>();
        for (String entry : value.split(",", -1)) {
            URI url = one(entry.strip());
            if (!seen.add(url)) {
                throw new IllegalArgumentException(SETTING + " lists " + url + " twice");
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    private static URI one(String entry) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException(SETTING + " has an empty entry: separate URLs with single commas");
        }
        URI url;
        try {
            url = new URI(entry);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(SETTING + " entry '" + entry + "' is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(SETTING + " entry '" + entry + "' must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException(SETTING + " entry '" + entry + "' has no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(SETTING + " entry '" + entry
                    + "' must be a base URL without user info, query or fragment");
        }
        String base = entry;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base);
    }
}
