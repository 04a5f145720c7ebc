package io.pmr.bench;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.LatencyHistogramEncoder;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's record path against raw HdrHistogram recording, in one run.
 *
 * <ul>
 *   <li>{@link #recordPath}: one event through the agent's listener (the {@link Correlator} attached to a
 *       fake port) with {@value #IN_FLIGHT} events pending at once, the realistic case: each operation
 *       ends one pseudo-randomly chosen pending event (found by message id, exact within-TRT verdict,
 *       counted, its latency recorded for the interval's histogram) and starts a new one in its place
 *       ({@value #GAP_MICROS} µs apart, so latencies are roughly exponential with a 5 s mean and some pass the
 *       25 s TRT and time out). Every virtual minute (120,000 events) the interval closes as a tick does:
 *       timed-out events expire, final cells are collected, their histograms encoded (the compressed
 *       HdrHistogram bytes the agent sends) and the cells recycled; that cost is amortised over the
 *       minute's events. No MQTT or I/O.</li>
 *   <li>{@link #histogramRecordValue}: {@code Histogram.recordValue} of comparable latencies (1 µs - 1 h,
 *       3 digits), the floor any recording costs.</li>
 *   <li>{@link #singleWriterRecorderRecordValue}: {@code SingleWriterRecorder.recordValue}, the usual way
 *       to record from one thread and read from another.</li>
 * </ul>
 *
 * Run (allocation with the GC profiler):
 * {@code java -jar bench/target/benchmarks.jar RecordPathBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RecordPathBenchmark {
    /** 2020-09-01T12:00:00Z. */
    private static final long T0 = 1_598_961_600_000_000_000L;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    static final int IN_FLIGHT = 10_000;
    static final long GAP_MICROS = 500;
    private static final long GAP_NANOS = GAP_MICROS * 1_000L;
    private static final long EVENTS_PER_MINUTE = MINUTE_NANOS / GAP_NANOS;

    private Correlator correlator;
    private IntervalTable table;
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();
    private final List<IntervalCell> ready = new ArrayList<>();
    private final long[] inFlight = new long[IN_FLIGHT];
    private HanListener listener;
    private Histogram histogram;
    private SingleWriterRecorder recorder;
    private long next;
    private long nextMinuteCloseNanos;

    @Setup
    public void setUp() {
        Measures measures = new Measures(Region.NORTH, AgentSettings.defaultTrts());
        table = new IntervalTable(measures);
        correlator = new Correlator(table, 1 << 16);
        FakePort port = new FakePort(Region.NORTH);
        port.attach(correlator);
        listener = port.listener();
        for (int i = 0; i < IN_FLIGHT; i++) {
            long id = next++;
            listener.onStart(id, EventKind.RTT4, variant(id), timeOf(id));
            inFlight[i] = id;
        }
        nextMinuteCloseNanos = IntervalTable.intervalStartOf(timeOf(next)) + MINUTE_NANOS;
        histogram = new Histogram(3_600_000_000L, 3);
        recorder = new SingleWriterRecorder(3_600_000_000L, 3);
    }

    private static long timeOf(long id) {
        return T0 + id * GAP_NANOS;
    }

    private static HubVariant variant(long id) {
        return (id & 1) == 0 ? HubVariant.SKU1 : HubVariant.SKU2;
    }

    /** Murmur3's fmix64: a cheap, well-spread pseudo-random number from a counter. */
    private static long mix(long x) {
        long h = x;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Benchmark
    public void recordPath(Blackhole blackhole) {
        long id = next++;
        long now = timeOf(id);
        if (now >= nextMinuteCloseNanos) {
            closeMinute(now, blackhole);
        }
        int victim = (int) ((mix(id) >>> 33) % IN_FLIGHT);
        listener.onEnd(inFlight[victim], now, true);
        listener.onStart(id, EventKind.RTT4, variant(id), now);
        inFlight[victim] = id;
    }

    /** What a tick does every minute, up to handing the encoded histograms to the batch. */
    private void closeMinute(long now, Blackhole blackhole) {
        correlator.expire(now);
        table.collectFinal(now, ready);
        for (IntervalCell cell : ready) {
            blackhole.consume(cell.encodeLatenciesInto(encoder));
            table.recycle(cell);
        }
        ready.clear();
        nextMinuteCloseNanos += MINUTE_NANOS;
    }

    /** 0..20 s in microseconds, spread over the histogram's buckets. */
    private static long latencyMicros(long i) {
        return (mix(i) >>> 40) % 20_000_000L + 1;
    }

    @Benchmark
    public void histogramRecordValue() {
        histogram.recordValue(latencyMicros(next++));
    }

    @Benchmark
    public void singleWriterRecorderRecordValue() {
        recorder.recordValue(latencyMicros(next++));
    }
}
