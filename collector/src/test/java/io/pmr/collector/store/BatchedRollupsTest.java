package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollups a write batch merges in memory: hourly envelopes of a few agents, written one per batch into one store
 * and many per batch (with duplicates inside a batch, and a batch that fails and is written again) into another, give
 * the same daily_rollup rows byte for byte, equal to a fresh aggregation of the minute rows. On each
 * {@link StoreEngine}.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class BatchedRollupsTest {
    private static final long DAY_START = 1_598_914_800_000L; // 2020-09-01T00:00 Europe/London
    private static final List<String> AGENTS = List.of("agent-a", "agent-b", "agent-c", "agent-d");

    private final TestStores stores;

    BatchedRollupsTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    @Test
    void manyEnvelopesToABatchGiveTheRollupsOfOneToABatch() throws Exception {
        List<Envelope> envelopes = hourlyEnvelopes(new Random(42L), 50);
        try (SqliteStore one = stores.open("one"); SqliteStore many = stores.open("many")) {
            for (Envelope envelope : envelopes) {
                assertEquals(List.of(WriteOutcome.STORED), one.write(List.of(new StoreWrite.Accept(envelope, 1))));
            }
            Random random = new Random(7L);
            int from = 0;
            while (from < envelopes.size()) {
                int to = Math.min(envelopes.size(), from + 1 + random.nextInt(40));
                List<StoreWrite> batch = new ArrayList<>();
                for (Envelope envelope : envelopes.subList(from, to)) {
                    batch.add(new StoreWrite.Accept(envelope, 1));
                    if (random.nextInt(4) == 0) {
                        batch.add(new StoreWrite.Accept(envelope, 2)); // the same message again, in the same batch
                    }
                }
                if (random.nextInt(3) == 0) {
                    // a batch failing after it merged rollups: rolled back, nothing of it kept, then written again
                    List<StoreWrite> failing = new ArrayList<>(batch);
                    failing.add(new StoreWrite.Accept(Envelope.newBuilder().setBootEpoch(1).setSequence(1)
                            .setIntervals(IntervalReportBatch.getDefaultInstance()).build(), 1));
                    assertThrows(IllegalArgumentException.class, () -> many.write(failing));
                }
                for (WriteOutcome outcome : many.write(batch)) {
                    assertTrue(outcome == WriteOutcome.STORED || outcome == WriteOutcome.DUPLICATE, outcome.name());
                }
                from = to;
            }
            assertEquals(one.envelopeCount(), many.envelopeCount());
            RollupCheck check = RollupMaintenance.check(many, 10);
            assertTrue(check.equal(), check.differences().toString());
            assertTrue(check.rollupRows() >= AGENTS.size() * 3, "rollups of several days: " + check.rollupRows());
        }
        assertEquals(rollupRows("one"), rollupRows("many"));
    }

    /**
     * A writer keeps the rollups and totals it wrote between batches (SQLite): a commit by another connection in
     * between (another process, here a plain JDBC connection) must be read by the next batch, not overwritten with the
     * kept copy.
     */
    @Test
    void anotherConnectionsCommitBetweenBatchesIsAddedTo() throws Exception {
        List<Envelope> envelopes = hourlyEnvelopes(new Random(11L), 3);
        Envelope first = envelopes.get(0);
        Envelope later = envelopes.get(AGENTS.size()); // the same agent, the next hour of the same day
        try (SqliteStore store = stores.open("kept")) {
            assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(new StoreWrite.Accept(first, 1))));
            try (Connection other = stores.connect("kept"); Statement statement = other.createStatement()) {
                other.setAutoCommit(true);
                assertEquals(2, statement.executeUpdate("UPDATE daily_rollup SET events = events + 1000"));
                assertEquals(2, statement.executeUpdate("UPDATE daily_total SET events = events + 1000"));
            }
            assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(new StoreWrite.Accept(later, 1))));
        }
        for (String scope : List.of("SKU1", "SKU2")) {
            long expected = 1000 + events(first, scope) + events(later, scope);
            assertEquals(expected, stored("kept", "SELECT events FROM daily_rollup WHERE scope = '" + scope + "'"));
            assertEquals(expected, stored("kept", "SELECT events FROM daily_total WHERE scope = '" + scope + "'"));
        }
    }

    private static long events(Envelope envelope, String scope) {
        return envelope.getIntervals().getIntervalsList().stream().filter(report -> report.getScope().equals(scope))
                .mapToLong(IntervalReport::getEvents).sum();
    }

    private long stored(String name, String sql) throws Exception {
        try (Connection connection = stores.connect(name);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            long value = rs.getLong(1);
            assertTrue(!rs.next(), "one row: " + sql);
            return value;
        }
    }

    /** {@code hours} envelopes per agent, each an hour of one-minute rows in two scopes, histograms in milliseconds. */
    private static List<Envelope> hourlyEnvelopes(Random random, int hours) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int hour = 0; hour < hours; hour++) {
            for (String agent : AGENTS) {
                IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
                for (int minute = 0; minute < 60; minute++) {
                    for (String scope : List.of("SKU1", "SKU2")) {
                        long events = 1 + random.nextInt(30);
                        long within = random.nextInt((int) events + 1);
                        batch.addIntervals(IntervalReport.newBuilder().setMeasureId("CSPN/PM4.3").setScope(scope)
                                .setIntervalStartEpochMillis(DAY_START + (hour * 60L + minute) * 60_000L)
                                .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(events)
                                .setWithinTrt(within).setTimedOut(events - within).setFailed(0)
                                .setHistogram(histogram(random, events)).setHistogramUnit(LatencyUnit.MILLISECONDS));
                    }
                }
                envelopes.add(Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(hour + 1L)
                        .setIntervals(batch).build());
            }
        }
        return envelopes;
    }

    private static ByteString histogram(Random random, long events) {
        Histogram histogram = new Histogram(1, 86_400_000L, 3);
        for (int i = 0; i < events; i++) {
            histogram.recordValue(1 + (long) (random.nextDouble() * random.nextDouble() * 60_000));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    /** Every daily_rollup row, columns in order, blobs as their bytes. */
    private List<String> rollupRows(String name) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = stores.connect(name);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + DailyRollup.COLUMNS + " FROM daily_rollup"
                        + " ORDER BY agent_id, measure_id, scope, day_start_epoch_millis")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= 11; column++) {
                    Object value = rs.getObject(column);
                    row.append(value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value))
                            .append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
