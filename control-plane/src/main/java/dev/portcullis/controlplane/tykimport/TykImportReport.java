package dev.portcullis.controlplane.tykimport;

import java.util.List;

/**
 * The answer to a Tyk import: what each API definition and policy became and what was left behind.
 *
 * @param dryRun   true when nothing was saved
 * @param proxies  one per API definition, in request order
 * @param policies one per policy, in request order
 */
public record TykImportReport(boolean dryRun, List<ImportedItem> proxies, List<ImportedItem> policies) {

    public TykImportReport {
        proxies = List.copyOf(proxies);
        policies = List.copyOf(policies);
    }
}
