package io.pmr.collector.store;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Adds an envelope's stored intervals to their daily rollups and to the all-agent daily totals ({@link DailyTotal}),
 * in the transaction that stores them (so a rollup or total never
 * holds an interval the minute rows lack, nor misses one). Only intervals actually inserted are added: an envelope
 * whose key was stored before (a duplicate, or a conflict) adds no interval row and so nothing here, and a replayed
 * interval ({@link SqliteReplays}) is not a row either. Each touched rollup and total is read once per envelope,
 * merged and written back; an interval's histogram is decoded once for both. Not thread-safe: used by
 * {@link SqliteEnvelopeWriter} inside {@link SqliteStore}'s lock.
 */
final class SqliteRollups implements AutoCloseable {
    private final PreparedStatement select;
    private final PreparedStatement upsert;
    private final PreparedStatement selectTotal;
    private final PreparedStatement upsertTotal;
    private final Map<DailyRollup.Key, DailyRollup> touched = new LinkedHashMap<>();
    /** What this envelope adds to each total (the stored total is read and added at flush). */
    private final Map<DailyTotal.Key, DailyTotal> totals = new LinkedHashMap<>();
    private final Histogram scratch = LatencyNanos.autoResizing();
    private final DayStarts days = new DayStarts();

    SqliteRollups(Connection connection) throws SQLException {
        select = connection.prepareStatement("SELECT " + DailyRollup.COLUMNS + " FROM daily_rollup WHERE agent_id = ?"
                + " AND measure_id = ? AND scope = ? AND day_start_epoch_millis = ?");
        upsert = connection.prepareStatement("INSERT OR REPLACE INTO daily_rollup (" + DailyRollup.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        selectTotal = connection.prepareStatement("SELECT " + DailyTotal.COLUMNS + " FROM daily_total"
                + " WHERE measure_id = ? AND day_start_epoch_millis = ? AND scope = ?");
        upsertTotal = connection.prepareStatement("INSERT OR REPLACE INTO daily_total (" + DailyTotal.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Starts an envelope: forgets what a failed earlier envelope may have left. */
    void begin() {
        touched.clear();
        totals.clear();
    }

    /** Adds one interval row just inserted for this envelope. */
    void add(Envelope envelope, IntervalReport report) throws SQLException {
        DailyRollup.Key key = new DailyRollup.Key(envelope.getAgentId(), report.getMeasureId(), report.getScope(),
                days.of(report.getIntervalStartEpochMillis()));
        DailyRollup rollup = touched.get(key);
        if (rollup == null) {
            rollup = load(key);
            touched.put(key, rollup);
        }
        byte[] histogram = report.getHistogram().isEmpty() ? null : report.getHistogram().toByteArray();
        SparseBuckets nanos = rollup.addInterval(report.getIntervalStartEpochMillis(), report.getEvents(),
                report.getWithinTrt(),
                report.getTimedOut(), report.getFailed(), histogram, report.getHistogramUnitValue(), scratch,
                envelope.getAgentId() + "/" + Long.toUnsignedString(envelope.getBootEpoch()) + "/"
                        + Long.toUnsignedString(envelope.getSequence()));
        totals.computeIfAbsent(DailyTotal.Key.of(key), DailyTotal::new).addInterval(report.getEvents(),
                report.getWithinTrt(), report.getTimedOut(), report.getFailed(), nanos);
    }

    /** Writes the envelope's touched rollups and totals. */
    void flush() throws SQLException {
        try {
            for (DailyRollup rollup : touched.values()) {
                rollup.bind(upsert);
                upsert.addBatch();
            }
            if (!touched.isEmpty()) {
                upsert.executeBatch();
            }
            for (DailyTotal added : totals.values()) {
                DailyTotal total = loadTotal(added.key);
                total.addTotal(added);
                total.bind(upsertTotal);
                upsertTotal.addBatch();
            }
            if (!totals.isEmpty()) {
                upsertTotal.executeBatch();
            }
        } finally {
            touched.clear();
            totals.clear();
        }
    }

    private DailyTotal loadTotal(DailyTotal.Key key) throws SQLException {
        DailyTotal total = new DailyTotal(key);
        selectTotal.setString(1, key.measureId());
        selectTotal.setLong(2, key.dayStartEpochMillis());
        selectTotal.setString(3, key.scope());
        try (ResultSet rs = selectTotal.executeQuery()) {
            if (rs.next()) {
                total.addStored(rs, 4);
            }
        }
        return total;
    }

    private DailyRollup load(DailyRollup.Key key) throws SQLException {
        DailyRollup rollup = new DailyRollup(key);
        select.setString(1, key.agentId());
        select.setString(2, key.measureId());
        select.setString(3, key.scope());
        select.setLong(4, key.dayStartEpochMillis());
        try (ResultSet rs = select.executeQuery()) {
            if (rs.next()) {
                rollup.addStored(rs, 5);
            }
        }
        return rollup;
    }

    @Override
    public void close() throws SQLException {
        select.close();
        upsert.close();
        selectTotal.close();
        upsertTotal.close();
    }
}
