package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pmr collector rebuild-rollups}: exit 0 on equal rollups; a tampered one named, exit 10, rebuilt. */
class CollectorRebuildRollupsCommandTest {
    /** 2020-09-10 00:00 Europe/London. */
    private static final long DAY = 1_599_692_400_000L;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void aTamperedRollupIsNamedExitsNonZeroAndIsRebuilt() throws Exception {
        Path db = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            for (int sequence = 1; sequence <= 3; sequence++) {
                store.write(List.of(new StoreWrite.Accept(Envelope.newBuilder().setAgentId("agent-north")
                        .setBootEpoch(1).setSequence(sequence).setIntervals(IntervalReportBatch.newBuilder()
                                .addIntervals(IntervalReport.newBuilder().setMeasureId("CSPN/PM4.3").setScope("SKU1")
                                        .setIntervalStartEpochMillis(DAY + sequence * 60_000L)
                                        .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(10)
                                        .setWithinTrt(9).setTimedOut(1)))
                        .build(), 1L)));
            }
        }
        assertEquals(0, cli.run("collector", "rebuild-rollups", "--db", db.toString()), cli.err());
        assertTrue(cli.out().contains("equal: 1 daily rollups and 1 daily totals (and the first data and agent"
                + " days) equal a fresh aggregation of 3 minute rows"), cli.out());

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE daily_rollup SET within_trt = 30"));
            assertEquals(1, statement.executeUpdate("UPDATE daily_total SET events = 31"));
            assertEquals(1, statement.executeUpdate("DELETE FROM agent_day"));
        }
        assertEquals(ExitCode.ROLLUPS_DIFFERED.code(), cli.run("collector", "rebuild-rollups", "--check", "--db",
                db.toString()), cli.err());
        assertTrue(cli.out().contains("rollup (agent 'agent-north', measure CSPN/PM4.3, scope 'SKU1', day"
                + " 2020-09-10) differs: within_trt 30 (fresh 27)"), cli.out());
        assertTrue(cli.out().contains("daily total (measure CSPN/PM4.3, scope 'SKU1', day 2020-09-10) differs:"
                + " events 31 (fresh 30)"), cli.out());
        assertTrue(cli.out().contains("agent day (agent 'agent-north', day 2020-09-10) missing (fresh:"
                + " {CSPN/PM4.3=3} minutes)"), cli.out());
        assertTrue(cli.out().contains("differ: 3 rows (of 2 daily rollups and totals, and the first data and"
                + " agent days) differ"), cli.out());
        assertTrue(!cli.out().contains("rebuilt"), "--check changes nothing: " + cli.out());

        assertEquals(ExitCode.ROLLUPS_DIFFERED.code(), cli.run("collector", "rebuild-rollups", "--db", db.toString()));
        assertTrue(cli.out().contains("differs: within_trt 30 (fresh 27)"), cli.out());
        assertTrue(cli.out().contains("rebuilt: 1 daily rollups and 1 daily totals (and the first data and agent"
                + " days) now equal a fresh aggregation of 3 minute rows"), cli.out());
        assertEquals(0, cli.run("collector", "rebuild-rollups", "--db", db.toString()), cli.out());
    }

    @Test
    void aMissingDatabaseIsRefused() {
        assertEquals(ExitCode.INPUT_REFUSED.code(), cli.run("collector", "rebuild-rollups", "--db",
                dir.resolve("none.db").toString()));
        assertTrue(cli.err().contains("no database at"), cli.err());
    }
}
