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
 * The agents' declarations and watermarks, read once while they are unchanged rather than once per period range a
 * report asks ({@link SqliteEnvelopeReads#periodData}) and once per month computed (the publisher computes up to twelve
 * for the credit history): a 1,000-agent store has 53,000 of each, and a report asked for them about fifty times.
 *
 * <p>Valid while the {@code source_generation} row reads what it read when the copy was made: every transaction that
 * may change {@code declared_measure}, {@code watermark} or {@code first_data} raises it ({@link #bump}: a write batch
 * that stored an envelope, {@link DerivedRows#writing}), in that same transaction, so in any snapshot an unchanged
 * generation means unchanged rows. One mechanism on both engines, and it holds whichever connection, process or
 * collector committed (several collectors sharing a PostgreSQL database): the generation is read with one primary-key
 * lookup in the reading transaction's own snapshot before the copy is served, so a stale copy is never served and an
 * unchanged one is never re-read. This store also forgets its copy before it writes ({@link #invalidate}). The values
 * handed out are immutable, so callers may keep them. Not thread-safe: used inside {@link SqliteStore}'s lock, within
 * its transactions.
 */
final class SourceCache {
    /** Declarations and watermarks as {@link io.pmr.collector.data.PeriodData} carries them (immutable). */
    record Sources(Map<String, Set<String>> declaredBy, Map<String, Map<String, Long>> watermarks) {
    }

    /** The generation row (one primary-key lookup). */
    static final String GENERATION_SQL = "SELECT generation FROM source_generation WHERE id = 1";
    private static final String BUMP_SQL = "UPDATE source_generation SET generation = generation + 1 WHERE id = 1";

    private final Connection connection;
    private long generation = Long.MIN_VALUE;
    private Sources sources;
    private List<SourceDeclaration> declarations;

    SourceCache(Connection connection) {
        this.connection = connection;
    }

    /**
     * Raises the generation in the caller's open transaction, which may change declarations, watermarks or first data:
     * every store's cached copy is re-read once it commits. Never commits. On PostgreSQL the row lock makes concurrent
     * raisers take turns (write batches already do, {@link Dialect#beginWrite}).
     */
    static void bump(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.executeUpdate(BUMP_SQL) != 1) {
                throw new StoreException("the store's source_generation row is missing: the schema is damaged");
            }
        }
    }

    /** Forgets what was read: this store is about to write. */
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

    /** Drops the copy unless the generation in this transaction's snapshot is the one it was read at. */
    private void revalidate() throws SQLException {
        long current;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(GENERATION_SQL)) {
            if (!rs.next()) {
                throw new StoreException("the store's source_generation row is missing: the schema is damaged");
            }
            current = rs.getLong(1);
        }
        if (current != generation) {
            invalidate();
            generation = current;
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
