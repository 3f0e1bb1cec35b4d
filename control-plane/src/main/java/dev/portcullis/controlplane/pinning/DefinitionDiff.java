package dev.portcullis.controlplane.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portcullis.model.json.CanonicalJson;
import dev.portcullis.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A side-by-side, line-by-line diff of two definitions, each printed as indented JSON with its keys sorted (so
 * only real changes differ): rows pair the approved definition's lines with the new one's, by their longest common
 * subsequence, a run of removed lines beside the run of added lines that replaces it. Past {@value #MAX_LINES}
 * lines a side is cut (the computation is quadratic in the lines).
 */
public final class DefinitionDiff {

    static final int MAX_LINES = 1_500;

    /** One row: a line on the left, on the right, or both; {@code changed} when they are not the same line. */
    public record Row(String left, String right, boolean changed) {
    }

    private DefinitionDiff() {
    }

    /** @param before the approved definition, or null for a primitive that had none */
    public static List<Row> of(JsonNode before, JsonNode after) {
        List<String> left = before == null ? List.of() : lines(before);
        List<String> right = lines(after);
        int n = left.size();
        int m = right.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = left.get(i).equals(right.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Row> rows = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && left.get(i).equals(right.get(j))) {
                pair(removed, added, rows);
                rows.add(new Row(left.get(i++), right.get(j++), false));
            } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
                removed.add(left.get(i++));
            } else {
                added.add(right.get(j++));
            }
        }
        pair(removed, added, rows);
        return rows;
    }

    /** A run of removed lines and the run of added lines after it, side by side on as many rows as needed. */
    private static void pair(List<String> removed, List<String> added, List<Row> rows) {
        for (int k = 0; k < Math.max(removed.size(), added.size()); k++) {
            rows.add(new Row(k < removed.size() ? removed.get(k) : null, k < added.size() ? added.get(k) : null,
                    true));
        }
        removed.clear();
        added.clear();
    }

    static List<String> lines(JsonNode definition) {
        try {
            JsonNode sorted = Json.mapper().readTree(CanonicalJson.string(definition));
            String pretty = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(sorted);
            List<String> lines = List.of(pretty.split("\\R"));
            return lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
        } catch (IOException e) {
            throw new UncheckedIOException("a stored definition cannot be printed", e);
        }
    }
}
