package io.pmr.bench;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's record path against a raw HdrHistogram record, in one run.
 *
 * <ul>
 *   <li>{@link #recordPath()}: one command/response pair through the agent's listener (the
 *       {@link Correlator} attached to a fake port): onStart puts the event in the preallocated pending
 *       table and counts it in its interval; onEnd finds it, takes the exact within-TRT verdict, counts it
 *       and keeps its latency (microseconds) for the interval's histogram. Every 4,096 pairs the virtual
 *       minute closes as a tick would and its cells are recycled. No encoding, MQTT or I/O.</li>
 *   <li>{@link #histogramRecordValue()}: {@code Histogram.recordValue} of the same latencies (1 µs - 1 h,
 *       3 digits), the floor any recording costs.</li>
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1 -r 2}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RecordPathBenchmark {
    /** 2020-09-01T12:00:00Z. */
    private static final long T0 = 1_598_961_600_000_000_000L;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    /** Pairs per virtual minute: 4,096 starts 10 ms apart; then the minute closes and its cells are recycled. */
    private static final int PAIRS_PER_MINUTE_BITS = 12;
    private static final long PAIRS_PER_MINUTE_MASK = (1L << PAIRS_PER_MINUTE_BITS) - 1;

    private Correlator correlator;
    private IntervalTable table;
    private final List<IntervalCell> ready = new ArrayList<>();
    private HanListener listener;
    private Histogram histogram;
    private long messageId;

    @Setup
    public void setUp() {
        Measures measures = new Measures(Region.NORTH, AgentSettings.defaultTrts());
        table = new IntervalTable(measures);
        correlator = new Correlator(table, 1 << 16);
        FakePort port = new FakePort(Region.NORTH);
        port.attach(correlator);
        listener = port.listener();
        histogram = new Histogram(3_600_000_000L, 3);
    }

    /** 0..20 s in steps that spread over the histogram's buckets. */
    private static long latencyNanos(long i) {
        return (i * 7_919L % 20_000_000L) * 1_000L + 317L;
    }

    @Benchmark
    public void recordPath() {
        long id = messageId++;
        long minute = id >>> PAIRS_PER_MINUTE_BITS;
        long start = T0 + minute * MINUTE_NANOS + (id & PAIRS_PER_MINUTE_MASK) * 10_000_000L;
        listener.onStart(id, EventKind.RTT4, (id & 1) == 0 ? HubVariant.SKU1 : HubVariant.SKU2, start);
        listener.onEnd(id, start + latencyNanos(id), true);
        if ((id & PAIRS_PER_MINUTE_MASK) == PAIRS_PER_MINUTE_MASK) {
            // Steady state: the minute closes (as a tick does) and its cells return to the pool, amortized
            // over the minute's pairs; encoding and sending are the close path, not measured here.
            long now = T0 + (minute + 1) * MINUTE_NANOS;
            correlator.expire(now);
            table.collectFinal(now, ready);
            for (IntervalCell cell : ready) {
                table.recycle(cell);
            }
            ready.clear();
        }
    }

    @Benchmark
    public void histogramRecordValue() {
        long id = messageId++;
        histogram.recordValue(latencyNanos(id) / 1_000L);
    }
}
