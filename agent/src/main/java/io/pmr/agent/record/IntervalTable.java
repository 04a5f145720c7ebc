package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open one-minute intervals of every (measure, scope), each kept in start order, and a pool of
 * recycled cells. An event belongs to the UTC-aligned minute in which it started.
 *
 * <p>Hot path: {@link #cellFor} finds the newest cell of a series in O(1) when starts arrive in time order
 * (the usual case); a start older than the newest open interval is searched backwards, and one older than
 * every open interval gets a new cell (its counts are additive at the collector). A new cell is taken from
 * the pool, so steady state allocates nothing.
 *
 * <p>Threading: single-threaded (the port's listener thread, which is also the thread that ticks).
 */
public final class IntervalTable {
    public static final long INTERVAL_NANOS = 60_000_000_000L;
    /**
     * The earliest minute whose start a {@code long} holds: the first multiple of {@link #INTERVAL_NANOS} not below
     * {@code Long.MIN_VALUE}. An instant before it is in a minute that starts before {@code Long.MIN_VALUE}.
     */
    public static final long FIRST_INTERVAL_START_EPOCH_NANOS = -(Long.MAX_VALUE / INTERVAL_NANOS) * INTERVAL_NANOS;
    private static final int VARIANTS = HubVariant.values().length;

    private final Measures measures;
    private final List<List<IntervalCell>> open;
    private final List<ArrayDeque<IntervalCell>> pools;
    /**
     * Per series, its newest open cell (null when none): the usual start falls in its interval and is answered with two
     * comparisons of the cell's own bounds ({@link IntervalCell#holds}), without the list or a division.
     */
    private final IntervalCell[] newest;
    /** Every cell this table made, by {@link IntervalCell#id()} (pooled cells keep their ids). */
    private IntervalCell[] cellsById = new IntervalCell[64];
    private int cellCount;

    public IntervalTable(Measures measures) {
        this.measures = measures;
        int series = EventKind.every().length * VARIANTS;
        open = new ArrayList<>(series);
        pools = new ArrayList<>(series);
        for (int i = 0; i < series; i++) {
            open.add(new ArrayList<>());
            pools.add(new ArrayDeque<>());
        }
        newest = new IntervalCell[series];
    }

    public Measures measures() {
        return measures;
    }

    /**
     * Start of the UTC minute containing {@code epochNanos}.
     *
     * @throws IllegalArgumentException for an instant before {@link #FIRST_INTERVAL_START_EPOCH_NANOS}, whose minute's
     *                                  start is below {@code Long.MIN_VALUE} (the record path rejects such starts first)
     */
    public static long intervalStartOf(long epochNanos) {
        if (epochNanos < FIRST_INTERVAL_START_EPOCH_NANOS) {
            throw new IllegalArgumentException("instant " + epochNanos + " ns is in a minute that starts before "
                    + Long.MIN_VALUE + " ns (the first whole minute starts at " + FIRST_INTERVAL_START_EPOCH_NANOS + ")");
        }
        return Math.floorDiv(epochNanos, INTERVAL_NANOS) * INTERVAL_NANOS;
    }

    /** End (exclusive) of the minute starting at {@code intervalStartEpochNanos}, saturated at {@code Long.MAX_VALUE}. */
    static long intervalEndOf(long intervalStartEpochNanos) {
        return intervalStartEpochNanos > Long.MAX_VALUE - INTERVAL_NANOS ? Long.MAX_VALUE
                : intervalStartEpochNanos + INTERVAL_NANOS;
    }

    /** The cell of the interval in which an event of this series starting at {@code startEpochNanos} belongs. */
    public IntervalCell cellFor(EventKind kind, HubVariant variant, long startEpochNanos) {
        int series = kind.ordinal() * VARIANTS + variant.ordinal();
        IntervalCell cell = newest[series];
        if (cell != null && cell.holds(startEpochNanos)) {
            return cell;
        }
        return cellOf(series, kind, variant, startEpochNanos);
    }

    private IntervalCell cellOf(int series, EventKind kind, HubVariant variant, long startEpochNanos) {
        List<IntervalCell> cells = open.get(series);
        long intervalStart = intervalStartOf(startEpochNanos);
        int i = cells.size() - 1;
        while (i >= 0) {
            long cellStart = cells.get(i).intervalStartEpochNanos();
            if (cellStart == intervalStart) {
                return cells.get(i);
            }
            if (cellStart < intervalStart) {
                break;
            }
            i--;
        }
        IntervalCell cell = take(series, kind, variant, intervalStart);
        cells.add(i + 1, cell);
        newestChanged(series);
        return cell;
    }

    /** After a series' open cells changed: its newest cell and interval for {@link #cellFor}'s shortcut. */
    private void newestChanged(int series) {
        List<IntervalCell> cells = open.get(series);
        newest[series] = cells.isEmpty() ? null : cells.get(cells.size() - 1);
    }

    private IntervalCell take(int series, EventKind kind, HubVariant variant, long intervalStart) {
        IntervalCell cell = pools.get(series).pollLast();
        if (cell == null) {
            if (cellCount == cellsById.length) {
                cellsById = Arrays.copyOf(cellsById, cellCount * 2);
            }
            cell = new IntervalCell(kind, variant, cellCount);
            cellsById[cellCount++] = cell;
        }
        cell.reset(intervalStart);
        return cell;
    }

    /**
     * Moves every final cell (its interval ended: {@code now >= intervalEnd}, and none of its events is
     * pending) out of the table into {@code into}, in (measure, scope, start) order.
     *
     * @return how many cells were moved
     */
    public int collectFinal(long nowEpochNanos, List<IntervalCell> into) {
        int moved = 0;
        for (int series = 0; series < open.size(); series++) {
            List<IntervalCell> cells = open.get(series);
            if (cells.isEmpty()) {
                continue;
            }
            int kept = 0;
            for (int i = 0; i < cells.size(); i++) {
                IntervalCell cell = cells.get(i);
                boolean ended = nowEpochNanos >= intervalEndOf(cell.intervalStartEpochNanos());
                if (ended && cell.pending() == 0) {
                    into.add(cell);
                    moved++;
                } else {
                    cells.set(kept++, cell);
                }
            }
            if (kept < cells.size()) {
                cells.subList(kept, cells.size()).clear();
                newestChanged(series);
            }
        }
        return moved;
    }

    /**
     * Adds every open cell to {@code into} without removing it (for a shutdown: their completed events are
     * sent, their pending ones carried over to the next start; the cells keep holding back the watermark).
     */
    public void openCells(List<IntervalCell> into) {
        for (List<IntervalCell> cells : open) {
            into.addAll(cells);
        }
    }

    /** Start of the earliest interval of this measure (any scope) still open, or {@code Long.MAX_VALUE}. */
    public long earliestOpenIntervalStartEpochNanos(EventKind kind) {
        long earliest = Long.MAX_VALUE;
        for (int v = 0; v < VARIANTS; v++) {
            List<IntervalCell> cells = open.get(kind.ordinal() * VARIANTS + v);
            if (!cells.isEmpty()) {
                earliest = Math.min(earliest, cells.get(0).intervalStartEpochNanos());
            }
        }
        return earliest;
    }

    /** Number of open cells of a series (for tests and diagnostics). */
    public int openIntervals(EventKind kind, HubVariant variant) {
        return open.get(kind.ordinal() * VARIANTS + variant.ordinal()).size();
    }

    /**
     * The cell with this {@link IntervalCell#id()}: the record path names a pending event's cell by its id. Valid for
     * any id this table gave (a recycled cell may since hold another interval).
     */
    public IntervalCell cell(int id) {
        return cellsById[id];
    }

    /** Cells this table has made (open, final or pooled). */
    public int cellsMade() {
        return cellCount;
    }

    /** Returns a cell that was sent to the pool of its series. */
    public void recycle(IntervalCell cell) {
        pools.get(cell.kind().ordinal() * VARIANTS + cell.variant().ordinal()).addLast(cell);
    }
}
