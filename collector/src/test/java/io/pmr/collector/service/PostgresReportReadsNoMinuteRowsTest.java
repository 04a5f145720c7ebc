package io.pmr.collector.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.StoreLocation;
import io.pmr.collector.store.SyntheticStore;
import io.pmr.model.UkCalendar;
import io.pmr.testkit.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "no scan of minute rows for a report", checked by PostgreSQL itself: a synthetic month of whole UK days
 * ({@link SyntheticStore}, the store {@code pmr bench report --db} builds) is reported as {@code pmr collector report}
 * reports it ({@link ReportService#open}, publish, report.json, report.csv, the tables and the views), and the
 * server's access counters show that not one minute row ({@code interval_report} and each of its month partitions)
 * was read for a figure: no sequential scan, and no index of theirs used but the one on {@code rowid} alone, whose
 * only use is the data fingerprint's {@code MAX(rowid)} (did the data change since the last version?: one backward
 * index step per partition, at most one entry and one row per scan); the all-agent daily totals were read through
 * their index. A period of whole UK days has no partial edge day, so every interval figure must come from rollups and
 * totals.
 *
 * <p>How the counters are read reliably. PostgreSQL 15 keeps a backend's table and index counters in its own memory
 * and flushes them to the shared statistics at a transaction's end at most once a second (later ones wait for an idle
 * timeout), so counters read right after the report may miss its last statements. A backend always flushes them when
 * it exits, though, and it does so (the {@code before_shmem_exit} statistics hook) before it leaves
 * {@code pg_stat_activity} (the {@code on_shmem_exit} hook of the backend status array). So the test closes every
 * connection of the measured work (the store's, Flyway's), waits with Awaitility until no other client backend of the
 * test's own database is left, then clears its own statistics snapshot ({@code pg_stat_clear_snapshot()}) and reads
 * {@code pg_stat_user_tables} and {@code pg_stat_user_indexes}: before the report (after the build) and after it; the
 * difference is the report's. No seam in the store is needed and no timing is assumed: the wait ends on the exit of
 * the backends, whose flush is then complete. The database is the test's own, so no other test adds to its counters;
 * autovacuum's workers do not count as scans (and are not waited for). The daily totals' index reads, asserted too, are
 * counted by the same store connection that would read the minute rows, so they also show its counters arrived.
 *
 * <p>Proved to fail (by hand, reverted): with the whole days' counts of {@code SqliteEnvelopeReads.periodData} taken
 * from the minute rows the test fails on the partitions' sequential scans; with that and {@code enable_seqscan} off, it
 * fails on the rows fetched through their index.
 *
 * <p>The figures are checked too, so the test cannot pass by reading nothing: every within-TRT measure's numerator
 * and denominator equal a fresh sum of the month's minute rows (read after the counters were taken).
 */
class PostgresReportReadsNoMinuteRowsTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-10-03T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration BACKENDS_EXIT_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** What one table's counters say: sequential scans and their rows, index scans and the rows they fetched. */
    record Reads(long seqScans, long seqRowsRead, long indexScans, long indexRowsFetched) {
        static final Reads NONE = new Reads(0, 0, 0, 0);

        Reads minus(Reads before) {
            return new Reads(seqScans - before.seqScans, seqRowsRead - before.seqRowsRead,
                    indexScans - before.indexScans, indexRowsFetched - before.indexRowsFetched);
        }
    }

    /** What one index of the minute rows returned; {@code rowidOnly} for the index on rowid alone. */
    record IndexReads(long scans, long entriesRead, boolean rowidOnly) {
        static final IndexReads NONE = new IndexReads(0, 0, false);

        IndexReads minus(IndexReads before) {
            return new IndexReads(scans - before.scans, entriesRead - before.entriesRead, rowidOnly);
        }
    }

    @Test
    void aMonthOfWholeDaysIsReportedWithoutReadingOneMinuteRow() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        String database = cluster.createDatabase();
        StoreLocation location = new StoreLocation.Postgres("127.0.0.1", cluster.port(), database, "",
                cluster.user(), cluster.password());
        Catalogue catalogue = Catalogue.shipped();
        SyntheticStore.Built built = SyntheticStore.build(location, 4, series(catalogue), SEPTEMBER, 3, 15L);
        assertTrue(built.minuteRows() > 0 && built.rollupRows() > 0, built::toString);

        try (Connection observer = DriverManager.getConnection(cluster.jdbcUrl(database), cluster.credentials())) {
            List<String> minuteTables = minuteRowTables(observer);
            assertEquals(List.of("interval_report", "interval_report_2020_08", "interval_report_2020_09"),
                    minuteTables, "the UK month spans two UTC month partitions");
            Map<String, Reads> before = settledReads(observer);
            Map<String, IndexReads> indexesBefore = minuteIndexReads(observer);

            MonthlyReport report;
            try (ReportService reports = ReportService.open(location, CLOCK)) {
                report = reports.publish(catalogue, SEPTEMBER, "query plan test");
                Path out = Files.createDirectories(dir.resolve("report"));
                ReportWriter.writeJson(report, out.resolve("report.json"));
                ReportWriter.writeCsv(report, out.resolve("report.csv"));
                ReportWriter.writeCsvTables(report, out);
                reports.writeViews(report, out);
            }
            Map<String, Reads> after = settledReads(observer);
            Map<String, IndexReads> indexesAfter = minuteIndexReads(observer);

            for (String table : minuteTables) {
                Reads read = after.getOrDefault(table, Reads.NONE).minus(before.getOrDefault(table, Reads.NONE));
                assertEquals(0, read.seqScans(), table + " was scanned sequentially by the report: " + read);
                assertEquals(0, read.seqRowsRead(), table + " rows read by a scan: " + read);
                assertTrue(read.indexRowsFetched() <= read.indexScans(), table + " rows fetched: " + read);
            }
            assertFalse(indexesAfter.isEmpty(), "the minute rows have indexes");
            for (Map.Entry<String, IndexReads> index : indexesAfter.entrySet()) {
                IndexReads read = index.getValue().minus(indexesBefore.getOrDefault(index.getKey(), IndexReads.NONE));
                if (index.getValue().rowidOnly()) {
                    // the data fingerprint's MAX(rowid): one backward index step per partition, no minute row
                    assertTrue(read.entriesRead() <= read.scans(), index.getKey() + " (the fingerprint's MAX(rowid))"
                            + " read more than one entry per scan: " + read);
                } else {
                    assertEquals(0, read.scans(), index.getKey() + " was used by the report: " + read);
                    assertEquals(0, read.entriesRead(), index.getKey() + " entries read by the report: " + read);
                }
            }
            Reads totals = after.get("daily_total").minus(before.get("daily_total"));
            assertTrue(totals.indexScans() > 0 && totals.indexRowsFetched() > 0,
                    "the whole days' figures come from daily_total through its index: " + totals);

            checkFiguresEqualTheMinuteRows(observer, catalogue, report);
        }
    }

    /** Every within-TRT measure under both hub variants (with latencies) and every availability measure. */
    private static List<SyntheticStore.Series> series(Catalogue catalogue) {
        List<SyntheticStore.Series> series = new ArrayList<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.WITHIN_TRT) {
                series.add(new SyntheticStore.Series(measure.id(), List.of("SKU1", "SKU2"), true));
            } else if (measure.kind() == MeasureKind.AVAILABILITY) {
                series.add(new SyntheticStore.Series(measure.id(), List.of("SKU1"), false));
            }
        }
        return series;
    }

    /** {@code interval_report} and its partitions, by name. */
    private static List<String> minuteRowTables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>(List.of("interval_report"));
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT c.relname FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent"
                        + " WHERE p.relname = 'interval_report' ORDER BY c.relname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /**
     * The counters of every user table once every other client backend of this database has exited (and so flushed
     * its counters; see the class comment), read from a fresh statistics snapshot.
     */
    private static Map<String, Reads> settledReads(Connection observer) throws SQLException {
        await("every other client backend of the database exits").atMost(BACKENDS_EXIT_WITHIN)
                .pollInterval(Duration.ofMillis(50)).until(() -> otherClientBackends(observer) == 0);
        Map<String, Reads> reads = new TreeMap<>();
        try (Statement statement = observer.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT t.relname, COALESCE(t.seq_scan, 0),"
                    + " COALESCE(t.seq_tup_read, 0), COALESCE(t.idx_scan, 0), COALESCE(t.idx_tup_fetch, 0)"
                    + " FROM pg_stat_user_tables t")) {
                while (rs.next()) {
                    reads.put(rs.getString(1), new Reads(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return reads;
    }

    /**
     * The counters of every index of {@code interval_report}'s partitions, by name, from the snapshot
     * {@link #settledReads} just cleared (call it right after).
     */
    private static Map<String, IndexReads> minuteIndexReads(Connection observer) throws SQLException {
        Map<String, IndexReads> reads = new TreeMap<>();
        try (Statement statement = observer.createStatement();
                ResultSet rs = statement.executeQuery("SELECT s.indexrelname, COALESCE(s.idx_scan, 0),"
                        + " COALESCE(s.idx_tup_read, 0), pg_get_indexdef(s.indexrelid) LIKE '%(rowid)'"
                        + " FROM pg_stat_user_indexes s JOIN pg_inherits i ON i.inhrelid = s.relid"
                        + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'interval_report'")) {
            while (rs.next()) {
                reads.put(rs.getString(1), new IndexReads(rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
            }
        }
        return reads;
    }

    private static int otherClientBackends(Connection observer) throws SQLException {
        try (Statement statement = observer.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        + " AND backend_type IN ('client backend', 'parallel worker')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Each within-TRT figure equals the sum of the UK month's minute rows of its measure (no exclusions here). */
    private static void checkFiguresEqualTheMinuteRows(Connection observer, Catalogue catalogue, MonthlyReport report)
            throws SQLException {
        long from = UkCalendar.dayStartEpochMillis(SEPTEMBER.atDay(1));
        long to = UkCalendar.dayStartEpochMillis(SEPTEMBER.plusMonths(1).atDay(1));
        int checked = 0;
        try (PreparedStatement query = observer.prepareStatement("SELECT COALESCE(SUM(within_trt), 0),"
                + " COALESCE(SUM(events), 0) FROM interval_report WHERE measure_id = ?"
                + " AND interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?")) {
            for (MeasureFigure figure : report.measures()) {
                if (figure.kind() != MeasureKind.WITHIN_TRT) {
                    continue;
                }
                query.setString(1, figure.id());
                query.setLong(2, from);
                query.setLong(3, to);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    assertTrue(rs.getLong(2) > 0, figure.id() + " has minute rows in the month");
                    assertEquals(rs.getLong(1), figure.numerator(), figure.id() + " numerator");
                    assertEquals(rs.getLong(2), figure.denominator(), figure.id() + " denominator");
                }
                checked++;
            }
        }
        assertFalse(checked == 0, "the catalogue has within-TRT measures: " + catalogue.measures().size());
    }
}
