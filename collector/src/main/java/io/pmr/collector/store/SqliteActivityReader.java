package io.pmr.collector.store;

import io.pmr.collector.data.ActivityData;
import io.pmr.collector.data.AgentSummary;
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
 * {@link ActivityData} on its own read-only connection to the collector's SQLite file (WAL lets it read while the
 * ingest writes, without taking the store's lock). Each method reads one consistent snapshot (one read transaction).
 * Thread-safe: calls are serialised on this object; the HTTP API makes them on worker threads, never on the event loop.
 */
public final class SqliteActivityReader implements ActivityData {

    /** The store's name in errors: the file, or the PostgreSQL database without its password. */
    private final String file;
    private final Connection connection;

    private SqliteActivityReader(StoreLocation location) {
        this.file = location.display();
        try {
            if (location instanceof StoreLocation.Postgres postgres) {
                this.connection = PostgresConnections.openReadOnly(postgres);
            } else {
                Path path = ((StoreLocation.SqliteFile) location).file();
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                config.setBusyTimeout(10_000);
                this.connection = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + " for reading: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a read-only connection to an existing store (a SQLite file or a PostgreSQL database).
     *
     * @throws IllegalStateException if the store cannot be opened for reading
     */
    public static SqliteActivityReader open(StoreLocation location) {
        return new SqliteActivityReader(location);
    }

    /**
     * Opens a read-only connection to an existing database file.
     *
     * @throws IllegalStateException if the file cannot be opened for reading
     */
    public static SqliteActivityReader open(Path file) {
        return new SqliteActivityReader(new StoreLocation.SqliteFile(file));
    }

    /**
     * The earliest minute row starting at or after a time (parameter), or NULL: the lowest of each measure's first by
     * one covering seek of interval_report_measure, the measures found by a skip-scan of it ({@link IntervalMeasures};
     * schema 12 has no index led by the start). Package-private for the query-plan test.
     */
    static final String FIRST_INTERVAL_SQL = firstStartSql("interval_report", "interval_start_epoch_millis");
    /** The earliest device record starting at or after a time, or NULL, by seeks of event_record_start. */
    static final String FIRST_EVENT_SQL = firstStartSql("event_record", "start_epoch_millis");
    /** The earliest down window starting at or after a time, or NULL, by seeks of down_window_start. */
    static final String FIRST_DOWN_WINDOW_SQL = firstStartSql("down_window", "start_epoch_millis");

    /**
     * {@code MIN(start) WHERE start >= ?} over a table whose only index with the start is led by measure_id: the
     * lowest of each measure's first start, one seek per measure (a plain {@code MIN ... WHERE start >= ?} would walk
     * the whole index, once per month of {@link #periodsWithData}).
     */
    private static String firstStartSql(String table, String startColumn) {
        String measures = IntervalMeasures.NAME;
        return IntervalMeasures.withMeasuresOf(table) + " SELECT MIN(first_start) FROM (SELECT (SELECT MIN(t."
                + startColumn + ") FROM " + table + " t WHERE t.measure_id = " + measures + ".id AND t." + startColumn
                + " >= ?) AS first_start FROM " + measures + " WHERE " + measures + ".id IS NOT NULL) firsts";
    }

    /**
     * {@inheritDoc} Walks month by month with the earliest start at or after the month's: for minute rows, device
     * records and down windows alike a seek per measure and month ({@link #firstStartSql}); never a read of every row.
     */
    @Override
    public synchronized Set<YearMonth> periodsWithData() {
        Set<YearMonth> periods = new TreeSet<>();
        try (Statement statement = connection.createStatement()) {
            for (String sql : List.of(FIRST_INTERVAL_SQL, FIRST_EVENT_SQL, FIRST_DOWN_WINDOW_SQL)) {
                try (PreparedStatement next = connection.prepareStatement(sql)) {
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
                    periods.add(recordedPeriod(rs.getString(1)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw failed("reading periods", e);
        }
        return periods;
    }

    @Override
    public synchronized List<AgentSummary> agents() {
        List<AgentSummary> agents = new ArrayList<>();
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
                agents.add(new AgentSummary(agentId, rs.getLong(2), rs.getString(4), rs.getString(5), rs.getString(6),
                        List.copyOf(measures), lastHeard));
            }
            connection.commit();
            return agents;
        } catch (SQLException e) {
            throw failed("reading agents", e);
        }
    }

    /**
     * The month a report version was recorded under: the inverse of {@link YearMonth#toString()}, which writes a year
     * beyond 9999 without the sign {@link YearMonth#parse} needs (an older pmr recorded {@code 10000-01} from a
     * mistyped {@code --period}; read strictly, it made every period route and /metrics fail).
     */
    static YearMonth recordedPeriod(String text) {
        int dash = text.lastIndexOf('-');
        return YearMonth.of(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
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
