package db.migration;

import dev.portcullis.controlplane.proxy.upgrade.StoredHeaderUpgrade;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Header {@code add} values became templates: rewrites the proxy definitions stored by earlier releases, and those
 * kept in the configuration history, so that each value means what it meant ({@link StoredHeaderUpgrade}). Runs in
 * Flyway's transaction: all or nothing.
 */
public class V13__Header_values_as_templates extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        new StoredHeaderUpgrade(context.getConnection()).run();
    }
}
