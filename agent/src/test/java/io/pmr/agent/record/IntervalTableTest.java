package io.pmr.agent.record;

import io.pmr.agent.AgentSettings;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IntervalTable#cellFor}'s shortcut (the newest cell of a series) gives the cell the full search gives: one per
 * (series, UTC minute) among the open cells, whatever the order of starts and closes; ids name cells for the record path.
 */
class IntervalTableTest {
    private static final long MINUTE = IntervalTable.INTERVAL_NANOS;
    private static final long T0 = 1_598_961_600_000_000_000L;

    @Test
    void oneCellPerSeriesAndMinuteThroughOutOfOrderStartsAndCloses() {
        IntervalTable table = new IntervalTable(new Measures(Region.NORTH, AgentSettings.defaultTrts()));
        SplittableRandom random = new SplittableRandom(6_151);
        // The model: the open cell of each (series, minute); a cell once collected is gone from it.
        Map<String, IntervalCell> open = new HashMap<>();
        List<IntervalCell> collected = new ArrayList<>();
        long now = T0;
        for (int i = 0; i < 50_000; i++) {
            now += random.nextLong(2_000_000_000L);
            EventKind kind = random.nextBoolean() ? EventKind.RTT4 : EventKind.RTT2;
            HubVariant variant = random.nextBoolean() ? HubVariant.SKU1 : HubVariant.SKU2;
            // Mostly in time order; now and then minutes late, exactly on a boundary, or a nanosecond before one.
            long start = switch (random.nextInt(10)) {
                case 0 -> now - random.nextLong(5 * MINUTE);
                case 1 -> IntervalTable.intervalStartOf(now);
                case 2 -> IntervalTable.intervalStartOf(now) - 1;
                default -> now;
            };
            IntervalCell cell = table.cellFor(kind, variant, start);
            String key = kind + "/" + variant + "@" + IntervalTable.intervalStartOf(start);
            IntervalCell expected = open.computeIfAbsent(key, k -> cell);
            assertSame(expected, cell, key);
            assertEquals(IntervalTable.intervalStartOf(start), cell.intervalStartEpochNanos());
            assertSame(cell, table.cell(cell.id()), "a cell is found by its id");
            if (random.nextInt(3) == 0) {
                cell.started(); // some cells hold a pending event and stay open through closes
            }
            if (random.nextInt(500) == 0) {
                collected.clear();
                table.collectFinal(now, collected);
                for (IntervalCell done : collected) {
                    assertTrue(open.values().remove(done), "a collected cell was open");
                    table.recycle(done);
                }
            }
        }
        assertEquals(open.size(), openCells(table), "the table's open cells are the model's");
        assertTrue(table.cellsMade() <= open.size() + 4 * 60, "pooled cells are reused: " + table.cellsMade() + " made");
    }

    @Test
    void theLastMinuteOfTimeHasItsCell() {
        IntervalTable table = new IntervalTable(new Measures(Region.NORTH, AgentSettings.defaultTrts()));
        IntervalCell last = table.cellFor(EventKind.RTT4, HubVariant.SKU1, Long.MAX_VALUE - 1);
        assertSame(last, table.cellFor(EventKind.RTT4, HubVariant.SKU1, Long.MAX_VALUE));
        assertEquals(IntervalTable.intervalStartOf(Long.MAX_VALUE), last.intervalStartEpochNanos());
        IntervalCell before = table.cellFor(EventKind.RTT4, HubVariant.SKU1, last.intervalStartEpochNanos() - 1);
        assertNotSame(last, before);
        assertSame(last, table.cellFor(EventKind.RTT4, HubVariant.SKU1, Long.MAX_VALUE));
        assertEquals(2, table.openIntervals(EventKind.RTT4, HubVariant.SKU1));
    }

    @Test
    void theFirstWholeMinuteOfTimeHasItsCellAndAnInstantBeforeItIsRefused() {
        long first = IntervalTable.FIRST_INTERVAL_START_EPOCH_NANOS;
        assertEquals(0, first % IntervalTable.INTERVAL_NANOS);
        assertTrue(first - IntervalTable.INTERVAL_NANOS > first, "the minute before it starts below Long.MIN_VALUE");
        assertEquals(first, IntervalTable.intervalStartOf(first));
        assertEquals(first, IntervalTable.intervalStartOf(first + IntervalTable.INTERVAL_NANOS - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntervalTable.intervalStartOf(Long.MIN_VALUE));
        assertTrue(e.getMessage().contains("instant " + Long.MIN_VALUE + " ns"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntervalTable.intervalStartOf(first - 1));

        IntervalTable table = new IntervalTable(new Measures(Region.NORTH, AgentSettings.defaultTrts()));
        IntervalCell cell = table.cellFor(EventKind.RTT4, HubVariant.SKU1, first);
        assertEquals(first, cell.intervalStartEpochNanos());
        cell.started();
        cell.expired();
        List<IntervalCell> done = new ArrayList<>();
        assertEquals(0, table.collectFinal(first + IntervalTable.INTERVAL_NANOS - 1, done), "not final within its minute");
        assertEquals(1, table.collectFinal(first + IntervalTable.INTERVAL_NANOS, done));
    }

    @Test
    void theLastMinuteOfTimeIsNotFinalBeforeTheEndOfTime() {
        IntervalTable table = new IntervalTable(new Measures(Region.NORTH, AgentSettings.defaultTrts()));
        IntervalCell last = table.cellFor(EventKind.RTT4, HubVariant.SKU1, Long.MAX_VALUE - 1);
        List<IntervalCell> done = new ArrayList<>();
        // Its end saturates at Long.MAX_VALUE: start + 60 s would overflow and look long past.
        assertEquals(0, table.collectFinal(Long.MAX_VALUE - 1, done));
        assertEquals(1, table.collectFinal(Long.MAX_VALUE, done));
        assertSame(last, done.get(0));
    }

    private static int openCells(IntervalTable table) {
        List<IntervalCell> cells = new ArrayList<>();
        table.openCells(cells);
        return cells.size();
    }
}
