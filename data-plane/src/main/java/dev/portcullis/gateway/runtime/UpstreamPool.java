package dev.portcullis.gateway.runtime;

import dev.portcullis.model.proxy.Upstream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The instances of a proxy's upstream, compiled once per snapshot: {@code upstream.url} first, then each of
 * {@code upstream.targets} (a target repeating {@code url} only gives it its weight), with the balancing and
 * passive-health settings. Immutable and shared by every event loop.
 *
 * @param targets        at least one; the first is {@code upstream.url}
 * @param leastRequests  {@code balancing} is {@code leastRequests}; otherwise weighted round robin
 * @param affinity       {@code sessionAffinity}: a session stays on the target that created it
 * @param failures       failures in a row that take a target out
 * @param coolDownNanos  how long it stays out
 */
public record UpstreamPool(List<Member> targets, boolean leastRequests, boolean affinity, int failures,
                           long coolDownNanos) {

    /**
     * One instance.
     *
     * @param id      a stable short id derived from the URL (sealed into session ids, so a reordered list still
     *                routes a session to its target)
     * @param label   the URL as metrics and the access log name it (scheme, authority, path; never a query)
     * @param address where to connect
     */
    public record Member(String id, String label, UpstreamTarget address, int weight) {
        public Member {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(address, "address");
        }
    }

    public UpstreamPool {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("an upstream has at least one target");
        }
    }

    /** @throws IllegalArgumentException when a URL is not http(s) with a host */
    public static UpstreamPool of(Upstream upstream) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(upstream.url(), 1);
        for (Upstream.Target target : upstream.targets()) {
            weights.put(target.url(), target.weight());
        }
        List<Member> members = new ArrayList<>(weights.size());
        weights.forEach((url, weight) -> {
            UpstreamTarget address = UpstreamTarget.parse(url);
            members.add(new Member(id(url), address.label(), address, weight));
        });
        return new UpstreamPool(members, Upstream.LEAST_REQUESTS.equals(upstream.balancing()),
                upstream.sessionAffinity(), upstream.passiveHealth().failures(),
                upstream.passiveHealth().coolDownMs() * 1_000_000L);
    }

    /** {@code upstream.url}: where everything goes when nothing is balanced. */
    public Member primary() {
        return targets.get(0);
    }

    /** More than one target: requests are balanced. */
    public boolean balanced() {
        return targets.size() > 1;
    }

    /** Sessions are sealed with their target and routed back to it. */
    public boolean pinsSessions() {
        return balanced() && affinity;
    }

    /** The target with this id, or null when the snapshot no longer lists it. */
    public Member byId(String id) {
        for (Member member : targets) {
            if (member.id().equals(id)) {
                return member;
            }
        }
        return null;
    }

    /** 64 bits of SHA-256 of the URL as written, base64url: 11 characters. */
    static String id(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
