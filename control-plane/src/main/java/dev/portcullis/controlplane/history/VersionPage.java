package dev.portcullis.controlplane.history;

import java.util.List;

/** One page of history, newest first, and whether another page follows (as {@code /api/audit} pages). */
public record VersionPage(List<VersionView> entries, int page, int size, boolean hasMore) {

    public VersionPage {
        entries = List.copyOf(entries);
    }
}
