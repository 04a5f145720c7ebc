package io.pmr.agent.record;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Exact counts of one (measure, scope, one-minute UTC interval): events started in the interval, how each
 * became final, how many are still pending, and the latencies of the completed ones in microseconds.
 *
 * <p>Threading: owned by the record path's thread (the port's listener thread). Cells are pooled and
 * reused by {@link IntervalTable}; do not keep a reference after {@link IntervalTable#recycle}.
 */
public final class IntervalCell {
    private static final int INITIAL_SAMPLES = 8;
    /**
     * Samples kept before the cell switches to counting per histogram slot: sorting n samples at encoding
     * costs log n per event, counting one slot increment per event plus one pass over the slots at encoding
     * (about 15,000 for 20 s in microseconds), cheaper once an interval holds a few hundred latencies.
     */
    static final int SAMPLE_LIMIT = 512;

    private final EventKind kind;
    private final HubVariant variant;
    /** The cell's number in its {@link IntervalTable} ({@link IntervalTable#cell(int)}); -1 outside a table. */
    private final int id;
    private long intervalStartEpochNanos;
    /** The interval's end (exclusive), saturated at {@code Long.MAX_VALUE}: {@link #holds} compares with it. */
    private long intervalEndEpochNanos;
    private long events;
    private long withinTrt;
    private long timedOut;
    private long failed;
    /**
     * Latencies of completed events, microseconds: an open interval holds just what it saw (a few values a
     * minute, up to {@link #SAMPLE_LIMIT}), encoded into a histogram only when sent. Reused across recycling;
     * grows up to the limit, never shrinks.
     */
    private long[] latencyMicros = new long[INITIAL_SAMPLES];
    /** Past {@link #SAMPLE_LIMIT} latencies: counts per HdrHistogram slot (null until a busy interval needs it; kept for reuse). */
    private int[] slotCounts;
    /** Whether the latencies are in {@link #slotCounts} (and not in {@link #latencyMicros}). */
    private boolean counting;
    /** The largest latency recorded; its slot is the largest slot counted ({@link #maxSlot()}: not kept per event). */
    private long maxLatencyMicros;
    /** Whether an end of this cell's kind has more to do than count (a per-device record, a probe verdict). */
    private final boolean verdicts;

    IntervalCell(EventKind kind, HubVariant variant) {
        this(kind, variant, -1);
    }

    IntervalCell(EventKind kind, HubVariant variant, int id) {
        this.kind = kind;
        this.variant = variant;
        this.id = id;
        this.verdicts = kind.perDevice() || kind.availabilityProbe();
    }

    void reset(long intervalStartEpochNanos) {
        this.intervalStartEpochNanos = intervalStartEpochNanos;
        this.intervalEndEpochNanos = IntervalTable.intervalEndOf(intervalStartEpochNanos);
        events = 0;
        withinTrt = 0;
        timedOut = 0;
        failed = 0;
        if (counting) {
            Arrays.fill(slotCounts, 0, maxSlot() + 1, 0);
            counting = false;
        }
        maxLatencyMicros = 0;
    }

    /*
     * Per event, one counter is written: pending (events - withinTrt - failed - timedOut) and the latencies recorded
     * (withinTrt + failed: every completed event has one) are derived, not kept.
     */

    /** An event started in this interval and is now pending. */
    public void started() {
        events++;
    }

    /** A pending event completed within its TRT after {@code latencyNanos} (&gt;= 0). */
    public void completedWithinTrt(long latencyNanos) {
        recordLatency(latencyNanos, latencyCount());
        withinTrt++;
    }

    /** A pending event ended unsuccessfully or after its TRT, after {@code latencyNanos} (&gt;= 0). */
    public void completedFailed(long latencyNanos) {
        recordLatency(latencyNanos, latencyCount());
        failed++;
    }

    /** A pending event passed its deadline with no end: it is final as timed out. */
    public void expired() {
        timedOut++;
    }

    /** Records a latency; {@code latencyCount} were recorded before it. */
    private void recordLatency(long latencyNanos, int latencyCount) {
        long micros = latencyNanos / 1_000L;
        if (micros > maxLatencyMicros) {
            maxLatencyMicros = micros;
        }
        if (counting) {
            count(micros);
        } else if (latencyCount < SAMPLE_LIMIT) {
            if (latencyCount == latencyMicros.length) {
                latencyMicros = Arrays.copyOf(latencyMicros, latencyCount * 2);
            }
            latencyMicros[latencyCount] = micros;
        } else {
            startCounting(latencyCount);
            count(micros);
        }
    }

    private void startCounting(int latencyCount) {
        counting = true;
        for (int i = 0; i < latencyCount; i++) {
            count(latencyMicros[i]);
        }
    }

    private void count(long micros) {
        int slot = LatencyHistogramEncoder.countsIndex(micros);
        int[] counts = slotCounts;
        if (counts == null || slot >= counts.length) {
            counts = countsFor(slot);
        }
        counts[slot]++;
    }

    /** The counts grown to hold a slot: to the largest latency seen in a busy interval, reused by the recycled cell. */
    private int[] countsFor(int slot) {
        int length = slotCounts == null ? Math.max(slot + 1, 4_096) : Math.max(slot + 1, slotCounts.length * 2);
        slotCounts = slotCounts == null ? new int[length] : Arrays.copyOf(slotCounts, length);
        return slotCounts;
    }

    /** The largest slot counted: the slot of the largest latency (slots grow with the value). */
    private int maxSlot() {
        return LatencyHistogramEncoder.countsIndex(maxLatencyMicros);
    }

    public EventKind kind() {
        return kind;
    }

    /**
     * Whether an end or timeout of this cell's kind has more to do than count: a {@linkplain EventKind#perDevice()
     * per-device} record or an {@linkplain EventKind#availabilityProbe() availability probe}'s verdict (one field read
     * on the record path instead of two through the kind).
     */
    public boolean verdicts() {
        return verdicts;
    }

    /**
     * The cell's number in the {@link IntervalTable} that made it, for {@link IntervalTable#cell(int)}: stable while the
     * cell is pooled and reused (a record path can name a cell by a primitive instead of a reference); -1 for a cell
     * made outside a table.
     */
    public int id() {
        return id;
    }

    public HubVariant variant() {
        return variant;
    }

    public long intervalStartEpochNanos() {
        return intervalStartEpochNanos;
    }

    /** Whether an instant is in this cell's interval, [start, end). */
    boolean holds(long epochNanos) {
        return epochNanos >= intervalStartEpochNanos && epochNanos < intervalEndEpochNanos;
    }

    public long intervalStartEpochMillis() {
        return intervalStartEpochNanos / 1_000_000L;
    }

    public long events() {
        return events;
    }

    /** Events of this interval that are final (completed or timed out): all of them once none is pending. */
    public long finalEvents() {
        return withinTrt + failed + timedOut;
    }

    public long withinTrt() {
        return withinTrt;
    }

    public long timedOut() {
        return timedOut;
    }

    public long failed() {
        return failed;
    }

    public long pending() {
        return events - withinTrt - failed - timedOut;
    }

    /** The largest latency recorded, microseconds; 0 when none. */
    public long maxLatencyMicros() {
        return maxLatencyMicros;
    }

    /** How many completed events have a latency recorded. */
    public int latencyCount() {
        return (int) (withinTrt + failed);
    }

    /**
     * The compressed HdrHistogram (microseconds) of the completed events' latencies, or null when none
     * completed. Reorders the cell's samples.
     */
    public byte[] encodeLatencies(LatencyHistogramEncoder encoder) {
        int length = encodeLatenciesInto(encoder);
        return length == 0 ? null : Arrays.copyOf(encoder.encoded(), length);
    }

    /**
     * As {@link #encodeLatencies}, into the encoder's buffer ({@link LatencyHistogramEncoder#encoded()}): no
     * allocation.
     *
     * @return the length of the encoding, 0 when no event completed
     */
    public int encodeLatenciesInto(LatencyHistogramEncoder encoder) {
        int latencyCount = latencyCount();
        if (latencyCount == 0) {
            return 0;
        }
        return counting ? encoder.encodeCountsInto(slotCounts, maxSlot(), maxLatencyMicros)
                : encoder.encodeInto(latencyMicros, latencyCount);
    }

    /**
     * The latencies as a new {@link Histogram} in microseconds, or null when none completed: the same counts
     * per histogram slot as the encoding (past {@link #SAMPLE_LIMIT} latencies, each is its slot's lowest
     * equivalent value). Allocates: for tests and diagnostics, not the record path.
     */
    public Histogram latencyMicros() {
        int latencyCount = latencyCount();
        if (latencyCount == 0) {
            return null;
        }
        Histogram histogram = new Histogram(LatencyHistogramEncoder.SIGNIFICANT_DIGITS);
        if (counting) {
            for (int slot = 0, maxSlot = maxSlot(); slot <= maxSlot; slot++) {
                if (slotCounts[slot] > 0) {
                    histogram.recordValueWithCount(LatencyHistogramEncoder.lowestValueAt(slot), slotCounts[slot]);
                }
            }
            return histogram;
        }
        for (int i = 0; i < latencyCount; i++) {
            histogram.recordValue(latencyMicros[i]);
        }
        return histogram;
    }

    @Override
    public String toString() {
        return kind + "/" + variant + "@" + intervalStartEpochMillis() + "[events=" + events + ", within="
                + withinTrt + ", timedOut=" + timedOut + ", failed=" + failed + ", pending=" + pending() + "]";
    }
}
