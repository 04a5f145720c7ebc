package io.pmr.collector.store;

import io.pmr.collector.data.SourceDeclaration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agents' declarations and watermarks, read once while the file is unchanged rather than once per period range a
 * report asks ({@link SqliteEnvelopeReads#periodData}) and once per month computed (the publisher computes up to twelve
 * for the credit history): a 1,000-agent store has 53,000 of each, and a report asked for them about fifty times.
 * Valid while neither this store wrote an envelope ({@link #invalidate}, called by {@link SqliteStore} before any
 * write) nor another connection committed ({@code PRAGMA data_version} changed): a stale copy is never served, an
 * unchanged one is never re-read. The values handed out are immutable, so callers may keep them. Not thread-safe:
 * used inside {@link SqliteStore}'s lock, within its transactions.
 */
final class SourceCache {
    /** Declarations and watermarks as {@link io.pmr.collector.data.PeriodData} carries them (immutable). */
    record Sources(Map<String, Set<String>> declaredBy, Map<String, Map<String, Long>> watermarks) {
    }

    private final Connection connection;
    private long dataVersion = Long.MIN_VALUE;
    private Sources sources;
    private List<SourceDeclaration> declarations;

    SourceCache(Connection connection) {
        this.connection = connection;
    }

    /** Forgets what was read: this store is about to write (its own commits do not change data_version). */
    void invalidate() {
        sources = null;
        declarations = null;
    }

    /** Measure id to its declaring agents, and measure id to agent id to highest watermark. */
    Sources sources() throws SQLException {
        revalidate();
        if (sources == null) {
            sources = read();
        }
        return sources;
    }

    /** {@link SqliteSources#declarations}, read once while the file is unchanged. */
    List<SourceDeclaration> declarations(SqliteSources reader) throws SQLException {
        revalidate();
        if (declarations == null) {
            declarations = List.copyOf(reader.declarations());
        }
        return declarations;
    }

    private void revalidate() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA data_version")) {
            long version = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            if (version != dataVersion) {
                invalidate();
                dataVersion = version;
            }
        }
    }

    private Sources read() throws SQLException {
        Map<String, TreeSet<String>> declaredBy = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT measure_id, agent_id FROM declared_measure");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                declaredBy.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        Map<String, TreeMap<String, Long>> watermarks = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT measure_id, agent_id, final_through_epoch_millis FROM watermark");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                watermarks.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        Map<String, Set<String>> declared = new HashMap<>();
        declaredBy.forEach((measure, agents) -> declared.put(measure, Collections.unmodifiableSet(agents)));
        Map<String, Map<String, Long>> marks = new HashMap<>();
        watermarks.forEach((measure, agents) -> marks.put(measure, Collections.unmodifiableMap(agents)));
        return new Sources(Map.copyOf(declared), Map.copyOf(marks));
    }
}
