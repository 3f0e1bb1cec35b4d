package dev.portcullis.controlplane.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The sequence every change takes its version from; a rolled-back change still uses up a value. */
public final class ConfigVersionSequence {

    private ConfigVersionSequence() {
    }

    public static long last(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet row = connection.createStatement().executeQuery("select last_value from config_version_seq")) {
            if (!row.next()) {
                throw new IllegalStateException("config_version_seq has no row");
            }
            return row.getLong(1);
        }
    }
}
