package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One Tyk object of an import and what it became.
 *
 * @param source  where it was in the request ({@code apiDefinitions[0]}, {@code policies[1]})
 * @param tykId   its Tyk id (API id or policy id); null when it had none
 * @param id      the Portcullis proxy or policy id it became
 * @param result  the Portcullis definition, normalised as the API answers it; null when it could not be mapped
 * @param ignored Tyk fields with a value that were not carried over, each with the reason
 */
public record ImportedItem(String source, String tykId, String id, JsonNode result, List<Ignored> ignored) {

    public ImportedItem {
        ignored = List.copyOf(ignored);
    }
}
