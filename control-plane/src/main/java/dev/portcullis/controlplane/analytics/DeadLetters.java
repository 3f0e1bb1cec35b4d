package dev.portcullis.controlplane.analytics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The dead-letter table {@code analytics_dead_letter_entry} and the daily count {@code analytics_dead_letter}.
 * An entry already stored (redelivered after a crash before {@code XACK}) is neither stored nor counted again.
 * Stateless; the caller owns the transaction.
 */
final class DeadLetters {

    private static final String INSERT = "insert into analytics_dead_letter_entry (stream, stream_id, payload, "
            + "payload_length, error) values (?, ?, ?, ?, ?) on conflict (stream, stream_id) do nothing";
    private static final String COUNT = "insert into analytics_dead_letter (day, entries) values (?, ?) "
            + "on conflict (day) do update set entries = analytics_dead_letter.entries + excluded.entries";
    private static final String PAGE = "select id, stream, stream_id, payload, payload_length, error, "
            + "dead_lettered_at from analytics_dead_letter_entry order by dead_lettered_at desc, id desc "
            + "limit ? offset ?";

    private DeadLetters() {
    }

    /** Stores {@code letters}; answers how many were new. */
    static int insert(Connection connection, Collection<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return 0;
        }
        int stored = 0;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (DeadLetter letter : letters) {
                statement.setString(1, letter.stream());
                statement.setString(2, letter.streamId());
                statement.setString(3, letter.payload());
                statement.setInt(4, letter.payloadLength());
                statement.setString(5, letter.error());
                stored += statement.executeUpdate();
            }
        }
        if (stored > 0) {
            try (PreparedStatement statement = connection.prepareStatement(COUNT)) {
                statement.setDate(1, Date.valueOf(LocalDate.now(ZoneOffset.UTC)));
                statement.setLong(2, stored);
                statement.executeUpdate();
            }
        }
        return stored;
    }

    /** One page, newest first; {@code size + 1} rows at most, so the caller can tell whether more exist. */
    static List<AnalyticsViews.DeadLetterItem> page(Connection connection, int page, int size) throws SQLException {
        List<AnalyticsViews.DeadLetterItem> items = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
            statement.setInt(1, size + 1);
            statement.setLong(2, (long) page * size);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String payload = rows.getString(4);
                    int length = rows.getInt(5);
                    items.add(new AnalyticsViews.DeadLetterItem(rows.getLong(1), rows.getTimestamp(7).toInstant(),
                            rows.getString(2), rows.getString(3), rows.getString(6), payload, length,
                            length > payload.length()));
                }
            }
        }
        return items;
    }
}
