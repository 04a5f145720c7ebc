package io.pmr.launcher;

import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.launcher.BenchStoreRounds.Side;
import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pmr bench store}: interval rows per second through the collector's store ({@link SqliteStore#write}, one
 * transaction per batch of envelopes, as the ingest writer calls it) beside raw JDBC inserts of the same rows into the
 * same schema (same tables, indexes, WAL and {@code synchronous=FULL}), one transaction per batch, every value computed
 * before the clock starts. Like with like: the store also writes each batch's daily rollups, so the raw side upserts,
 * per batch, one {@code daily_rollup} row for every rollup key the batch touches, with the values an untimed reference
 * run of the store gave. Each side also prints the CPU time its thread (the one calling JDBC and SQLite, and the
 * kernel for SQLite's writes) spent per envelope, steadier than the rates on a shared machine. Runs {@code --rounds}
 * rounds (5 by default), each on fresh files, the raw side first in odd rounds and the store first in even ones, and
 * reports the medians ({@link BenchStoreRounds}; one round is the method before round 9). Ends with
 * {@code store/raw ratio R (store X rows/s, raw Y rows/s)}: R the median of the rounds' ratios, X and Y the median
 * rates.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Measures the store's insert path against raw SQLite inserts of the same rows, in rounds.",
                "Both write the same envelopes (interval rows with histograms) into the same schema and indexes, in",
                "WAL mode with synchronous=FULL, one transaction per batch; raw JDBC gets every value precomputed,",
                "and upserts per batch the daily_rollup rows the batch touches, as the store writes its rollups.",
                "Each round writes fresh files, the sides in turns; the figures are the rounds' medians.",
                "Ends with: store/raw ratio R (store X rows/s, raw Y rows/s)."})
final class BenchStoreCommand implements Callable<Integer> {

    @Option(names = "--rows-per-envelope", paramLabel = "N", defaultValue = "60",
            description = "One-minute interval rows per envelope (default ${DEFAULT-VALUE}: an hour, as agents send).")
    int rowsPerEnvelope;

    @Option(names = "--envelopes", paramLabel = "N", defaultValue = "2000",
            description = "Envelopes written by each side (default ${DEFAULT-VALUE}).")
    int envelopes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Envelopes per transaction (default ${DEFAULT-VALUE}).")
    int batch;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = {"Rounds, each writing fresh files on both sides, raw first in odd rounds and store first in",
                    "even ones; the figures are the rounds' medians (default ${DEFAULT-VALUE}; 1: the method before",
                    "round 9, raw then store once)."})
    int rounds;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        requirePositive(rowsPerEnvelope, "--rows-per-envelope");
        requirePositive(envelopes, "--envelopes");
        requirePositive(batch, "--batch");
        requirePositive(rounds, "--rounds");
        BenchEnvelopes source = new BenchEnvelopes(20, rowsPerEnvelope, 0);
        int warmup = Math.max(1, envelopes / 5);
        out.printf(Locale.ROOT, "pmr bench store: %d envelopes of %d interval rows, %d per transaction,"
                + " %d warm-up; %d round(s), the figures below the rounds their medians%n", envelopes, rowsPerEnvelope,
                batch, warmup, rounds);
        Path dir = Files.createTempDirectory("pmr-bench-store");
        try {
            List<BenchEnvelopes.Message> warm = source.messages("bench-warm", 1, warmup);
            List<BenchEnvelopes.Message> run = source.messages("bench-agent", 1, envelopes);
            Map<String, Object[]> rollups = referenceRollups(dir.resolve("reference.db"), warm, run);
            List<Side> raws = new ArrayList<>();
            List<Side> stores = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Path roundDir = Files.createDirectory(dir.resolve("round-" + round));
                boolean rawFirst = round % 2 == 1;
                if (rawFirst) {
                    raws.add(raw(roundDir.resolve("raw.db"), rollups, warm, run));
                }
                stores.add(store(roundDir.resolve("store.db"), warm, run, warmup));
                if (!rawFirst) {
                    raws.add(raw(roundDir.resolve("raw.db"), rollups, warm, run));
                }
                BenchBroker.deleteTree(roundDir);
                if (rounds > 1) {
                    Side raw = raws.get(round - 1);
                    Side store = stores.get(round - 1);
                    out.printf(Locale.ROOT, "round %d (%s first): raw %.0f rows/s (cpu %.1f us), store %.0f rows/s"
                            + " (cpu %.1f us): ratio %.2f, cpu ratio %.2f%n", round, rawFirst ? "raw" : "store",
                            raw.rate(), raw.cpuMicros(), store.rate(), store.cpuMicros(), store.rate() / raw.rate(),
                            raw.cpuMicros() / store.cpuMicros());
                }
            }
            double rawRate = BenchStoreRounds.median(raws, Side::rate);
            double storeRate = BenchStoreRounds.median(stores, Side::rate);
            out.printf(Locale.ROOT, "raw JDBC inserts: %.0f rows/s (thread cpu %.1f us per envelope)%n", rawRate,
                    BenchStoreRounds.median(raws, Side::cpuMicros));
            out.printf(Locale.ROOT, "store insert path: %.0f rows/s (thread cpu %.1f us per envelope)%n", storeRate,
                    BenchStoreRounds.median(stores, Side::cpuMicros));
            out.printf(Locale.ROOT, "thread cpu raw/store %.2f%n",
                    BenchStoreRounds.medianOfRounds(raws, stores, (raw, store) -> raw.cpuMicros() / store.cpuMicros()));
            out.printf(Locale.ROOT, "store/raw ratio %.2f (store %.0f rows/s, raw %.0f rows/s)%n",
                    BenchStoreRounds.medianOfRounds(raws, stores, (raw, store) -> store.rate() / raw.rate()), storeRate,
                    rawRate);
            out.flush();
            return ExitCode.OK.code();
        } finally {
            BenchBroker.deleteTree(dir);
        }
    }

    /** Raw JDBC into a fresh file of the store's schema: the warm-up, then the timed run. */
    private Side raw(Path file, Map<String, Object[]> rollups, List<BenchEnvelopes.Message> warm,
            List<BenchEnvelopes.Message> run) throws Exception {
        SqliteStore.open(file).close(); // the store's own schema and indexes
        try (RawInserts raw = new RawInserts(file, rollups)) {
            raw.write(rows(warm), batch);
            List<Row> rawRows = rows(run);
            long startCpuNanos = THREADS.getCurrentThreadCpuTime();
            long startNanos = System.nanoTime();
            raw.write(rawRows, batch);
            return side(startNanos, startCpuNanos);
        }
    }

    /** The store on a fresh file: the warm-up, then the timed run. */
    private Side store(Path file, List<BenchEnvelopes.Message> warm, List<BenchEnvelopes.Message> run,
            int warmup) throws Exception {
        try (SqliteStore store = SqliteStore.open(file)) {
            write(store, writes(warm));
            List<List<StoreWrite>> batches = writes(run);
            long startCpuNanos = THREADS.getCurrentThreadCpuTime();
            long startNanos = System.nanoTime();
            write(store, batches);
            Side side = side(startNanos, startCpuNanos);
            if (store.envelopeCount() != warmup + envelopes) {
                throw new IllegalStateException("the store holds " + store.envelopeCount() + " envelopes, not "
                        + (warmup + envelopes));
            }
            return side;
        }
    }

    private Side side(long startNanos, long startCpuNanos) {
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - startCpuNanos;
        double rate = (double) envelopes * rowsPerEnvelope / ((System.nanoTime() - startNanos) / 1e9);
        return new Side(rate, cpuNanos / 1e3 / envelopes);
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private List<List<StoreWrite>> writes(List<BenchEnvelopes.Message> messages) throws Exception {
        List<List<StoreWrite>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += batch) {
            List<StoreWrite> writes = new ArrayList<>();
            for (BenchEnvelopes.Message message : messages.subList(from, Math.min(messages.size(), from + batch))) {
                writes.add(new StoreWrite.Accept(Envelope.parseFrom(message.payload()), 0L, message.payload()));
            }
            batches.add(writes);
        }
        return batches;
    }

    private static void write(SqliteStore store, List<List<StoreWrite>> batches) {
        for (List<StoreWrite> writes : batches) {
            store.write(writes);
        }
    }

    /**
     * The daily_rollup rows the store writes for these envelopes (an untimed run of the store), by {@link #rollupKey}:
     * the values the raw side upserts, so both write rows of the same sizes.
     */
    private Map<String, Object[]> referenceRollups(Path file, List<BenchEnvelopes.Message> warm,
            List<BenchEnvelopes.Message> run) throws Exception {
        try (SqliteStore store = SqliteStore.open(file)) {
            write(store, writes(warm));
            write(store, writes(run));
        }
        Map<String, Object[]> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + ROLLUP_COLUMNS + " FROM daily_rollup")) {
            while (rs.next()) {
                Object[] row = new Object[ROLLUP_COLUMN_COUNT];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.put(rollupKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), row);
            }
        }
        return rows;
    }

    private static final String ROLLUP_COLUMNS = "agent_id, measure_id, scope, day_start_epoch_millis, intervals,"
            + " events, within_trt, timed_out, failed, minutes, histogram";
    private static final int ROLLUP_COLUMN_COUNT = 11;

    private static String rollupKey(String agentId, String measureId, String scope, long dayStartEpochMillis) {
        return agentId + '\0' + measureId + '\0' + scope + '\0' + dayStartEpochMillis;
    }

    /** One envelope's rows as raw JDBC inserts them: every value ready. */
    private record Row(Envelope envelope, byte[] sha256, List<byte[]> histograms, long[] dayStarts) {
    }

    private static List<Row> rows(List<BenchEnvelopes.Message> messages) throws Exception {
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

    /** Plain prepared, batched inserts of the envelope and interval_report rows; the same pragmas as the store. */
    private static final class RawInserts implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement insertKey;
        private final PreparedStatement insertInterval;
        private final PreparedStatement upsertRollup;
        private final Map<String, Object[]> rollups;

        RawInserts(Path file, Map<String, Object[]> rollups) throws SQLException {
            this.rollups = rollups;
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
            }
            connection.setAutoCommit(false);
            insertKey = connection.prepareStatement("INSERT INTO envelope (agent_id, boot_epoch, sequence, body_kind,"
                    + " created_epoch_millis, received_epoch_millis, payload_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)");
            insertInterval = connection.prepareStatement(RawRows.INSERT_INTERVAL_SQL);
            upsertRollup = connection.prepareStatement("INSERT OR REPLACE INTO daily_rollup (" + ROLLUP_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }

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

    private void requirePositive(int value, String option) {
        if (value < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be >= 1, was " + value);
        }
    }
}
