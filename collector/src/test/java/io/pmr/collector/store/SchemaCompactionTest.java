package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pmr collector compact}'s store side: on files created at schema 10 and 11 (the shapes of
 * {@link IntervalReportShapesTest}) it finds and drops interval_report_start and nothing else, the key of a schema 10
 * file is reported and kept, every read answers the same afterwards (sums, histograms, daily counts, agent days, the
 * first month's seek), ingest goes on, a second compaction finds nothing, and a new file has nothing to drop;
 * PostgreSQL is refused by name.
 */
class SchemaCompactionTest {
    private static final long FROM = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
    private static final long TO = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 27));

    @TempDir
    Path dir;

    @Test
    void aSchema11FileLosesItsStartIndexAndReadsTheSame() throws Exception {
        Path file = dir.resolve("v11.db");
        IntervalReportShapesTest.createVersion11(file);
        compactsToTheSameReads(file, false);
    }

    @Test
    void aSchema10FileLosesItsStartIndexAndKeepsItsKey() throws Exception {
        Path file = dir.resolve("v10.db");
        IntervalReportShapesTest.createVersion10(file);
        compactsToTheSameReads(file, true);
    }

    @Test
    void aNewFileHasNothingToDrop() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("new.db"))) {
            DailyRollupsTest.ingest(store, new Random(5));
            assertEquals(new SchemaCompaction.Findings(List.of(), false), SchemaCompaction.compact(store));
        }
    }

    @Test
    void postgresqlIsRefusedByName() {
        try (SqliteStore store = StoreEngine.POSTGRES.stores(dir).open()) {
            StoreException e = assertThrows(StoreException.class, () -> SchemaCompaction.inspect(store));
            assertTrue(e.getMessage().contains("nothing to compact on PostgreSQL: its migration V12 dropped"
                    + " [interval_report_start] already"), e.getMessage());
        }
    }

    private void compactsToTheSameReads(Path file, boolean key) throws Exception {
        List<String> before;
        try (SqliteStore store = SqliteStore.open(file)) {
            DailyRollupsTest.ingest(store, new Random(1010));
            before = reads(store);
            SchemaCompaction.Findings found = SchemaCompaction.inspect(store);
            assertEquals(new SchemaCompaction.Findings(List.of("interval_report_start"), key), found);
            assertEquals(found, SchemaCompaction.inspect(store), "inspect changes nothing");
            assertEquals(found, SchemaCompaction.compact(store));
            assertEquals(before, reads(store), "the same answers on the same connection after the drop");
            assertEquals(new SchemaCompaction.Findings(List.of(), key), SchemaCompaction.compact(store));
        }
        assertEquals(key ? List.of("interval_report_measure", "sqlite_autoindex_interval_report_1")
                : List.of("interval_report_measure"), indexes(file));
        try (SqliteStore reopened = SqliteStore.open(file)) {
            assertEquals(before, reads(reopened), "and after a reopen");
            Envelope later = Envelope.newBuilder().setAgentId("agent-later").setBootEpoch(1).setSequence(1)
                    .setIntervals(IntervalReportBatch.newBuilder().addIntervals(IntervalReport.newBuilder()
                            .setMeasureId("CSPN/PM4.3").setScope("SKU1").setIntervalStartEpochMillis(FROM)
                            .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(7).setWithinTrt(7)))
                    .build();
            assertEquals(List.of(WriteOutcome.STORED), reopened.write(List.of(new StoreWrite.Accept(later, 1))),
                    "the writer's statements run on the compacted file");
            assertNotEquals(before.get(0), reads(reopened).get(0), "and its minute is counted");
        }
    }

    /** Every read of the seeded days that a report, the page or the month list makes, as text. */
    private static List<String> reads(SqliteStore store) {
        List<String> reads = new ArrayList<>();
        reads.add(store.periodData(FROM, TO).toString());
        reads.add(store.periodData(FROM + 3_600_000L, TO - 7_200_000L).toString());
        reads.add(store.agentDays(FROM, TO).toString());
        for (String measure : DailyRollupsTest.MEASURES) {
            reads.add(store.dailyCounts(measure, FROM, TO).toString());
            Histogram latencies = store.latencyHistogram(measure, FROM + 1_800_000L, TO);
            reads.add(latencies.getTotalCount() + " " + latencies.getMaxValue() + " "
                    + latencies.getValueAtPercentile(50) + " " + latencies.getValueAtPercentile(99));
        }
        return reads;
    }

    private static List<String> indexes(Path file) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = StoreEngine.connect(new StoreLocation.SqliteFile(file));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                        + " AND tbl_name = 'interval_report' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
