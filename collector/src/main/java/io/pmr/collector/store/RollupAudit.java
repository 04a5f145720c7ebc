package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily rollups re-derived from the minute rows: the v8 back-fill, {@code rebuild-rollups}'s rewrite and its proof
 * that the stored rollups equal a fresh aggregation. Reads every interval row once, in rollup key order (SQLite sorts
 * them), with {@link DailyRollup} doing what ingest does. Never commits: the caller's transaction holds it all.
 * Stateless.
 */
final class RollupAudit {
    /** Interval rows in rollup key order; the day follows from the start. */
    static final String MINUTE_ROWS_SQL = "SELECT agent_id, measure_id, scope, interval_start_epoch_millis, events,"
            + " within_trt, timed_out, failed, histogram, histogram_unit, boot_epoch, sequence FROM interval_report"
            + " ORDER BY agent_id, measure_id, scope, interval_start_epoch_millis";
    static final String STORED_SQL = "SELECT " + DailyRollup.COLUMNS + " FROM daily_rollup"
            + " ORDER BY agent_id, measure_id, scope, day_start_epoch_millis";
    private static final int BATCH_ROWS = 500;

    private RollupAudit() {
    }

    /** Replaces every rollup with a fresh aggregation of the minute rows; returns the rows written. */
    static long rewrite(Connection connection) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM daily_rollup");
        }
        long written = 0;
        try (Fresh fresh = new Fresh(connection);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO daily_rollup ("
                        + DailyRollup.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DailyRollup rollup = fresh.next(); rollup != null; rollup = fresh.next()) {
                rollup.bind(insert);
                insert.addBatch();
                if (++written % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return written;
    }

    /** Compares the stored rollups with a fresh aggregation, naming at most {@code maxNamed} differing rows. */
    static RollupCheck check(Connection connection, int maxNamed) throws SQLException {
        long storedRows = 0;
        long freshRows = 0;
        long differing = 0;
        List<String> named = new ArrayList<>();
        try (Fresh fresh = new Fresh(connection);
                PreparedStatement query = connection.prepareStatement(STORED_SQL);
                ResultSet stored = query.executeQuery()) {
            DailyRollup expected = fresh.next();
            boolean hasStored = stored.next();
            while (expected != null || hasStored) {
                DailyRollup.Key storedKey = hasStored ? DailyRollup.readKey(stored) : null;
                int order = expected == null ? 1 : storedKey == null ? -1
                        : DailyRollup.Key.ORDER.compare(expected.key, storedKey);
                String difference;
                if (order < 0) {
                    difference = "rollup " + expected.key + " missing (fresh: " + expected.intervals + " intervals, "
                            + expected.events + " events)";
                } else if (order > 0) {
                    difference = "rollup " + storedKey + " has no minute rows (stored: " + stored.getLong(5)
                            + " intervals, " + stored.getLong(6) + " events)";
                } else {
                    String columns = expected.differences(stored);
                    difference = columns.isEmpty() ? null : "rollup " + storedKey + " differs: " + columns;
                }
                if (difference != null) {
                    differing++;
                    if (named.size() < maxNamed) {
                        named.add(difference);
                    }
                }
                if (order <= 0) {
                    freshRows++;
                    expected = fresh.next();
                }
                if (order >= 0) {
                    storedRows++;
                    hasStored = stored.next();
                }
            }
            return new RollupCheck(fresh.minuteRows, storedRows, freshRows, differing, named);
        }
    }

    /** The fresh rollups, one at a time in key order, from one pass over the minute rows. */
    private static final class Fresh implements AutoCloseable {
        private final PreparedStatement query;
        private final ResultSet rows;
        /** HdrHistogram's own decoding: the rebuild re-derives the rollups independently of the ingest's reader. */
        private final IntervalHistograms decoder = new IntervalHistograms(IntervalHistograms.Decoding.LIBRARY);
        private final DayStarts days = new DayStarts();
        private boolean hasRow;
        long minuteRows;

        Fresh(Connection connection) throws SQLException {
            query = connection.prepareStatement(MINUTE_ROWS_SQL);
            rows = query.executeQuery();
            hasRow = rows.next();
        }

        /** The next rollup, or null after the last. */
        DailyRollup next() throws SQLException {
            if (!hasRow) {
                return null;
            }
            DailyRollup.Key key = keyOfRow();
            DailyRollup rollup = new DailyRollup(key);
            while (hasRow && keyOfRow().equals(key)) {
                rollup.addInterval(rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                        rows.getLong(8), rows.getBytes(9), rows.getInt(10), decoder, rows.getString(1) + "/"
                                + Long.toUnsignedString(rows.getLong(11)) + "/"
                                + Long.toUnsignedString(rows.getLong(12)));
                minuteRows++;
                hasRow = rows.next();
            }
            return rollup;
        }

        private DailyRollup.Key keyOfRow() throws SQLException {
            return new DailyRollup.Key(rows.getString(1), rows.getString(2), rows.getString(3),
                    days.of(rows.getLong(4)));
        }

        @Override
        public void close() throws SQLException {
            decoder.close();
            rows.close();
            query.close();
        }
    }
}
