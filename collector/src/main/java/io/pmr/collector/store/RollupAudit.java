package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily rollups and totals re-derived from the minute rows: the v8 back-fill, {@code rebuild-rollups}'s rewrite and its
 * proof that the stored rollups and totals equal a fresh aggregation; and the v9 back-fill of the totals from the
 * rollups. The first data and agent days ({@link DerivedRows}) go with them, and the v10 back-fill derives them from
 * the stored rollups. The totals of a fresh aggregation are the sums of its rollups, kept in memory (one per measure
 * scope and day, not per agent). Reads every interval row once, in rollup key order (SQLite sorts them), with {@link
 * DailyRollup} doing what ingest does. Never commits: the caller's transaction holds it all.
 * Stateless.
 */
final class RollupAudit {
    /** Interval rows in rollup key order; the day follows from the start. */
    static final String MINUTE_ROWS_SQL = "SELECT agent_id, measure_id, scope, interval_start_epoch_millis, events,"
            + " within_trt, timed_out, failed, histogram, histogram_unit, boot_epoch, sequence FROM interval_report"
            + " ORDER BY agent_id, measure_id, scope, interval_start_epoch_millis";
    static final String STORED_SQL = "SELECT " + DailyRollup.COLUMNS + " FROM daily_rollup"
            + " ORDER BY agent_id, measure_id, scope, day_start_epoch_millis";
    static final String STORED_TOTALS_SQL = "SELECT " + DailyTotal.COLUMNS + " FROM daily_total"
            + " ORDER BY measure_id, scope, day_start_epoch_millis";
    private static final Logger LOG = LoggerFactory.getLogger(RollupAudit.class);
    private static final int BATCH_ROWS = 500;

    private RollupAudit() {
    }

    /**
     * Replaces every rollup, total, first data and agent day with a fresh aggregation of the minute rows (and the
     * device records' starts); returns the rollup rows written.
     */
    static long rewrite(Connection connection) throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM daily_rollup");
        }
        Map<DailyTotal.Key, DailyTotal> totals = new TreeMap<>(DailyTotal.Key.ORDER);
        long written = 0;
        try (Fresh fresh = new Fresh(connection);
                DerivedRows derived = DerivedRows.writing(connection);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO daily_rollup ("
                        + DailyRollup.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DailyRollup rollup = fresh.next(); rollup != null; rollup = fresh.next()) {
                rollup.bind(insert);
                insert.addBatch();
                if (++written % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
                addToTotal(totals, rollup);
                derived.addRollup(rollup.key.agentId(), rollup.key.measureId(), rollup.key.dayStartEpochMillis(),
                        rollup.minutes);
            }
            insert.executeBatch();
            derived.finish(connection);
        }
        writeTotals(connection, totals);
        return written;
    }

    /**
     * Replaces every total with the sums of the stored rollups (the v9 back-fill); returns the total rows written. A
     * damaged rollup cannot be summed: then the rollups themselves are re-derived from the minute rows with the totals
     * ({@link #rewrite}), so a damaged file still opens.
     */
    static long rewriteTotalsFromRollups(Connection connection) throws SQLException {
        Map<DailyTotal.Key, DailyTotal> totals = new TreeMap<>(DailyTotal.Key.ORDER);
        try (PreparedStatement query = connection.prepareStatement(STORED_SQL);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                DailyRollup rollup = new DailyRollup(DailyRollup.readKey(rs));
                rollup.addStored(rs, 5);
                addToTotal(totals, rollup);
            }
        } catch (StoreException e) {
            LOG.warn("Daily totals not summed from the rollups ({}): re-deriving rollups and totals from the minute"
                    + " rows", e.getMessage());
            rewrite(connection);
            return countTotals(connection);
        }
        return writeTotals(connection, totals);
    }

    /**
     * Replaces first_data and agent_day with what the stored rollups and device records give (the v10 back-fill);
     * returns the rows written. Damaged rollup minutes cannot be read: then everything is re-derived from the minute
     * rows ({@link #rewrite}), so a damaged file still opens.
     */
    static long rewriteDerivedFromRollups(Connection connection) throws SQLException {
        try (DerivedRows derived = DerivedRows.writing(connection)) {
            derived.addStoredRollups(connection);
            return derived.finish(connection);
        } catch (StoreException e) {
            LOG.warn("First data and agent days not derived from the rollups ({}): re-deriving rollups, totals and"
                    + " both from the minute rows", e.getMessage());
            return rewrite(connection);
        }
    }

    private static void addToTotal(Map<DailyTotal.Key, DailyTotal> totals, DailyRollup rollup) {
        totals.computeIfAbsent(DailyTotal.Key.of(rollup.key), DailyTotal::new).addRollup(rollup);
    }

    /** Replaces every stored total with these. */
    static long writeTotals(Connection connection, Map<DailyTotal.Key, DailyTotal> totals)
            throws SQLException {
        try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM daily_total");
        }
        long written = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO daily_total (" + DailyTotal.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DailyTotal total : totals.values()) {
                total.bind(insert);
                insert.addBatch();
                if (++written % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return written;
    }

    private static long countTotals(Connection connection) throws SQLException {
        try (Statement count = connection.createStatement();
                ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM daily_total")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Compares the stored rollups, totals, first data and agent days with a fresh aggregation, naming at most
     * {@code maxNamed} differing rows (rollups first, in that order).
     */
    static RollupCheck check(Connection connection, int maxNamed) throws SQLException {
        long storedRows = 0;
        long freshRows = 0;
        long differing = 0;
        List<String> named = new ArrayList<>();
        Map<DailyTotal.Key, DailyTotal> totals = new TreeMap<>(DailyTotal.Key.ORDER);
        List<String> derivedNamed = new ArrayList<>();
        try (Fresh fresh = new Fresh(connection);
                DerivedRows derived = DerivedRows.checking(connection, maxNamed, derivedNamed);
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
                    addToTotal(totals, expected);
                    derived.addRollup(expected.key.agentId(), expected.key.measureId(),
                            expected.key.dayStartEpochMillis(), expected.minutes);
                    expected = fresh.next();
                }
                if (order >= 0) {
                    storedRows++;
                    hasStored = stored.next();
                }
            }
            long[] totalRows = checkTotals(connection, totals, maxNamed, named);
            long derivedDiffering = derived.finish(connection);
            derivedNamed.stream().limit(Math.max(0, maxNamed - named.size())).forEach(named::add);
            return new RollupCheck(fresh.minuteRows, storedRows, freshRows, totalRows[0], totals.size(),
                    differing + totalRows[1] + derivedDiffering, named);
        }
    }

    /** Compares the stored totals with the fresh ones; returns {stored rows, differing rows}, naming into named. */
    private static long[] checkTotals(Connection connection, Map<DailyTotal.Key, DailyTotal> fresh, int maxNamed,
            List<String> named) throws SQLException {
        long storedRows = 0;
        long differing = 0;
        Iterator<DailyTotal> freshTotals = fresh.values().iterator();
        try (PreparedStatement query = connection.prepareStatement(STORED_TOTALS_SQL);
                ResultSet stored = query.executeQuery()) {
            DailyTotal expected = freshTotals.hasNext() ? freshTotals.next() : null;
            boolean hasStored = stored.next();
            while (expected != null || hasStored) {
                DailyTotal.Key storedKey = hasStored ? DailyTotal.readKey(stored) : null;
                int order = expected == null ? 1 : storedKey == null ? -1
                        : DailyTotal.Key.ORDER.compare(expected.key, storedKey);
                String difference;
                if (order < 0) {
                    difference = "daily total " + expected.key + " missing (fresh: " + expected.intervals
                            + " intervals, " + expected.events + " events)";
                } else if (order > 0) {
                    difference = "daily total " + storedKey + " has no minute rows (stored: " + stored.getLong(4)
                            + " intervals, " + stored.getLong(5) + " events)";
                } else {
                    String columns = expected.differences(stored);
                    difference = columns.isEmpty() ? null : "daily total " + storedKey + " differs: " + columns;
                }
                if (difference != null) {
                    differing++;
                    if (named.size() < maxNamed) {
                        named.add(difference);
                    }
                }
                if (order <= 0) {
                    expected = freshTotals.hasNext() ? freshTotals.next() : null;
                }
                if (order >= 0) {
                    storedRows++;
                    hasStored = stored.next();
                }
            }
        }
        return new long[] {storedRows, differing};
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
            // PostgreSQL streams the rows through a cursor instead of reading them all first (SQLite ignores it)
            query.setFetchSize(10_000);
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
