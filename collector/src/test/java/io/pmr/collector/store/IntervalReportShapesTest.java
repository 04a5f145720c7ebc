package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shapes of {@code interval_report} on SQLite: a new file's table (schema 12) has no primary key and one index,
 * interval_report_measure; a file created at version 11 keeps interval_report_start too, one created at 10 or earlier
 * also its key (agent_id, boot_epoch, sequence, ordinal), for good, since the steps to 11 and 12 only record the
 * version. The same seeded ingest (duplicates, conflicts, a reinstall's replays in one batch and across a reopen, a
 * boot that sent only its status) must store, dedupe, replay and report exactly alike on all, and on PostgreSQL, fresh
 * or migrated half-way through from 10 (the key and the agent index dropped by V11, the start index by V12) or from 11:
 * the outcome of every write, every stored row, the replays and conflicts, the period, daily, histogram and agent-day
 * reads, the months with data, and rebuild-rollups' check; on SQLite also the rows' rowids and the data fingerprint.
 * The replay probes read the envelope key by one search.
 */
class IntervalReportShapesTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long FROM = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 20));
    private static final long TO = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 11, 2));
    /** interval_report as schema 10 created it (SqliteSchema before schema 11), with its start index. */
    private static final String VERSION_10_INTERVAL_REPORT = """
            CREATE TABLE interval_report (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, scope TEXT NOT NULL, interval_start_epoch_millis INTEGER NOT NULL,
              interval_length_millis INTEGER NOT NULL, trt_millis INTEGER NOT NULL, events INTEGER NOT NULL,
              within_trt INTEGER NOT NULL, timed_out INTEGER NOT NULL, failed INTEGER NOT NULL,
              histogram BLOB, histogram_unit INTEGER NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal))""";
    /** interval_report as schema 11 created it: no key, and (with {@link #START_INDEX}) both start indexes. */
    private static final String VERSION_11_INTERVAL_REPORT = VERSION_10_INTERVAL_REPORT.substring(0,
            VERSION_10_INTERVAL_REPORT.indexOf(",\n  PRIMARY KEY")) + ")";
    /** The index led by the start, which schema 12 no longer creates and older files keep. */
    private static final String START_INDEX = "CREATE INDEX interval_report_start"
            + " ON interval_report (interval_start_epoch_millis, measure_id)";

    /** Where the ingest runs; its first half before a reopen, its second after. */
    enum Shape {
        /** A new SQLite file (schema 11: no key). */
        SQLITE_NEW(StoreEngine.SQLITE),
        /** A SQLite file created at version 10 (its interval_report with the key), opened by this build. */
        SQLITE_VERSION_10(StoreEngine.SQLITE),
        /** A SQLite file created at version 11 (no key, interval_report_start kept), opened by this build. */
        SQLITE_VERSION_11(StoreEngine.SQLITE),
        /** A new PostgreSQL database (V11 and V12 applied on creation). */
        POSTGRES_NEW(StoreEngine.POSTGRES),
        /** A PostgreSQL database made a version 10 one (key, index, history) at the reopen: V11 runs on its rows. */
        POSTGRES_VERSION_10(StoreEngine.POSTGRES),
        /** A PostgreSQL database made a version 11 one (the start index, history) at the reopen: V12 runs on its rows. */
        POSTGRES_VERSION_11(StoreEngine.POSTGRES);

        final StoreEngine engine;

        Shape(StoreEngine engine) {
            this.engine = engine;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"SQLITE_VERSION_10", "SQLITE_VERSION_11", "POSTGRES_NEW",
            "POSTGRES_VERSION_10", "POSTGRES_VERSION_11"})
    void theSameIngestStoresDedupesReplaysAndReportsAsANewSqliteFile(Shape shape) throws Exception {
        Result reference = run(Shape.SQLITE_NEW, dir.resolve("new"));
        Result result = run(shape, dir.resolve("shape"));
        assertEquals(reference.outcomes, result.outcomes);
        assertEquals(reference.rows, result.rows);
        assertEquals(reference.replays, result.replays);
        assertEquals(reference.conflicts, result.conflicts);
        assertEquals(reference.reads, result.reads);
        assertTrue(reference.replays.size() >= 4 && reference.conflicts.size() >= 5 && reference.rows.size() > 300,
                reference.replays.size() + " replays, " + reference.conflicts.size() + " conflicts, "
                        + reference.rows.size() + " rows: the scenario must exercise them");
        if (shape.engine == StoreEngine.SQLITE) {
            assertEquals(reference.rowids, result.rowids, "rowids allocated alike with or without the key");
            assertEquals(reference.fingerprint, result.fingerprint);
        }
    }

    @Test
    void olderFilesRecordVersion12AndKeepTheirKeyAndStartIndexAndANewFileHasNeither() throws Exception {
        Path ten = dir.resolve("ten.db");
        createVersion10(ten);
        SqliteStore.open(ten).close();
        Path eleven = dir.resolve("eleven.db");
        createVersion11(eleven);
        SqliteStore.open(eleven).close();
        Path fresh = dir.resolve("fresh.db");
        SqliteStore.open(fresh).close();
        assertEquals(List.of("agent_id", "boot_epoch", "sequence", "ordinal"), keyColumns(ten));
        assertEquals(List.of(), keyColumns(eleven));
        assertEquals(List.of(), keyColumns(fresh));
        assertEquals(List.of("interval_report_measure", "interval_report_start"), indexes(ten));
        assertEquals(List.of("interval_report_measure", "interval_report_start"), indexes(eleven));
        assertEquals(List.of("interval_report_measure"), indexes(fresh));
        for (Path file : List.of(ten, eleven, fresh)) {
            try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
                assertTrue(rs.next());
                assertEquals(12, rs.getInt(1), file.toString());
                assertEquals(SqliteSchema.VERSION, rs.getInt(1));
            }
        }
    }

    @Test
    void theEpochProbesSearchTheEnvelopeKey() throws Exception {
        Path file = dir.resolve("plan.db");
        SqliteStore.open(file).close();
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file))) {
            for (String sql : List.of(SqliteReplays.LOWER_EPOCH_SQL, SqliteReplays.HIGHER_EPOCH_SQL)) {
                List<String> plan = new ArrayList<>();
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                    explain.setString(1, "agent-a");
                    explain.setLong(2, 5);
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            plan.add(rs.getString("detail"));
                        }
                    }
                }
                assertEquals(1, plan.size(), plan::toString);
                assertTrue(plan.get(0).startsWith("SEARCH envelope USING PRIMARY KEY (agent_id=? AND boot_epoch"),
                        plan::toString);
            }
        }
    }

    /** What one run stored and read. */
    private record Result(List<WriteOutcome> outcomes, List<String> rows, List<Long> rowids, List<String> replays,
            List<String> conflicts, List<String> reads, String fingerprint) {
    }

    private static Result run(Shape shape, Path shapeDir) throws Exception {
        TestStores stores = shape.engine.stores(shapeDir);
        if (shape == Shape.SQLITE_VERSION_10) {
            createVersion10(((StoreLocation.SqliteFile) stores.location()).file());
        } else if (shape == Shape.SQLITE_VERSION_11) {
            createVersion11(((StoreLocation.SqliteFile) stores.location()).file());
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        List<DailyRollupsTest.Stored> epoch1;
        try (SqliteStore store = stores.open()) {
            epoch1 = DailyRollupsTest.ingest(store, new Random(1011));
            // a boot of agent-z that sent only its status, then a boot that sends intervals: no other epoch holds any
            outcomes.addAll(store.write(List.of(new StoreWrite.Accept(status("agent-z", 5, 1, RTT4, 25_000), 1))));
            outcomes.addAll(store.write(List.of(new StoreWrite.Accept(intervals("agent-z", 6, 1,
                    interval(RTT4, FROM + 60_000, 25_000, 7, 6)), 1))));
            // agent-a reinstalled (epoch 2): two of its minutes again, in one batch with new ones and their duplicate
            Envelope again = intervals("agent-a", 2, 1, replayOf(epoch1, "agent-a", 0), replayOf(epoch1, "agent-a", 1),
                    interval(RTT4, FROM + 120_000, 25_000, 3, 3));
            outcomes.addAll(store.write(List.of(new StoreWrite.Accept(again, 1), new StoreWrite.Accept(again, 2),
                    new StoreWrite.Accept(intervals("agent-b", 2, 1, replayOf(epoch1, "agent-b", 0)), 1))));
        }
        if (shape == Shape.POSTGRES_VERSION_10 || shape == Shape.POSTGRES_VERSION_11) {
            try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
                if (shape == Shape.POSTGRES_VERSION_10) {
                    PostgresSchema11Test.undoStep11(statement);
                } else {
                    PostgresSchema12Test.undoStep12(statement);
                }
            }
        }
        try (SqliteStore store = stores.open()) {
            // after the reopen (no memory of single epochs): more replays, one from agent-z's third boot
            outcomes.addAll(store.write(List.of(
                    new StoreWrite.Accept(intervals("agent-a", 2, 2, replayOf(epoch1, "agent-a", 2)), 1),
                    new StoreWrite.Accept(intervals("agent-z", 7, 1, interval(RTT4, FROM + 60_000, 25_000, 7, 6),
                            interval(RTT4, FROM + 180_000, 25_000, 2, 1)), 1),
                    new StoreWrite.Accept(intervals("agent-c", 3, 1, replayOf(epoch1, "agent-c", 0)), 1),
                    new StoreWrite.Accept(intervals("agent-c", 3, 1, interval(RTT4, FROM, 25_000, 1, 1)), 1))));
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
            return new Result(outcomes, strings(stores, "SELECT agent_id, boot_epoch, sequence, ordinal, measure_id,"
                    + " scope, interval_start_epoch_millis, interval_length_millis, trt_millis, events, within_trt,"
                    + " timed_out, failed, histogram, histogram_unit FROM interval_report"
                    + " ORDER BY agent_id, boot_epoch, sequence, ordinal"),
                    shape.engine == StoreEngine.SQLITE ? rowids(stores) : List.of(),
                    strings(stores, "SELECT agent_id, boot_epoch, sequence, ordinal, measure_id, scope,"
                            + " interval_start_epoch_millis, events, original_boot_epoch FROM replayed_interval"
                            + " ORDER BY agent_id, boot_epoch, sequence, ordinal"),
                    conflicts(store), reads(store, stores.location()), store.dataFingerprint());
        }
    }

    /** The {@code index}th interval agent's first boot stored, as its reinstall would send it again. */
    private static IntervalReport replayOf(List<DailyRollupsTest.Stored> stored, String agent, int index) {
        return stored.stream().filter(s -> s.agentId().equals(agent)).skip(index).findFirst().orElseThrow().report();
    }

    private static List<String> conflicts(SqliteStore store) {
        List<String> conflicts = new ArrayList<>();
        for (EnvelopeConflict conflict : store.conflicts(1_000)) {
            conflicts.add(conflict.key() + " " + conflict.storedSha256Hex() + " " + conflict.receivedSha256Hex() + " "
                    + conflict.receipts());
        }
        conflicts.sort(null);
        return conflicts;
    }

    /**
     * Every read a report makes of the intervals, over the whole range and over a partial day, and the months with
     * data (the HTTP API's, on its own connection).
     */
    private static List<String> reads(SqliteStore store, StoreLocation location) {
        List<String> reads = new ArrayList<>();
        try (SqliteActivityReader reader = SqliteActivityReader.open(location)) {
            reads.add(String.valueOf(reader.periodsWithData()));
        }
        for (long[] range : new long[][] {{FROM, TO}, {FROM + 90 * 60_000L, FROM + 26 * 3_600_000L}}) {
            reads.add(String.valueOf(store.periodData(range[0], range[1]).counts()));
            reads.add(String.valueOf(store.periodData(range[0], range[1]).exclusions()));
            reads.add(String.valueOf(store.agentDays(range[0], range[1])));
            for (String measure : DailyRollupsTest.MEASURES) {
                reads.add(String.valueOf(store.intervalCounts(measure, "*", range[0], range[1])));
                reads.add(String.valueOf(store.dailyCounts(measure, range[0], range[1])));
                StringBuilder values = new StringBuilder(measure);
                for (HistogramIterationValue value : store.latencyHistogram(measure, range[0], range[1])
                        .recordedValues()) {
                    values.append(' ').append(value.getValueIteratedTo()).append('x')
                            .append(value.getCountAtValueIteratedTo());
                }
                reads.add(values.toString());
            }
        }
        return reads;
    }

    private static List<String> strings(TestStores stores, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    Object value = rs.getObject(c);
                    row.append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static List<Long> rowids(TestStores stores) throws Exception {
        List<Long> rowids = new ArrayList<>();
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT rowid FROM interval_report ORDER BY agent_id, boot_epoch, sequence, ordinal")) {
            while (rs.next()) {
                rowids.add(rs.getLong(1));
            }
        }
        return rowids;
    }

    /** An empty file as schema 10 began one: its version and its interval_report with the key. */
    static void createVersion10(Path file) throws Exception {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (10)");
            statement.execute(VERSION_10_INTERVAL_REPORT);
            statement.execute(START_INDEX);
        }
    }

    /** An empty file as schema 11 began one: its version, interval_report without the key, and its start index. */
    static void createVersion11(Path file) throws Exception {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (11)");
            statement.execute(VERSION_11_INTERVAL_REPORT);
            statement.execute(START_INDEX);
        }
    }

    /** The names of interval_report's indexes, sorted. */
    private static List<String> indexes(Path file) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                        + " AND tbl_name = 'interval_report' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The columns of interval_report's primary key, in key order (none: a rowid table without one). */
    private static List<String> keyColumns(Path file) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT name FROM pragma_table_info('interval_report') WHERE pk > 0 ORDER BY pk")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }
}
