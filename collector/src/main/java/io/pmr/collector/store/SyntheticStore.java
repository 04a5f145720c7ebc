package io.pmr.collector.store;

import io.pmr.model.UkCalendar;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A store with a synthetic month, for {@code pmr bench report}, in a SQLite file or a PostgreSQL database: per agent, a status declaring every measure, and per
 * UK day and measure scope a few minute rows (interval_report, with compressed histograms in microseconds drawn from a
 * seeded palette) and their daily rollup, plus watermarks at the month's end. Written with batched inserts on one
 * connection with {@code synchronous=OFF} (a benchmark's scratch file, not data anyone keeps), the interval index
 * built after the rows. The rollups, the all-agent daily totals, the first data and the agent days are what ingest
 * would have written ({@link DailyRollup}, {@link DailyTotal}, {@link DerivedRows}), so {@code rebuild-rollups} finds
 * them equal. Deterministic from the seed. Not thread-safe.
 */
public final class SyntheticStore {
    private static final int PALETTE = 64;
    private static final int MICROSECONDS = 2;
    private static final int COMMIT_ROWS = 200_000;

    /** One measure agents report, with the scopes they report it under. */
    public record Series(String measureId, List<String> scopes, boolean latencies) {
        public Series {
            scopes = List.copyOf(scopes);
        }
    }

    /** What was written. */
    public record Built(long minuteRows, long rollupRows, long envelopes) {
    }

    private SyntheticStore() {
    }

    /**
     * Writes the month into a new database file.
     *
     * @param minutesPerDay minute rows per agent, measure scope and day (1..1380: a short clock-change day has 1,380)
     * @throws StoreException when the file cannot be written
     */
    public static Built build(Path file, int agents, List<Series> series, YearMonth period, int minutesPerDay,
            long seed) {
        return build(new StoreLocation.SqliteFile(file), agents, series, period, minutesPerDay, seed);
    }

    /**
     * Writes the month into a new SQLite file or an empty PostgreSQL database (its schema made as the collector makes
     * it). On PostgreSQL the session commits asynchronously ({@code synchronous_commit=off}: a benchmark's scratch
     * data), the month's partitions are made first, the indexes stay (a partitioned table's indexes cannot be dropped
     * per load), and the tables are analysed at the end, as autovacuum would, so the report is planned on statistics.
     *
     * @param minutesPerDay minute rows per agent, measure scope and day (1..1380: a short clock-change day has 1,380)
     * @throws StoreException when the store cannot be written, or the PostgreSQL database already holds envelopes
     */
    public static Built build(StoreLocation location, int agents, List<Series> series, YearMonth period,
            int minutesPerDay, long seed) {
        if (agents < 1 || minutesPerDay < 1 || minutesPerDay > 1_380) {
            throw new IllegalArgumentException("agents must be >= 1 and minutesPerDay in 1..1380, were " + agents
                    + " and " + minutesPerDay);
        }
        Dialect dialect = Dialect.of(location);
        SqliteStore.open(location).close(); // the schema, as the collector makes it
        try (Connection connection = connect(location)) {
            try (Statement statement = connection.createStatement()) {
                if (dialect == Dialect.SQLITE) {
                    statement.execute("PRAGMA synchronous=OFF");
                    statement.execute("PRAGMA cache_size=-262144");
                    statement.execute("DROP INDEX interval_report_measure");
                } else {
                    refuseNonEmpty(location, statement);
                    statement.execute("SET synchronous_commit = off");
                    MonthPartitions partitions = new MonthPartitions(connection);
                    partitions.ensure(UkCalendar.dayStartEpochMillis(period.atDay(1)));
                    partitions.ensure(UkCalendar.dayStartEpochMillis(period.plusMonths(1).atDay(1)) - 1);
                }
            }
            connection.setAutoCommit(false);
            Built built = new Writer(connection, new Random(seed)).write(agents, series, period, minutesPerDay);
            try (Statement statement = connection.createStatement()) {
                if (dialect == Dialect.SQLITE) {
                    for (String ddl : SqliteSchema.DDL) {
                        statement.execute(ddl); // CREATE ... IF NOT EXISTS: the dropped index, built in one sort
                    }
                }
            }
            connection.commit();
            if (dialect == Dialect.POSTGRESQL) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
            }
            return built;
        } catch (SQLException e) {
            throw new StoreException("building the synthetic store " + location.display() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * What a store built earlier holds (a {@code --keep} folder re-used): opened once as the collector opens it, so an
     * older schema is migrated now rather than inside a timed report, then counted.
     *
     * @throws StoreException when the file is missing or cannot be read
     */
    public static Built existing(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new StoreException("no synthetic store at " + file.toAbsolutePath() + " to re-use");
        }
        return existing(new StoreLocation.SqliteFile(file));
    }

    /**
     * What a store built earlier holds, a SQLite file or a PostgreSQL database, opened once as the collector opens it
     * (an older schema migrated now, not inside a timed report), then counted.
     *
     * @throws StoreException when the store cannot be read
     */
    public static Built existing(StoreLocation location) {
        SqliteStore.open(location).close();
        try (Connection connection = connect(location);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT COUNT(*) FROM interval_report),"
                        + " (SELECT COUNT(*) FROM daily_rollup), (SELECT COUNT(*) FROM envelope)")) {
            rs.next();
            return new Built(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        } catch (SQLException e) {
            throw new StoreException("reading the synthetic store " + location.display() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A plain connection in auto-commit mode (the schema is already made). */
    private static Connection connect(StoreLocation location) throws SQLException {
        if (location instanceof StoreLocation.SqliteFile sqlite) {
            return DriverManager.getConnection("jdbc:sqlite:" + sqlite.file().toAbsolutePath());
        }
        return PostgresConnections.openPlain((StoreLocation.Postgres) location);
    }

    /** A synthetic month is written into an empty database only: never mixed with real data. */
    private static void refuseNonEmpty(StoreLocation location, Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM envelope)")) {
            if (rs.next() && rs.getBoolean(1)) {
                throw new StoreException("PostgreSQL database " + location.display() + " already holds envelopes:"
                        + " the synthetic store is built in an empty database only");
            }
        }
    }

    private static final class Writer {
        private final Connection connection;
        private final Random random;
        private final byte[][] compressed = new byte[PALETTE][];
        private final SparseBuckets[] nanos = new SparseBuckets[PALETTE];
        private final long[] counts = new long[PALETTE];
        private final Histogram scratch = LatencyNanos.autoResizing();
        private long rowsSinceCommit;

        Writer(Connection connection, Random random) {
            this.connection = connection;
            this.random = random;
            for (int i = 0; i < PALETTE; i++) {
                Histogram micros = new Histogram(1, 3_600_000_000L, 3);
                for (int n = 1 + random.nextInt(12); n > 0; n--) {
                    // log-uniform 50 ms .. 60 s, like the rig's response times
                    micros.recordValue((long) (50_000 * Math.pow(1_200, random.nextDouble())));
                }
                ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
                int length = micros.encodeIntoCompressedByteBuffer(buffer);
                compressed[i] = java.util.Arrays.copyOf(buffer.array(), length);
                counts[i] = micros.getTotalCount();
                nanos[i] = new SparseBuckets();
                try {
                    LatencyNanos.addInterval(compressed[i], MICROSECONDS, scratch, nanos[i]::add);
                } catch (DataFormatException e) {
                    throw new IllegalStateException("a histogram just encoded does not decode", e);
                }
            }
        }

        Built write(int agents, List<Series> series, YearMonth period, int minutesPerDay) throws SQLException {
            long minuteRows = 0;
            long rollupRows = 0;
            long envelopes = 0;
            LocalDate first = period.atDay(1);
            LocalDate end = period.plusMonths(1).atDay(1);
            long monthEnd = UkCalendar.dayStartEpochMillis(end);
            java.util.Map<DailyTotal.Key, DailyTotal> totals = new java.util.TreeMap<>(DailyTotal.Key.ORDER);
            DerivedRows derived = DerivedRows.writing(connection);
            try (PreparedStatement envelope = connection.prepareStatement("INSERT INTO envelope (agent_id, boot_epoch,"
                    + " sequence, body_kind, created_epoch_millis, received_epoch_millis) VALUES (?, 1, ?, ?, ?, ?)");
                    PreparedStatement status = connection.prepareStatement("INSERT INTO agent_status (agent_id,"
                            + " boot_epoch, sequence, state, software_version, region) VALUES (?, 1, 1, 'ONLINE',"
                            + " 'bench', 'north')");
                    PreparedStatement declared = connection.prepareStatement("INSERT INTO declared_measure (agent_id,"
                            + " boot_epoch, sequence, measure_id, trt_millis) VALUES (?, 1, 1, ?, 25000)");
                    PreparedStatement watermark = connection.prepareStatement("INSERT INTO watermark (agent_id,"
                            + " measure_id, final_through_epoch_millis, boot_epoch, sequence) VALUES (?, ?, ?, 1, ?)");
                    PreparedStatement interval = connection.prepareStatement("INSERT INTO interval_report (agent_id,"
                            + " boot_epoch, sequence, ordinal, measure_id, scope, interval_start_epoch_millis,"
                            + " interval_length_millis, trt_millis, events, within_trt, timed_out, failed, histogram,"
                            + " histogram_unit) VALUES (?, 1, ?, ?, ?, ?, ?, 60000, 25000, ?, ?, ?, 0, ?, ?)");
                    PreparedStatement rollup = connection.prepareStatement("INSERT INTO daily_rollup ("
                            + DailyRollup.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int a = 0; a < agents; a++) {
                    String agent = String.format(java.util.Locale.ROOT, "agent-%05d", a);
                    long startOfMonth = UkCalendar.dayStartEpochMillis(first);
                    addEnvelope(envelope, agent, 1, "STATUS", startOfMonth);
                    status.setString(1, agent);
                    status.executeUpdate();
                    for (Series one : series) {
                        declared.setString(1, agent);
                        declared.setString(2, one.measureId());
                        declared.addBatch();
                    }
                    declared.executeBatch();
                    long sequence = 2;
                    for (LocalDate day = first; day.isBefore(end); day = day.plusDays(1), sequence++) {
                        long dayStart = UkCalendar.dayStartEpochMillis(day);
                        int dayMinutes = UkCalendar.minutesOf(day);
                        addEnvelope(envelope, agent, sequence, "INTERVALS", dayStart);
                        envelopes++;
                        int ordinal = 0;
                        for (Series one : series) {
                            for (String scope : one.scopes()) {
                                DailyRollup sum = new DailyRollup(new DailyRollup.Key(agent, one.measureId(), scope,
                                        dayStart));
                                for (int m = 0; m < minutesPerDay; m++) {
                                    int minute = m * (dayMinutes / minutesPerDay)
                                            + random.nextInt(dayMinutes / minutesPerDay);
                                    long start = dayStart + minute * 60_000L;
                                    int variant = random.nextInt(PALETTE);
                                    long timedOut = random.nextInt(4) == 0 ? 1 : 0;
                                    long completed = one.latencies() ? counts[variant] : 1 + random.nextInt(3);
                                    interval.setString(1, agent);
                                    interval.setLong(2, sequence);
                                    interval.setInt(3, ordinal++);
                                    interval.setString(4, one.measureId());
                                    interval.setString(5, scope);
                                    interval.setLong(6, start);
                                    interval.setLong(7, completed + timedOut);
                                    interval.setLong(8, completed);
                                    interval.setLong(9, timedOut);
                                    interval.setBytes(10, one.latencies() ? compressed[variant] : null);
                                    interval.setInt(11, one.latencies() ? MICROSECONDS : 0);
                                    interval.addBatch();
                                    sum.addInterval(start, completed + timedOut, completed, timedOut, 0, null, 0,
                                            null, agent);
                                    if (one.latencies()) {
                                        sum.addNanos(nanos[variant]);
                                    }
                                    minuteRows++;
                                }
                                sum.bind(rollup);
                                rollup.addBatch();
                                rollupRows++;
                                totals.computeIfAbsent(DailyTotal.Key.of(sum.key), DailyTotal::new).addRollup(sum);
                                derived.addRollup(agent, one.measureId(), dayStart, sum.minutes);
                            }
                        }
                        interval.executeBatch();
                        rollup.executeBatch();
                        rowsSinceCommit += ordinal;
                        if (rowsSinceCommit >= COMMIT_ROWS) {
                            connection.commit();
                            rowsSinceCommit = 0;
                        }
                    }
                    for (Series one : series) {
                        watermark.setString(1, agent);
                        watermark.setString(2, one.measureId());
                        watermark.setLong(3, monthEnd);
                        watermark.setLong(4, sequence - 1);
                        watermark.addBatch();
                    }
                    watermark.executeBatch();
                }
            }
            RollupAudit.writeTotals(connection, totals);
            derived.finish(connection);
            derived.close();
            connection.commit();
            return new Built(minuteRows, rollupRows, envelopes + agents);
        }

        private static void addEnvelope(PreparedStatement envelope, String agent, long sequence, String kind,
                long atEpochMillis) throws SQLException {
            envelope.setString(1, agent);
            envelope.setLong(2, sequence);
            envelope.setString(3, kind);
            envelope.setLong(4, atEpochMillis);
            envelope.setLong(5, atEpochMillis);
            envelope.executeUpdate();
        }
    }
}
