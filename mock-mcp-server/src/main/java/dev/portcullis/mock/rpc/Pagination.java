package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Cursor pagination of the list methods. Cursors are opaque to clients (base64url of the list name and an offset),
 * and a cursor issued for one list is refused by another. A page size of 0 returns everything at once.
 */
public final class Pagination {

    private static final String PREFIX = "mock-cursor:";

    private final int pageSize;

    public Pagination(int pageSize) {
        this.pageSize = pageSize;
    }

    /** One page of a list, and the cursor of the next page when there is one. */
    public record Page<T>(List<T> items, Optional<String> nextCursor) {
    }

    /** The page {@code cursor} (a JSON string, or missing/null for the first page) points at, if valid. */
    public <T> Optional<Page<T>> page(String listName, List<T> all, JsonNode cursor) {
        int offset = 0;
        if (cursor != null && !cursor.isNull() && !cursor.isMissingNode()) {
            if (!cursor.isTextual()) {
                return Optional.empty();
            }
            Optional<Integer> decoded = decode(listName, cursor.asText());
            if (decoded.isEmpty() || decoded.get() > all.size()) {
                return Optional.empty();
            }
            offset = decoded.get();
        }
        if (pageSize == 0) {
            return Optional.of(new Page<>(List.copyOf(all.subList(offset, all.size())), Optional.empty()));
        }
        int end = Math.min(all.size(), offset + pageSize);
        Optional<String> next = end < all.size() ? Optional.of(encode(listName, end)) : Optional.empty();
        return Optional.of(new Page<>(List.copyOf(all.subList(offset, end)), next));
    }

    static String encode(String listName, int offset) {
        String raw = PREFIX + listName + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Integer> decode(String listName, String cursor) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String expected = PREFIX + listName + ":";
        if (!raw.startsWith(expected)) {
            return Optional.empty();
        }
        try {
            int offset = Integer.parseInt(raw.substring(expected.length()));
            return offset >= 0 ? Optional.of(offset) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
