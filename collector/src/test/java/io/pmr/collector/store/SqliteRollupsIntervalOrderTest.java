package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqliteRollups} reuses the last interval's rollup and notes a rollup's interval to the derived rows only when
 * it starts earlier than the ones noted since: an envelope whose intervals of one rollup come latest first, with
 * another scope and another day between them, still gives the earliest minute as first data, every day its minutes,
 * and rollups equal to a fresh aggregation.
 */
class SqliteRollupsIntervalOrderTest {
    private static final long DAY = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
    private static final long MINUTE = 60_000L;

    @TempDir
    Path dir;

    @Test
    void intervalsOfOneRollupLatestFirstAndInterleavedGiveTheEarliestFirstDataAndEveryMinute() throws Exception {
        Envelope envelope = Envelope.newBuilder().setAgentId("agent-o").setBootEpoch(1).setSequence(1)
                .setIntervals(IntervalReportBatch.newBuilder()
                        .addIntervals(interval("SKU1", DAY + 50 * MINUTE))
                        .addIntervals(interval("SKU1", DAY + 20 * MINUTE)) // the earliest, same rollup
                        .addIntervals(interval("SKU1", DAY + 40 * MINUTE))
                        .addIntervals(interval("SKU2", DAY + 45 * MINUTE))
                        .addIntervals(interval("SKU1", DAY + 30 * MINUTE))
                        .addIntervals(interval("SKU1", DAY + 86_400_000L + 7 * MINUTE)) // the next day
                        .addIntervals(interval("SKU1", DAY + 25 * MINUTE)))
                .build();
        DerivedRowsTest rows = new DerivedRowsTest(dir);
        try (SqliteStore store = rows.stores.open()) {
            assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(new StoreWrite.Accept(envelope, 1))));
            assertEquals(Map.of("agent-o|CSPN/PM4.3", DAY + 20 * MINUTE), rows.storedFirst());
            assertEquals(Map.of("agent-o|" + DAY, Map.of("CSPN/PM4.3", 6),
                    "agent-o|" + (DAY + 86_400_000L), Map.of("CSPN/PM4.3", 1)), rows.storedDays());
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
    }

    /**
     * Envelopes of two agents in turns, as the ingest's batches hold twenty agents' round robin, over two batches: each
     * rollup notes the derived rows afresh in every batch (its earliest start in that batch), so the second batch's
     * later minutes are counted in the agent days, and an agent's earlier minute that comes after another agent's
     * envelope still lowers its first data. Fails if a kept rollup carried its noted start into the next batch (the
     * second batch's minutes never counted) or the note were skipped after another agent's interval.
     */
    @Test
    void agentsInTurnsAcrossBatchesCountEveryMinuteAndTheEarliestFirstData() throws Exception {
        DerivedRowsTest rows = new DerivedRowsTest(dir);
        try (SqliteStore store = rows.stores.open()) {
            assertEquals(List.of(WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.STORED),
                    store.write(List.of(accept("agent-a", 1, DAY + 40 * MINUTE),
                            accept("agent-b", 1, DAY + 41 * MINUTE), accept("agent-a", 2, DAY + 10 * MINUTE),
                            accept("agent-b", 2, DAY + 42 * MINUTE))));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", DAY + 10 * MINUTE, "agent-b|CSPN/PM4.3", DAY + 41 * MINUTE),
                    rows.storedFirst());
            assertEquals(List.of(WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.STORED),
                    store.write(List.of(accept("agent-a", 3, DAY + 50 * MINUTE),
                            accept("agent-b", 3, DAY + 51 * MINUTE), accept("agent-b", 4, DAY + 5 * MINUTE))));
            assertEquals(Map.of("agent-a|CSPN/PM4.3", DAY + 10 * MINUTE, "agent-b|CSPN/PM4.3", DAY + 5 * MINUTE),
                    rows.storedFirst());
            assertEquals(Map.of("agent-a|" + DAY, Map.of("CSPN/PM4.3", 3), "agent-b|" + DAY, Map.of("CSPN/PM4.3", 4)),
                    rows.storedDays());
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
        }
    }

    private static StoreWrite.Accept accept(String agentId, long sequence, long start) {
        return new StoreWrite.Accept(Envelope.newBuilder().setAgentId(agentId).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addIntervals(interval("SKU1", start))).build(), 1);
    }

    private static IntervalReport interval(String scope, long start) {
        return IntervalReport.newBuilder().setMeasureId("CSPN/PM4.3").setScope(scope)
                .setIntervalStartEpochMillis(start).setIntervalLengthMillis(60_000).setTrtMillis(25_000)
                .setEvents(1).setWithinTrt(1).build();
    }
}
