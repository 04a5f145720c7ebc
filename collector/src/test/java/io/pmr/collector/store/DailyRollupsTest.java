package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.model.UkCalendar;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily rollups against a fresh aggregation: seeded random ingest (duplicates, conflicts, several scopes of one
 * minute, three latency units, a 1,500-minute clock-change day) read through the rollups must give exactly what the
 * minute rows give, computed here from the envelopes the store said it STORED; rebuild-rollups names a tampered row;
 * a version 7 file is back-filled when opened.
 */
class DailyRollupsTest {
    static final List<String> MEASURES = List.of("CSPN/PM4.3", "CSPC/PM3.1", "DSP/PM1.2");
    static final List<String> SCOPES = List.of("SKU1", "SKU2");
    private static final List<String> AGENTS = List.of("agent-a", "agent-b", "agent-c");
    /** UK days 23..26 October 2020; the 25th has 1,500 minutes. */
    private static final long FROM = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 23));
    private static final long TO = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 27));

    @TempDir
    Path dir;

    /** An interval stored by the store (its envelope came back STORED), with its agent. */
    record Stored(String agentId, IntervalReport report) {
    }

    @Test
    void rollupReadsEqualAFreshAggregationAfterRandomIngestWithDuplicatesAndConflicts() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            List<Stored> stored = ingest(store, new Random(20201025L));
            assertTrue(stored.size() > 500, "enough intervals to cover every day, measure and scope");
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
            assertEquals(stored.size(), check.minuteRows());
            assertEquals(check.freshRows(), check.rollupRows());

            // whole days (rollups only), ragged edges (rollups and minute rows), inside one day (minute rows only)
            for (long[] range : List.of(new long[] {FROM, TO}, new long[] {FROM + 26_180_000L, TO - 10_800_000L},
                    new long[] {FROM + 3_600_000L, FROM + 7_200_000L}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE})) {
                assertReadsEqualFreshAggregation(store, stored, range[0], range[1]);
            }
        }
    }

    @Test
    void rebuildRollupsNamesATamperedRowAndRestoresIt() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            ingest(store, new Random(7));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            long day = UkCalendar.dayStartEpochMillis(LocalDate.of(2020, 10, 25));
            assertEquals(1, statement.executeUpdate("UPDATE daily_rollup SET events = events + 1 WHERE agent_id ="
                    + " 'agent-b' AND measure_id = 'CSPC/PM3.1' AND scope = 'SKU2' AND day_start_epoch_millis = "
                    + day));
            // the report reads the all-agent total: tampered too, so the read shows it until the rebuild
            assertEquals(1, statement.executeUpdate("UPDATE daily_total SET events = events + 1 WHERE measure_id ="
                    + " 'CSPC/PM3.1' AND scope = 'SKU2' AND day_start_epoch_millis = " + day));
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            MeasureCounts before = store.intervalCounts("CSPC/PM3.1", "SKU2", FROM, TO);
            RollupCheck tampered = RollupMaintenance.check(store, 10);
            assertFalse(tampered.equal());
            assertEquals(2, tampered.differingRows());
            String named = tampered.differences().get(0);
            assertTrue(named.contains("agent 'agent-b', measure CSPC/PM3.1, scope 'SKU2', day 2020-10-25")
                    && named.contains("events"), named);
            String total = tampered.differences().get(1);
            assertTrue(total.contains("daily total (measure CSPC/PM3.1, scope 'SKU2', day 2020-10-25) differs:"
                    + " events"), total);

            RollupCheck rebuilt = RollupMaintenance.rebuild(store, 10);
            assertTrue(rebuilt.equal());
            assertTrue(RollupMaintenance.check(store, 10).equal());
            assertEquals(before.events() - 1, store.intervalCounts("CSPC/PM3.1", "SKU2", FROM, TO).events());
        }
    }

    @Test
    void aMissingOrExtraRollupIsNamed() throws Exception {
        Path file = dir.resolve("pmr.db");
        try (SqliteStore store = SqliteStore.open(file)) {
            ingest(store, new Random(11));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM daily_rollup WHERE agent_id = 'agent-a' AND measure_id ="
                    + " 'DSP/PM1.2' AND scope = 'SKU1' AND day_start_epoch_millis = " + FROM);
            statement.executeUpdate("INSERT INTO daily_rollup SELECT 'ghost', measure_id, scope,"
                    + " day_start_epoch_millis, intervals, events, within_trt, timed_out, failed, minutes, histogram"
                    + " FROM daily_rollup LIMIT 1");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertEquals(2, check.differingRows(), check.differences().toString());
            assertTrue(check.differences().stream().anyMatch(d -> d.contains("agent 'agent-a', measure DSP/PM1.2")
                    && d.contains("missing")), check.differences().toString());
            assertTrue(check.differences().stream().anyMatch(d -> d.contains("agent 'ghost'")
                    && d.contains("no minute rows")), check.differences().toString());
        }
    }

    @Test
    void aVersion7FileIsBackFilledWhenOpened() throws Exception {
        Path file = dir.resolve("pmr.db");
        List<Stored> stored;
        try (SqliteStore store = SqliteStore.open(file)) {
            stored = ingest(store, new Random(3));
        }
        // what version 7 left: the same tables without daily_rollup
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE daily_rollup");
            statement.execute("UPDATE schema_version SET version = 7");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            RollupCheck check = RollupMaintenance.check(store, 10);
            assertTrue(check.equal(), check.differences().toString());
            assertTrue(check.rollupRows() > 0);
            assertReadsEqualFreshAggregation(store, stored, FROM, TO);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(SqliteSchema.VERSION, rs.getInt(1));
        }
    }

    @Test
    void aDamagedRollupFailsTheWriteThatWouldMergeIntoItNamingTheRow() throws Exception {
        Path file = dir.resolve("pmr.db");
        Envelope first = envelope("agent-a", 1, List.of(interval("CSPN/PM4.3", "SKU1", FROM, 3, 2, null, 0)));
        try (SqliteStore store = SqliteStore.open(file)) {
            store.write(List.of(new StoreWrite.Accept(first, 1)));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE daily_rollup SET minutes = x'ffffffff'");
        }
        try (SqliteStore store = SqliteStore.open(file)) {
            Envelope next = envelope("agent-a", 2, List.of(interval("CSPN/PM4.3", "SKU1", FROM + 60_000, 1, 1, null, 0)));
            StoreException refused = assertThrows(StoreException.class,
                    () -> store.write(List.of(new StoreWrite.Accept(next, 1))));
            assertTrue(refused.getMessage().contains("agent 'agent-a', measure CSPN/PM4.3, scope 'SKU1', day 2020-10-23")
                    && refused.getMessage().contains("rebuild-rollups"), refused.getMessage());
            assertEquals(1, store.envelopeCount(), "nothing of the refused batch is kept");
        }
    }

    private static void assertReadsEqualFreshAggregation(SqliteStore store, List<Stored> stored, long from, long to) {
        Map<String, MeasureCounts> expectedByMeasure = new TreeMap<>();
        for (String measure : MEASURES) {
            MeasureCounts all = MeasureCounts.ZERO;
            for (String scope : SCOPES) {
                MeasureCounts part = sum(stored, measure, scope, from, to);
                assertEquals(part, store.intervalCounts(measure, scope, from, to), measure + " " + scope);
                all = all.plus(part);
            }
            assertEquals(all, store.intervalCounts(measure, "*", from, to), measure);
            if (stored.stream().anyMatch(s -> s.report().getMeasureId().equals(measure) && in(s, from, to))) {
                expectedByMeasure.put(measure, all);
            }
            assertEquals(describe(freshHistogram(stored, measure, from, to)),
                    describe(store.latencyHistogram(measure, from, to)), measure + " histogram");
            if (from != Long.MIN_VALUE) {
                assertEquals(freshDaily(stored, measure, from, to), store.dailyCounts(measure, from, to), measure);
            }
        }
        assertEquals(expectedByMeasure, store.periodData(from, to).counts());
        if (from != Long.MIN_VALUE) {
            Map<String, long[]> reported = freshAgentIntervals(stored, from, to);
            List<AgentDay> days = store.agentDays(from, to);
            assertEquals(UkCalendar.daysStartingIn(from, to).size() * AGENTS.size(), days.size());
            for (AgentDay day : days) {
                int index = UkCalendar.daysStartingIn(from, to).indexOf(day.day());
                long[] expected = reported.get(day.agentId());
                assertEquals(expected == null ? 0 : expected[index], day.reportedIntervals(),
                        day.agentId() + " " + day.day());
            }
        }
    }

    /**
     * Stores random envelopes: every agent declares two of the measures; intervals of every measure and scope over
     * four UK days, some minutes in both scopes; a fifth of the envelopes sent twice, some keys again with other
     * content (a conflict). Returns the intervals of the envelopes stored.
     */
    static List<Stored> ingest(SqliteStore store, Random random) {
        List<Stored> stored = new ArrayList<>();
        long sequence = 1_000;
        for (String agent : AGENTS) {
            for (String measure : MEASURES.subList(0, 2)) {
                store.write(List.of(new StoreWrite.Accept(status(agent, 1, sequence++, measure, 25_000), 1)));
            }
        }
        List<Envelope> sent = new ArrayList<>();
        for (int e = 0; e < 150; e++) {
            String agent = AGENTS.get(random.nextInt(AGENTS.size()));
            List<IntervalReport> reports = new ArrayList<>();
            int count = 1 + random.nextInt(8);
            Set<String> used = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String measure = MEASURES.get(random.nextInt(MEASURES.size()));
                String scope = SCOPES.get(random.nextInt(SCOPES.size()));
                long start = FROM + 60_000L * random.nextInt((int) ((TO - FROM) / 60_000L));
                if (!used.add(measure + scope + start)) {
                    continue;
                }
                long events = random.nextInt(50);
                long within = events == 0 ? 0 : random.nextInt((int) events + 1);
                int unit = 1 + random.nextInt(3);
                reports.add(interval(measure, scope, start, events, within,
                        events == within && random.nextBoolean() ? null : histogram(random, unit), unit));
            }
            Envelope envelope = envelope(agent, sequence++, reports);
            List<StoreWrite> batch = new ArrayList<>();
            batch.add(new StoreWrite.Accept(envelope, 1));
            if (!sent.isEmpty() && random.nextInt(5) == 0) {
                batch.add(new StoreWrite.Accept(sent.get(random.nextInt(sent.size())), 2)); // a duplicate
            }
            if (!sent.isEmpty() && random.nextInt(7) == 0) {
                Envelope old = sent.get(random.nextInt(sent.size()));
                batch.add(new StoreWrite.Accept(old.toBuilder().setIntervals(old.getIntervals().toBuilder()
                        .addIntervals(interval("CSPN/PM4.3", "SKU1", FROM, 1_000, 0, null, 0))).build(), 3));
            }
            List<WriteOutcome> outcomes = store.write(batch);
            assertEquals(WriteOutcome.STORED, outcomes.get(0));
            for (int i = 1; i < outcomes.size(); i++) {
                assertTrue(outcomes.get(i) == WriteOutcome.DUPLICATE || outcomes.get(i) == WriteOutcome.CONFLICT,
                        outcomes.get(i).toString());
            }
            sent.add(envelope);
            reports.forEach(r -> stored.add(new Stored(agent, r)));
        }
        return stored;
    }

    private static Envelope envelope(String agent, long sequence, List<IntervalReport> reports) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addAllIntervals(reports)).build();
    }

    private static IntervalReport interval(String measure, String scope, long start, long events, long within,
            ByteString histogram, int unit) {
        IntervalReport.Builder builder = IntervalReport.newBuilder().setMeasureId(measure).setScope(scope)
                .setIntervalStartEpochMillis(start).setIntervalLengthMillis(60_000).setTrtMillis(25_000)
                .setEvents(events).setWithinTrt(within).setTimedOut(events - within).setFailed(0);
        if (histogram != null) {
            builder.setHistogram(histogram).setHistogramUnit(LatencyUnit.forNumber(unit));
        }
        return builder.build();
    }

    /** A compressed histogram of random latencies in a unit, with 2 or 3 significant digits. */
    private static ByteString histogram(Random random, int unit) {
        long top = unit == 1 ? 2_000_000_000L : unit == 2 ? 20_000_000L : 90_000L;
        Histogram histogram = new Histogram(1, top, 2 + random.nextInt(2));
        for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
            histogram.recordValueWithCount(1 + (long) (random.nextDouble() * random.nextDouble() * (top - 1)),
                    1 + random.nextInt(3));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    private static boolean in(Stored s, long from, long to) {
        long start = s.report().getIntervalStartEpochMillis();
        return start >= from && start < to;
    }

    private static MeasureCounts sum(List<Stored> stored, String measure, String scope, long from, long to) {
        MeasureCounts total = MeasureCounts.ZERO;
        for (Stored s : stored) {
            IntervalReport r = s.report();
            if (r.getMeasureId().equals(measure) && r.getScope().equals(scope) && in(s, from, to)) {
                total = total.plus(new MeasureCounts(r.getEvents(), r.getWithinTrt(), r.getTimedOut(), r.getFailed()));
            }
        }
        return total;
    }

    /** What the minute rows give: summed per wire unit at 3 digits, each bucket multiplied out to nanoseconds. */
    private static Histogram freshHistogram(List<Stored> stored, String measure, long from, long to) {
        Histogram[] perUnit = new Histogram[4];
        for (Stored s : stored) {
            IntervalReport r = s.report();
            if (r.getMeasureId().equals(measure) && in(s, from, to) && !r.getHistogram().isEmpty()) {
                int unit = r.getHistogramUnitValue();
                if (perUnit[unit] == null) {
                    perUnit[unit] = new Histogram(3);
                    perUnit[unit].setAutoResize(true);
                }
                try {
                    perUnit[unit].add(Histogram.decodeFromCompressedByteBuffer(r.getHistogram().asReadOnlyByteBuffer(),
                            0));
                } catch (java.util.zip.DataFormatException e) {
                    throw new AssertionError(e);
                }
            }
        }
        Histogram nanos = new Histogram(3);
        nanos.setAutoResize(true);
        long[] factor = {0, 1, 1_000, 1_000_000};
        for (int unit = 1; unit < 4; unit++) {
            if (perUnit[unit] != null) {
                for (HistogramIterationValue v : perUnit[unit].recordedValues()) {
                    nanos.recordValueWithCount(v.getValueIteratedTo() * factor[unit], v.getCountAtValueIteratedTo());
                }
            }
        }
        return nanos;
    }

    private static String describe(Histogram histogram) {
        StringBuilder out = new StringBuilder("total " + histogram.getTotalCount() + " min "
                + histogram.getMinNonZeroValue() + " max " + histogram.getMaxValue() + " p99 "
                + histogram.getValueAtPercentile(99) + ":");
        for (HistogramIterationValue v : histogram.recordedValues()) {
            out.append(' ').append(v.getValueIteratedTo()).append('x').append(v.getCountAtValueIteratedTo());
        }
        return out.toString();
    }

    private static List<DailyCount> freshDaily(List<Stored> stored, String measure, long from, long to) {
        List<LocalDate> days = UkCalendar.daysStartingIn(from, to);
        long[] events = new long[days.size()];
        long[] within = new long[days.size()];
        for (Stored s : stored) {
            IntervalReport r = s.report();
            int day = days.indexOf(UkCalendar.dayOf(r.getIntervalStartEpochMillis()));
            if (r.getMeasureId().equals(measure) && in(s, from, to) && day >= 0) {
                events[day] += r.getEvents();
                within[day] += r.getWithinTrt();
            }
        }
        List<DailyCount> counts = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            counts.add(new DailyCount(days.get(i), events[i], within[i]));
        }
        return counts;
    }

    /** Per agent and day: distinct (declared measure, minute) pairs; every agent declared the first two measures. */
    private static Map<String, long[]> freshAgentIntervals(List<Stored> stored, long from, long to) {
        List<LocalDate> days = UkCalendar.daysStartingIn(from, to);
        Map<String, Set<String>> pairs = new TreeMap<>();
        for (Stored s : stored) {
            IntervalReport r = s.report();
            int day = days.indexOf(UkCalendar.dayOf(r.getIntervalStartEpochMillis()));
            if (MEASURES.subList(0, 2).contains(r.getMeasureId()) && in(s, from, to) && day >= 0) {
                pairs.computeIfAbsent(s.agentId() + "|" + day, k -> new HashSet<>())
                        .add(r.getMeasureId() + "@" + r.getIntervalStartEpochMillis());
            }
        }
        Map<String, long[]> reported = new TreeMap<>();
        pairs.forEach((key, set) -> {
            String[] parts = key.split("\\|");
            reported.computeIfAbsent(parts[0], k -> new long[days.size()])[Integer.parseInt(parts[1])] = set.size();
        });
        return reported;
    }
}
