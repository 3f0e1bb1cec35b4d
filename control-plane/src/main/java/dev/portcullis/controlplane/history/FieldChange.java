package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One leaf that differs between two versions of a proxy or policy.
 *
 * @param path   dotted path from the definition's root, arrays by index ({@code upstream.url}, {@code gatewayTags[1]})
 * @param before the value before; Java null when the leaf did not exist (then left out of the JSON), a
 *               {@code NullNode} when it was JSON {@code null}
 * @param after  the value after, with the same convention
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldChange(String path, JsonNode before, JsonNode after) {
}
