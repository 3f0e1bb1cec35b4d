package dev.portcullis.model.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The MCP server behind a proxy. The part of the agent's path after the listen path is appended to {@code url}.
 *
 * <p>With {@code targets}, requests are balanced over {@code url} and every target (several instances of one MCP
 * server). A target whose URL equals {@code url} only gives {@code url} its weight.
 *
 * @param targets         more instances to balance across, with {@code url}; empty = just {@code url}. Each is a
 *                        URL string or {@code {"url": ..., "weight": n}}
 * @param sessionAffinity keep an MCP session on the target that created it (default true)
 * @param timeoutMs       per request, default {@value #DEFAULT_TIMEOUT_MS}
 * @param balancing       {@value #ROUND_ROBIN} (default, weighted) or {@value #LEAST_REQUESTS} (fewest requests
 *                        in flight from this gateway, relative to the weight)
 * @param passiveHealth   when a target is skipped after failing
 */
public record Upstream(String url, List<Target> targets, Boolean sessionAffinity,
                       UpstreamAuthentication authentication, Integer timeoutMs, String balancing,
                       PassiveHealth passiveHealth) {

    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    public static final String ROUND_ROBIN = "roundRobin";
    public static final String LEAST_REQUESTS = "leastRequests";
    /** The most targets one upstream may list. */
    public static final int MAX_TARGETS = 64;
    public static final int MAX_WEIGHT = 1000;

    public Upstream {
        targets = Immutable.list(targets);
        sessionAffinity = sessionAffinity == null ? Boolean.TRUE : sessionAffinity;
        authentication = authentication == null ? UpstreamAuthentication.NONE : authentication;
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        balancing = balancing == null ? ROUND_ROBIN : balancing;
        passiveHealth = passiveHealth == null ? PassiveHealth.DEFAULT : passiveHealth;
    }

    public Upstream(String url, List<Target> targets, Boolean sessionAffinity,
                    UpstreamAuthentication authentication, Integer timeoutMs) {
        this(url, targets, sessionAffinity, authentication, timeoutMs, null, null);
    }

    /**
     * One more instance of the upstream.
     *
     * @param weight its share of new sessions and sessionless requests, 1 to {@value #MAX_WEIGHT} (default 1)
     */
    public record Target(String url, Integer weight) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Target {
            weight = weight == null ? 1 : weight;
        }

        /** A target given as a bare URL string, with weight 1. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Target of(String url) {
            return new Target(url, null);
        }

        void validate(Violations at) {
            FieldRules.httpUrl(at.at("url"), url);
            if (weight < 1 || weight > MAX_WEIGHT) {
                at.add("weight", "must be between 1 and " + MAX_WEIGHT);
            }
        }
    }

    public void validate(Violations at) {
        FieldRules.httpUrl(at.at("url"), url);
        validateTargets(at.at("targets"));
        authentication.validate(at.at("authentication"));
        FieldRules.positive(at.at("timeoutMs"), timeoutMs);
        if (!balancing.equals(ROUND_ROBIN) && !balancing.equals(LEAST_REQUESTS)) {
            at.add("balancing", "must be " + ROUND_ROBIN + " or " + LEAST_REQUESTS);
        }
        passiveHealth.validate(at.at("passiveHealth"));
    }

    private void validateTargets(Violations at) {
        if (targets.size() > MAX_TARGETS) {
            at.add("must list at most " + MAX_TARGETS + " targets");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (target == null) {
                at.index(i).add("must not be null");
                continue;
            }
            target.validate(at.index(i));
            if (target.url() != null && !seen.add(target.url())) {
                at.index(i).add("url", "is listed twice");
            }
        }
    }
}
