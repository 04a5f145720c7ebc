package io.pmr.collector.http;

import io.pmr.collector.data.ReportPeriod;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * The API's own read-only connection to the collector's SQLite file (WAL lets it read while the ingest writes, without
 * taking the store's lock). Each method reads one consistent snapshot (one read transaction). Thread-safe: calls are
 * serialised on this object; they run on worker threads, never on the event loop.
 */
final class StoreReader implements AutoCloseable {

    private final Path file;
    private final Connection connection;

    StoreReader(Path file) {
        this.file = file;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            this.connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + " for reading: " + e.getMessage(), e);
        }
    }

    /** An agent's latest status and when the collector last stored an envelope of it. */
    record AgentRow(String agentId, long bootEpoch, String state, String softwareVersion, String region,
            List<String> measures, long lastHeardEpochMillis) {
    }

    /**
     * The months (Europe/London) in which interval reports, device records or down windows start, plus the periods of
     * recorded report versions. Walks month by month with {@code MIN(start) WHERE start >= ?}: a seek per month on the
     * interval index, not a read of every row.
     */
    synchronized Set<YearMonth> periodsWithData() {
        Set<YearMonth> periods = new TreeSet<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("interval_report:interval_start_epoch_millis",
                    "event_record:start_epoch_millis", "down_window:start_epoch_millis")) {
                String[] parts = table.split(":");
                try (PreparedStatement next = connection.prepareStatement("SELECT MIN(" + parts[1] + ") FROM "
                        + parts[0] + " WHERE " + parts[1] + " >= ?")) {
                    long cursor = Long.MIN_VALUE;
                    while (true) {
                        next.setLong(1, cursor);
                        try (ResultSet rs = next.executeQuery()) {
                            if (!rs.next() || rs.getObject(1) == null) {
                                break;
                            }
                            YearMonth month = month(rs.getLong(1));
                            periods.add(month);
                            cursor = ReportPeriod.of(month).endEpochMillis();
                        }
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT DISTINCT period FROM report_version")) {
                while (rs.next()) {
                    periods.add(YearMonth.parse(rs.getString(1)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw failed("reading periods", e);
        }
        return periods;
    }

    /** Every agent that sent a status, with its latest status (highest boot epoch, then sequence). */
    synchronized List<AgentRow> agents() {
        List<AgentRow> agents = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                PreparedStatement declared = connection.prepareStatement("SELECT measure_id FROM declared_measure"
                        + " WHERE agent_id = ? AND boot_epoch = ? AND sequence = ? ORDER BY measure_id");
                PreparedStatement heard = connection.prepareStatement(
                        "SELECT MAX(received_epoch_millis) FROM envelope WHERE agent_id = ?");
                ResultSet rs = statement.executeQuery("SELECT s.agent_id, s.boot_epoch, s.sequence, s.state,"
                        + " s.software_version, s.region FROM agent_status s WHERE NOT EXISTS (SELECT 1 FROM"
                        + " agent_status t WHERE t.agent_id = s.agent_id AND (t.boot_epoch > s.boot_epoch OR"
                        + " (t.boot_epoch = s.boot_epoch AND t.sequence > s.sequence))) ORDER BY s.agent_id")) {
            while (rs.next()) {
                String agentId = rs.getString(1);
                List<String> measures = new ArrayList<>();
                declared.setString(1, agentId);
                declared.setLong(2, rs.getLong(2));
                declared.setLong(3, rs.getLong(3));
                try (ResultSet m = declared.executeQuery()) {
                    while (m.next()) {
                        measures.add(m.getString(1));
                    }
                }
                heard.setString(1, agentId);
                long lastHeard;
                try (ResultSet h = heard.executeQuery()) {
                    lastHeard = h.next() ? h.getLong(1) : 0;
                }
                agents.add(new AgentRow(agentId, rs.getLong(2), rs.getString(4), rs.getString(5), rs.getString(6),
                        List.copyOf(measures), lastHeard));
            }
            connection.commit();
            return agents;
        } catch (SQLException e) {
            throw failed("reading agents", e);
        }
    }

    private static YearMonth month(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(ReportPeriod.LONDON));
    }

    private IllegalStateException failed(String what, SQLException e) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the read failed already; the next read starts a new transaction anyway
        }
        return new IllegalStateException(what + " from " + file + " failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a read-only connection loses nothing
        }
    }
}
