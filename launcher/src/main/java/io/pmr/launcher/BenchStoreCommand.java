package io.pmr.launcher;

import io.pmr.collector.store.PreparedEnvelope;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.launcher.BenchStoreRounds.Side;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pmr bench store}: interval rows per second through the collector's store ({@link SqliteStore#write}, one
 * transaction per batch of envelopes, as the ingest writer calls it) beside raw JDBC inserts of the same rows into the
 * same schema (same tables, indexes, WAL and {@code synchronous=FULL}), one transaction per batch, every value computed
 * before the clock starts ({@link BenchRawInserts}). By default the store too gets what is computed before its writer
 * on the ingest: each envelope {@link PreparedEnvelope prepared} (its hash and decoded histograms) before the clock, as
 * the validation pool hands every valid envelope to the ingest's writer; {@code --no-prepared} measures the store
 * hashing and decoding on its own thread, the method before round 14. Every timed store run must write exactly the
 * daily rollups of an untimed unprepared reference run, or the command fails. Like with like: the store also writes each batch's daily rollups, so the raw side upserts,
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

    @Option(names = "--prepared", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"Hand the store each envelope prepared before the clock (its hash and decoded histograms),",
                    "as the ingest's validation pool hands every valid envelope to the writer: the writer's real path",
                    "(default). --no-prepared: the store hashes and decodes on its own thread (the method before",
                    "round 14)."})
    boolean prepared;

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
                + " %d warm-up, %s; %d round(s), the figures below the rounds their medians%n", envelopes,
                rowsPerEnvelope, batch, warmup, prepared ? "prepared before the clock" : "not prepared", rounds);
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
                stores.add(store(roundDir.resolve("store.db"), warm, run, warmup, rollups));
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
        try (BenchRawInserts raw = new BenchRawInserts(file, rollups)) {
            raw.write(BenchRawInserts.rows(warm), batch);
            List<BenchRawInserts.Row> rawRows = BenchRawInserts.rows(run);
            long startCpuNanos = THREADS.getCurrentThreadCpuTime();
            long startNanos = System.nanoTime();
            raw.write(rawRows, batch);
            return side(startNanos, startCpuNanos);
        }
    }

    /** The store on a fresh file: the warm-up, then the timed run. */
    private Side store(Path file, List<BenchEnvelopes.Message> warm, List<BenchEnvelopes.Message> run,
            int warmup, Map<String, Object[]> reference) throws Exception {
        Side side;
        try (SqliteStore store = SqliteStore.open(file)) {
            write(store, writes(warm, prepared));
            List<List<StoreWrite>> batches = writes(run, prepared);
            long startCpuNanos = THREADS.getCurrentThreadCpuTime();
            long startNanos = System.nanoTime();
            write(store, batches);
            side = side(startNanos, startCpuNanos);
            if (store.envelopeCount() != warmup + envelopes) {
                throw new IllegalStateException("the store holds " + store.envelopeCount() + " envelopes, not "
                        + (warmup + envelopes));
            }
        }
        requireReferenceRows(file, warmup, reference);
        return side;
    }

    private Side side(long startNanos, long startCpuNanos) {
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - startCpuNanos;
        double rate = (double) envelopes * rowsPerEnvelope / ((System.nanoTime() - startNanos) / 1e9);
        return new Side(rate, cpuNanos / 1e3 / envelopes);
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The store's batches; with {@code prepare}, each envelope {@link PreparedEnvelope prepared} here, before the
     * clock, as the ingest's validation pool hands every valid envelope to the writer (its hash and decoded
     * histograms); without, the store hashes and decodes on its own thread.
     */
    private List<List<StoreWrite>> writes(List<BenchEnvelopes.Message> messages, boolean prepare) throws Exception {
        List<List<StoreWrite>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += batch) {
            List<StoreWrite> writes = new ArrayList<>();
            for (BenchEnvelopes.Message message : messages.subList(from, Math.min(messages.size(), from + batch))) {
                Envelope envelope = Envelope.parseFrom(message.payload());
                writes.add(new StoreWrite.Accept(envelope, 0L, message.payload(),
                        prepare ? PreparedEnvelope.of(envelope, message.payload()) : null));
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
     * The daily_rollup rows the store writes for these envelopes when it prepares nothing itself (an untimed run), by
     * {@link BenchRawInserts#rollupKey}: the values the raw side upserts, so both write rows of the same sizes, and
     * what every timed store run must have written.
     */
    private Map<String, Object[]> referenceRollups(Path file, List<BenchEnvelopes.Message> warm,
            List<BenchEnvelopes.Message> run) throws Exception {
        try (SqliteStore store = SqliteStore.open(file)) {
            write(store, writes(warm, false));
            write(store, writes(run, false));
        }
        return rollupsOf(file);
    }

    private static Map<String, Object[]> rollupsOf(Path file) throws SQLException {
        Map<String, Object[]> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + BenchRawInserts.ROLLUP_COLUMNS
                        + " FROM daily_rollup")) {
            while (rs.next()) {
                Object[] row = new Object[BenchRawInserts.ROLLUP_COLUMN_COUNT];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.put(BenchRawInserts.rollupKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                        row);
            }
        }
        return rows;
    }

    /**
     * Fails unless the timed store run wrote every interval row once and exactly the reference's rollups (prepared or
     * not, the same rows).
     */
    private void requireReferenceRows(Path file, int warmup, Map<String, Object[]> reference) throws SQLException {
        long expectedRows = (long) (warmup + envelopes) * rowsPerEnvelope;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM interval_report")) {
            long rows = rs.next() ? rs.getLong(1) : -1;
            if (rows != expectedRows) {
                throw new IllegalStateException("the store holds " + rows + " interval rows, not " + expectedRows);
            }
        }
        String difference = rollupDifference(rollupsOf(file), reference);
        if (difference != null) {
            throw new IllegalStateException("the store's daily rollups are not the reference's: " + difference);
        }
    }

    /** Null when both hold the same rows (histogram bytes compared by content), else the first difference, named. */
    static String rollupDifference(Map<String, Object[]> written, Map<String, Object[]> reference) {
        if (!written.keySet().equals(reference.keySet())) {
            return written.size() + " rollups against " + reference.size() + ", not the same keys";
        }
        for (Map.Entry<String, Object[]> entry : written.entrySet()) {
            if (!Arrays.deepEquals(entry.getValue(), reference.get(entry.getKey()))) {
                return "rollup " + entry.getKey().replace('\0', '/') + " differs";
            }
        }
        return null;
    }

    private void requirePositive(int value, String option) {
        if (value < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be >= 1, was " + value);
        }
    }
}
