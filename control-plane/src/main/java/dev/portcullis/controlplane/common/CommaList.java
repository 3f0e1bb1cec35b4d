package dev.portcullis.controlplane.common;

import java.util.ArrayList;
import java.util.List;

/** The comma-separated lists gateways send their tags in, as a query parameter or a report field. */
public final class CommaList {

    private CommaList() {
    }

    /** {@code " eu, ,prod"} is {@code [eu, prod]}: items stripped, blank items dropped; empty for null. */
    public static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        if (list == null) {
            return items;
        }
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
