package io.pmr.launcher;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw side of {@code pmr bench store} ({@link BenchStoreCommand}): plain prepared, batched JDBC inserts of the
 * envelope and interval_report rows on a connection opened as the store opens its own ({@link RawRows#open}: no
 * generated keys, WAL, {@code synchronous=FULL}, the same page cache), one transaction per batch, every value
 * ({@link Row}) computed before the clock; per batch it upserts the daily_rollup rows the batch touches with the
 * values a reference run of the store gave. One thread; not thread-safe.
 */
final class BenchRawInserts implements AutoCloseable {
    static final String ROLLUP_COLUMNS = "agent_id, measure_id, scope, day_start_epoch_millis, intervals,"
            + " events, within_trt, timed_out, failed, minutes, histogram";
    static final int ROLLUP_COLUMN_COUNT = 11;

    /** One envelope's rows as raw JDBC inserts them: every value ready. */
    record Row(Envelope envelope, byte[] sha256, List<byte[]> histograms, long[] dayStarts) {
    }

    private final Connection connection;
    private final PreparedStatement insertKey;
    private final PreparedStatement insertInterval;
    private final PreparedStatement upsertRollup;
    private final Map<String, Object[]> rollups;

    /**
     * @param file    a file holding the store's schema
     * @param rollups the daily_rollup rows to upsert, by {@link #rollupKey}
     */
    BenchRawInserts(Path file, Map<String, Object[]> rollups) throws SQLException {
        this.rollups = rollups;
        connection = RawRows.open(file);
        insertKey = connection.prepareStatement(RawRows.INSERT_KEY_SQL);
        insertInterval = connection.prepareStatement(RawRows.INSERT_INTERVAL_SQL);
        upsertRollup = connection.prepareStatement("INSERT OR REPLACE INTO daily_rollup (" + ROLLUP_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    static String rollupKey(String agentId, String measureId, String scope, long dayStartEpochMillis) {
        return agentId + '\0' + measureId + '\0' + scope + '\0' + dayStartEpochMillis;
    }

    /** Every value the raw side writes, computed from the messages (before any clock starts). */
    static List<Row> rows(List<BenchEnvelopes.Message> messages) throws Exception {
        List<Row> rows = new ArrayList<>(messages.size());
        for (BenchEnvelopes.Message message : messages) {
            Envelope envelope = Envelope.parseFrom(message.payload());
            List<byte[]> histograms = new ArrayList<>();
            List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
            long[] dayStarts = new long[reports.size()];
            for (int i = 0; i < reports.size(); i++) {
                histograms.add(reports.get(i).getHistogram().toByteArray());
                dayStarts[i] = UkCalendar.dayStartEpochMillis(
                        UkCalendar.dayOf(reports.get(i).getIntervalStartEpochMillis()));
            }
            rows.add(new Row(envelope, sha256(message.payload()), histograms, dayStarts));
        }
        return rows;
    }

    private static byte[] sha256(byte[] payload) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(payload);
    }

    /** Inserts {@code rows}, {@code batch} envelopes a transaction. */
    void write(List<Row> rows, int batch) throws SQLException {
        for (int from = 0; from < rows.size(); from += batch) {
            Set<String> touched = new LinkedHashSet<>();
            for (Row row : rows.subList(from, Math.min(rows.size(), from + batch))) {
                Envelope envelope = row.envelope();
                RawRows.bindKey(insertKey, envelope, 0L, row.sha256());
                insertKey.executeUpdate();
                List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
                for (int i = 0; i < reports.size(); i++) {
                    IntervalReport report = reports.get(i);
                    RawRows.addRow(insertInterval, envelope, i, report, row.histograms().get(i));
                    touched.add(rollupKey(envelope.getAgentId(), report.getMeasureId(), report.getScope(),
                            row.dayStarts()[i]));
                }
                insertInterval.executeBatch();
            }
            for (String key : touched) {
                Object[] values = rollups.get(key);
                if (values == null) {
                    throw new IllegalStateException("the reference store has no rollup " + key);
                }
                for (int i = 0; i < values.length; i++) {
                    upsertRollup.setObject(i + 1, values[i]);
                }
                upsertRollup.addBatch();
            }
            upsertRollup.executeBatch();
            connection.commit();
        }
    }

    @Override
    public void close() throws SQLException {
        insertKey.close();
        insertInterval.close();
        upsertRollup.close();
        connection.close();
    }
}
