package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.ReportPeriod;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SqliteActivityReader#periodsWithData}'s seeks for device records and down windows
 * ({@link SqliteActivityReader#FIRST_EVENT_SQL}, {@link SqliteActivityReader#FIRST_DOWN_WINDOW_SQL}): on seeded rows
 * of five measures over fourteen months (many at UK month edges, both clock changes) each answers exactly what the
 * plain {@code MIN(start) WHERE start >= ?} answered, at every cursor; the months found are the months of the rows;
 * and neither engine plans a walk of the whole table or index for them. On each {@link StoreEngine}.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class FirstStartReadsTest {
    private static final List<String> MEASURES = List.of("CSPC/PM6.2", "CSPN/PM1.1", "CSPN/PM6.2", "CSPS/PM1.2",
            "CSPS/PM6.2");
    /** 2020-01-01T00:00Z, the first month of the rows. */
    private static final long FROM = 1_577_836_800_000L;
    private static final int MONTHS = 14;

    private final StoreEngine engine;
    private final TestStores stores;

    FirstStartReadsTest(StoreEngine engine, @TempDir Path dir) {
        this.engine = engine;
        this.stores = engine.stores(dir);
    }

    @Test
    void theSeeksAnswerAsThePlainMinimumDidAndFindTheRowsMonths() throws Exception {
        Set<YearMonth> months = seed(new Random(1406));
        try (Connection connection = stores.connect()) {
            for (String table : List.of("event_record", "down_window")) {
                String plain = "SELECT MIN(start_epoch_millis) FROM " + table + " WHERE start_epoch_millis >= ?";
                String seeks = table.equals("event_record") ? SqliteActivityReader.FIRST_EVENT_SQL
                        : SqliteActivityReader.FIRST_DOWN_WINDOW_SQL;
                int found = 0;
                for (long at = FROM - 86_400_000L; at < FROM + 440 * 86_400_000L; at += 7 * 3_600_000L + 1_234L) {
                    Long expected = first(connection, plain, at);
                    assertEquals(expected, first(connection, seeks, at), table + " at " + Instant.ofEpochMilli(at));
                    found += expected == null ? 0 : 1;
                }
                for (long at : new long[] {Long.MIN_VALUE, Long.MAX_VALUE}) {
                    assertEquals(first(connection, plain, at), first(connection, seeks, at), table + " at " + at);
                }
                assertTrue(found > 1_000, table + ": " + found + " cursors found a row");
            }
        }
        try (SqliteActivityReader reader = SqliteActivityReader.open(stores.location())) {
            assertEquals(months, reader.periodsWithData());
        }
        assertTrue(months.size() >= MONTHS, "rows in every month: " + months);
    }

    @Test
    void neitherEnginePlansAWalkOfTheWholeIndex() throws Exception {
        seed(new Random(7));
        try (Connection connection = stores.connect(); Statement statement = connection.createStatement()) {
            if (engine == StoreEngine.POSTGRES) {
                statement.execute("ANALYZE");
                // a few hundred rows: PostgreSQL would rightly read them all; what matters is that it need not
                statement.execute("SET enable_seqscan = off");
                statement.execute("SET enable_bitmapscan = off");
            }
            for (String table : List.of("event_record", "down_window")) {
                String sql = table.equals("event_record") ? SqliteActivityReader.FIRST_EVENT_SQL
                        : SqliteActivityReader.FIRST_DOWN_WINDOW_SQL;
                List<String> plan = IntervalMeasureReadsTest.plan(connection, engine, sql);
                String text = String.join("\n", plan);
                if (engine == StoreEngine.SQLITE) {
                    for (String step : plan) {
                        assertFalse(step.startsWith("SCAN ") && !step.equals("SCAN " + IntervalMeasures.NAME),
                                "a scan in\n" + text);
                    }
                    assertTrue(plan.stream().anyMatch(step -> step.contains(
                            "INDEX " + table + "_start (measure_id=? AND start_epoch_millis>?)")), text);
                } else {
                    assertFalse(text.contains("Seq Scan on " + table), text);
                    for (int i = 0; i < plan.size(); i++) {
                        if (plan.get(i).contains(" on " + table)) {
                            String condition = plan.get(i + 1).trim();
                            assertTrue(condition.startsWith("Index Cond: ((measure_id")
                                    || condition.startsWith("Index Cond: (measure_id"), text);
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows straight into both tables (the store's own writes are tested elsewhere): random measures and starts over
     * the months, a third of them within a minute of a UK month's start. Returns the UK months of all starts.
     */
    private Set<YearMonth> seed(Random random) throws Exception {
        stores.open().close();
        Set<YearMonth> months = new TreeSet<>();
        try (Connection connection = stores.connect();
                PreparedStatement event = connection.prepareStatement("INSERT INTO event_record (agent_id,"
                        + " boot_epoch, sequence, ordinal, measure_id, device_id, message_id, start_epoch_millis,"
                        + " end_epoch_millis, outcome, latency_micros, outage_id) VALUES ('gw', 1, ?, 0, ?, 'd',"
                        + " ?, ?, ?, 'OK', 10, '')");
                PreparedStatement down = connection.prepareStatement("INSERT INTO down_window (agent_id,"
                        + " boot_epoch, sequence, ordinal, measure_id, start_epoch_millis, end_epoch_millis)"
                        + " VALUES ('gw', 1, ?, 0, ?, ?, ?)")) {
            for (int row = 0; row < 400; row++) {
                long start = start(random);
                String measure = MEASURES.get(random.nextInt(MEASURES.size()));
                PreparedStatement insert = random.nextBoolean() ? event : down;
                int column = 1;
                insert.setLong(column++, row);
                insert.setString(column++, measure);
                if (insert == event) {
                    insert.setString(column++, "m" + row);
                }
                insert.setLong(column++, start);
                insert.setLong(column, start + 60_000L);
                insert.executeUpdate();
                months.add(YearMonth.from(Instant.ofEpochMilli(start).atZone(ReportPeriod.LONDON)));
            }
        }
        return months;
    }

    private static long start(Random random) {
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(FROM).atZone(ReportPeriod.LONDON))
                .plusMonths(random.nextInt(MONTHS));
        long monthStart = ReportPeriod.of(month).startEpochMillis();
        if (random.nextInt(3) == 0) {
            return monthStart + random.nextInt(120_001) - 60_000L; // either side of the month's first instant
        }
        return monthStart + (long) (random.nextDouble() * (ReportPeriod.of(month).endEpochMillis() - monthStart));
    }

    private static Long first(Connection connection, String sql, long at) throws Exception {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, at);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long value = rs.getLong(1);
                return rs.wasNull() ? null : value;
            }
        }
    }
}
