package io.pmr.collector.store;

import io.pmr.collector.data.SourceDeclaration;
import io.pmr.collector.data.SourceExpectation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The source_expectation log and the declarations (declared_measure joined with the status envelope's time). Not
 * thread-safe and never commits: used inside {@link SqliteStore}'s lock.
 */
final class SqliteSources {
    private final Connection connection;

    SqliteSources(Connection connection) {
        this.connection = connection;
    }

    List<SourceExpectation> record(List<String> agentIds, List<String> measureIds, SourceExpectation.Action action,
            long recordedAtEpochMillis) throws SQLException {
        List<String> measures = measureIds.isEmpty() ? List.of(SourceExpectation.EVERY_MEASURE) : measureIds;
        List<SourceExpectation> recorded = new ArrayList<>();
        // RETURNING, not JDBC's generated keys: the SQLite connection has them off (see SqliteConnections.open)
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO source_expectation (agent_id,"
                + " measure_id, action, recorded_epoch_millis) VALUES (?, ?, ?, ?) RETURNING id")) {
            for (String agent : agentIds) {
                for (String measure : measures) {
                    insert.setString(1, agent);
                    insert.setString(2, measure);
                    insert.setString(3, action.code());
                    insert.setLong(4, recordedAtEpochMillis);
                    try (ResultSet keys = insert.executeQuery()) {
                        keys.next();
                        recorded.add(new SourceExpectation(keys.getLong(1), agent, measure, action,
                                recordedAtEpochMillis));
                    }
                }
            }
        }
        return recorded;
    }

    List<SourceExpectation> expectations() throws SQLException {
        List<SourceExpectation> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, agent_id, measure_id, action, recorded_epoch_millis"
                        + " FROM source_expectation ORDER BY id")) {
            while (rs.next()) {
                entries.add(new SourceExpectation(rs.getLong(1), rs.getString(2), rs.getString(3),
                        SourceExpectation.Action.parse(rs.getString(4)), rs.getLong(5)));
            }
        }
        return entries;
    }

    List<SourceDeclaration> declarations() throws SQLException {
        Map<List<Object>, SourceDeclaration> byStatus = new LinkedHashMap<>();
        Map<List<Object>, TreeSet<String>> measures = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT d.agent_id, e.created_epoch_millis, d.boot_epoch,"
                        + " d.sequence, d.measure_id FROM declared_measure d JOIN envelope e ON e.agent_id = d.agent_id"
                        + " AND e.boot_epoch = d.boot_epoch AND e.sequence = d.sequence"
                        + " ORDER BY d.agent_id, e.created_epoch_millis, d.boot_epoch, d.sequence")) {
            while (rs.next()) {
                List<Object> key = List.of(rs.getString(1), rs.getLong(3), rs.getLong(4));
                long at = rs.getLong(2);
                measures.computeIfAbsent(key, k -> new TreeSet<>()).add(rs.getString(5));
                byStatus.putIfAbsent(key, new SourceDeclaration((String) key.get(0), at, (Long) key.get(1),
                        (Long) key.get(2), java.util.Set.of()));
            }
        }
        List<SourceDeclaration> declarations = new ArrayList<>();
        Map<String, Long> first = byStatus.isEmpty() ? Map.of() : firstData();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<List<Object>, SourceDeclaration> entry : byStatus.entrySet()) {
            SourceDeclaration declaration = entry.getValue();
            long at = declaration.declaredAtEpochMillis();
            if (seen.add(declaration.agentId())) {
                // an agent's first declaration counts from the earliest data it sent, when earlier: a tap reading an
                // older log observed from there, whatever its clock said at birth
                at = Math.min(at, firstData(first, declaration.agentId(), measures.get(entry.getKey())));
            }
            declarations.add(new SourceDeclaration(declaration.agentId(), at, declaration.bootEpoch(),
                    declaration.sequence(), measures.get(entry.getKey())));
        }
        return declarations;
    }

    /** Every (agent, measure)'s first data, kept at ingest ({@link SqliteDerivedWriter}). Parameters: none. */
    static final String FIRST_DATA_SQL = "SELECT agent_id, measure_id, first_epoch_millis FROM first_data";

    /**
     * The start of the earliest interval minute or record each agent sent for each measure, keyed by {@link #pair}; a
     * pair with neither is absent. One read of first_data (a row per agent and measure), whatever the data's size.
     */
    private Map<String, Long> firstData() throws SQLException {
        Map<String, Long> first = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(FIRST_DATA_SQL)) {
            while (rs.next()) {
                first.put(pair(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
        }
        return first;
    }

    /** The earliest of the measures' first data (MAX_VALUE if none). */
    private static long firstData(Map<String, Long> first, String agentId, java.util.Set<String> measureIds) {
        long earliest = Long.MAX_VALUE;
        for (String measure : measureIds) {
            earliest = Math.min(earliest, first.getOrDefault(pair(agentId, measure), Long.MAX_VALUE));
        }
        return earliest;
    }

    private static String pair(String agentId, String measureId) {
        return agentId + '\u0000' + measureId;
    }
}
