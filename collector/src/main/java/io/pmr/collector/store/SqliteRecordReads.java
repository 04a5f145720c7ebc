package io.pmr.collector.store;

import io.pmr.collector.data.AgentDownWindow;
import io.pmr.collector.data.DeviceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The measure engine's row-level reads of one measure, straight from the rows ingest stored (no rollup holds them):
 * per-device records, the earliest stored copy of each (measure, device, message id), and agents' down windows. Times
 * are epoch milliseconds; a range {@code [from, to)} holds the records starting in it and the windows overlapping it.
 * Not thread-safe and never commits: used inside {@link SqliteStore}'s lock.
 */
final class SqliteRecordReads {
    /**
     * One row per (measure, device, message id): the earliest stored (lowest rowid) of the key, wherever its start
     * lies, kept when that start is in the range. Searches the event_record_start and event_record_key indexes.
     * Package-private for the query-plan test.
     */
    static final String DEVICE_RECORDS_SQL = "SELECT e.device_id, e.message_id, e.start_epoch_millis,"
            + " e.end_epoch_millis, e.outcome, e.outage_id, e.agent_id, e.payload_id FROM event_record e"
            + " WHERE e.measure_id = ? AND e.start_epoch_millis >= ? AND e.start_epoch_millis < ?"
            + " AND e.rowid = (SELECT MIN(f.rowid) FROM event_record f WHERE f.measure_id = e.measure_id"
            + " AND f.device_id = e.device_id AND f.message_id = e.message_id)"
            + " ORDER BY e.start_epoch_millis, e.device_id, e.message_id";
    /**
     * As {@link #DEVICE_RECORDS_SQL}, for the rows of every payload or outage group with a row starting in the range
     * (wherever the group's other rows start) and the ungrouped rows starting in the range. A row's group is its
     * payload id when it has one, else its outage id. Parameters ?1 measure, ?2 from, ?3 to.
     */
    static final String DEVICE_RECORD_GROUPS_SQL = deviceRecordGroupsSql(Dialect.SQLITE);

    /** {@link #DEVICE_RECORD_GROUPS_SQL} in an engine's form (the no-index hint differs). */
    static String deviceRecordGroupsSql(Dialect dialect) {
        return "WITH picked(rid) AS ("
            + " SELECT rowid FROM event_record WHERE measure_id = ?1 AND start_epoch_millis >= ?2"
            + " AND start_epoch_millis < ?3 AND payload_id = '' AND outage_id = ''"
            + " UNION SELECT g.rowid FROM event_record g WHERE g.measure_id = ?1 AND g.payload_id IN"
            + " (SELECT p.payload_id FROM event_record p WHERE p.measure_id = ?1"
            + " AND p.start_epoch_millis >= ?2 AND p.start_epoch_millis < ?3 AND p.payload_id <> '')"
            // unary + keeps the planner on the outage index (payload_id = '' holds for most rows)
            + " UNION SELECT g.rowid FROM event_record g WHERE g.measure_id = ?1 AND " + dialect.noIndex("g.payload_id")
            + " = ''"
            + " AND g.outage_id IN (SELECT o.outage_id FROM event_record o WHERE o.measure_id = ?1"
            + " AND o.start_epoch_millis >= ?2 AND o.start_epoch_millis < ?3 AND o.payload_id = ''"
            + " AND o.outage_id <> ''))"
            + " SELECT e.device_id, e.message_id, e.start_epoch_millis, e.end_epoch_millis, e.outcome, e.outage_id,"
            + " e.agent_id, e.payload_id FROM event_record e JOIN picked ON e.rowid = picked.rid"
            + " WHERE e.rowid = (SELECT MIN(f.rowid) FROM event_record f WHERE f.measure_id = e.measure_id"
            + " AND f.device_id = e.device_id AND f.message_id = e.message_id)"
            + " ORDER BY e.start_epoch_millis, e.device_id, e.message_id";
    }
    /** The wire schema's EventRecord has no scope: device records carry this one. */
    static final String NO_SCOPE = "";
    /** Windows of a measure overlapping the range; searches the down_window_start index. */
    static final String DOWN_WINDOWS_SQL = "SELECT agent_id, start_epoch_millis, end_epoch_millis FROM down_window"
            + " WHERE measure_id = ? AND start_epoch_millis < ? AND end_epoch_millis > ?"
            + " ORDER BY start_epoch_millis, end_epoch_millis, agent_id";

    private final Connection connection;
    /** {@link #deviceRecordGroupsSql} with plain parameters, for this engine. */
    private final NumberedParameters deviceRecordGroups;

    SqliteRecordReads(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.deviceRecordGroups = NumberedParameters.of(deviceRecordGroupsSql(dialect));
    }

    List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(DEVICE_RECORDS_SQL)) {
            query.setString(1, measureId);
            query.setLong(2, fromEpochMillis);
            query.setLong(3, toEpochMillis);
            return read(query, measureId);
        }
    }

    List<DeviceRecord> deviceRecordGroups(String measureId, long fromEpochMillis, long toEpochMillis)
            throws SQLException {
        try (PreparedStatement query = deviceRecordGroups.prepare(connection, measureId, fromEpochMillis,
                toEpochMillis)) {
            return read(query, measureId);
        }
    }

    private static List<DeviceRecord> read(PreparedStatement query, String measureId) throws SQLException {
        List<DeviceRecord> records = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                records.add(new DeviceRecord(measureId, rs.getString(1), rs.getString(2), NO_SCOPE, rs.getLong(3),
                        rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return records;
    }

    List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) throws SQLException {
        List<AgentDownWindow> windows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(DOWN_WINDOWS_SQL)) {
            query.setString(1, measureId);
            query.setLong(2, toEpochMillis);
            query.setLong(3, fromEpochMillis);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    windows.add(new AgentDownWindow(measureId, rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return windows;
    }
}
