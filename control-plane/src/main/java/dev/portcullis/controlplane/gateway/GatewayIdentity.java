package dev.portcullis.controlplane.gateway;

import dev.portcullis.controlplane.common.CommaList;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who is calling the feed: the {@code gatewayId} and {@code tags} query parameters (tags comma-separated).
 *
 * @param id   null when the caller did not say (allowed only for a plain snapshot fetch)
 * @param tags sorted, so equal tag sets share one cached snapshot
 */
public record GatewayIdentity(String id, Set<String> tags) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public GatewayIdentity {
        tags = Set.copyOf(new TreeSet<>(tags));
    }

    /** Parses the query parameters; 400 problem naming {@code gatewayId} or {@code tags[i]} when invalid. */
    public static GatewayIdentity parse(String gatewayId, String tags, boolean idRequired) {
        return of(gatewayId, CommaList.split(tags), idRequired);
    }

    public static GatewayIdentity of(String gatewayId, List<String> tagList, boolean idRequired) {
        Violations root = Violations.root();
        String id = gatewayId == null || gatewayId.isBlank() ? null : gatewayId.strip();
        if (id == null && idRequired) {
            root.add("gatewayId", "is required");
        } else if (id != null && !ID.matcher(id).matches()) {
            root.add("gatewayId", "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
        }
        FieldRules.tags(root.at("tags"), tagList);
        if (!root.isEmpty()) {
            throw ProblemException.invalid(root.list());
        }
        return new GatewayIdentity(id, new TreeSet<>(tagList));
    }

    public List<String> sortedTags() {
        return List.copyOf(new TreeSet<>(tags));
    }
}
