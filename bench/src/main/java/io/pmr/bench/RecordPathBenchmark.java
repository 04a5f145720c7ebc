package io.pmr.bench;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.LoopHandOff;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's record path against raw HdrHistogram recording, in one run.
 *
 * <ul>
 *   <li>{@link #recordPath}: one event (its end and a new start) through the {@link Correlator}, the listener the
 *       agent's thread of control calls, with {@value Workload#IN_FLIGHT} events pending at once (parameter {@code inFlight}), the realistic
 *       case: each operation ends one pseudo-randomly chosen pending event (found by message id, exact within-TRT
 *       verdict, counted, its latency recorded for the interval's histogram) and starts a new one in its place
 *       ({@value Workload#GAP_MICROS} µs apart, so latencies are roughly exponential with a 5 s mean and some pass
 *       the 25 s TRT and time out). Every virtual minute (120,000 events) the interval closes as a tick does:
 *       timed-out events expire, final cells are collected, their histograms encoded (the compressed HdrHistogram
 *       bytes the agent sends) and the cells recycled; that cost is amortised over the minute's events. No MQTT or
 *       I/O.</li>
 *   <li>{@link #recordPathThroughLoop}: the same events as a running agent takes them: the port's thread (the
 *       benchmark's) copies each observation into the agent loop's reusable slots, the loop's thread replays them
 *       into the correlator, and the minute's close runs on the loop's thread as a tick (the port's thread waits for
 *       it, as the driver waits for a tick). With back-pressure (the port's thread waits when every slot is full) the
 *       time per operation is the slower of the two threads', so on two cores it shows what the hand-off adds.</li>
 *   <li>{@link #histogramRecordValue}: {@code Histogram.recordValue} of comparable latencies (1 µs - 20 s,
 *       3 digits), the floor any recording costs.</li>
 *   <li>{@link #singleWriterRecorderRecordValue}: {@code SingleWriterRecorder.recordValue}, the usual way
 *       to record from one thread and read from another.</li>
 * </ul>
 *
 * Run (allocation with the GC profiler):
 * {@code java -jar bench/target/benchmarks.jar RecordPathBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RecordPathBenchmark {

    /** The pending events, the virtual clock and the intervals of one record-path benchmark. */
    @State(Scope.Thread)
    public abstract static class Workload {
        /** 2020-09-01T12:00:00Z. */
        private static final long T0 = 1_598_961_600_000_000_000L;
        private static final long MINUTE_NANOS = 60_000_000_000L;
        static final int IN_FLIGHT = 10_000;
        static final long GAP_MICROS = 500;
        private static final long GAP_NANOS = GAP_MICROS * 1_000L;

        Correlator correlator;
        private IntervalTable table;
        private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();
        private final List<IntervalCell> ready = new ArrayList<>();
        /**
         * Events pending at once: {@value #IN_FLIGHT}, the realistic case the goal is stated for; a smaller number
         * ({@code -p inFlight=100}, or {@code RecordPathCpuTime}'s third argument) shows the path with everything in cache.
         */
        @Param({"10000"})
        public int inFlight = IN_FLIGHT;
        private long[] inFlightIds;
        private HanListener listener;
        private long next;
        private long nextMinuteCloseNanos;
        /** The virtual time of the close {@link #close} runs (a field, so the close allocates no lambda). */
        private long closeAtNanos;
        /** Bytes of histograms encoded so far (the benchmark returns it, so the encoding cannot be elided). */
        long encodedBytes;
        final Runnable close = this::close;

        /** Fills the table with {@link #inFlight} pending events through {@code listener}. */
        void start(HanListener through) {
            if (inFlight < 1) {
                throw new IllegalArgumentException("inFlight must be at least 1, not " + inFlight);
            }
            listener = through;
            inFlightIds = new long[inFlight];
            for (int i = 0; i < inFlight; i++) {
                long id = next++;
                listener.onStart(id, EventKind.RTT4, variant(id), timeOf(id));
                inFlightIds[i] = id;
            }
            nextMinuteCloseNanos = IntervalTable.intervalStartOf(timeOf(next)) + MINUTE_NANOS;
        }

        void newCorrelator() {
            Measures measures = new Measures(Region.NORTH, AgentSettings.defaultTrts());
            table = new IntervalTable(measures);
            correlator = new Correlator(table, 1 << 16);
        }

        /** One event: a pending one ends, a new one starts; the minute closes first when it is due. */
        final long event() {
            long id = next++;
            long now = timeOf(id);
            if (now >= nextMinuteCloseNanos) {
                closeAtNanos = now;
                closeMinute(close);
                nextMinuteCloseNanos += MINUTE_NANOS;
            }
            long[] ids = inFlightIds;
            long draw = mix(id) >>> 33;
            // A constant divisor in the usual case: the JIT makes it a multiply, not a division.
            int victim = (int) (ids.length == IN_FLIGHT ? draw % IN_FLIGHT : draw % ids.length);
            listener.onEnd(ids[victim], now, true);
            listener.onStart(id, EventKind.RTT4, variant(id), now);
            ids[victim] = id;
            return encodedBytes;
        }

        /** Runs the minute's close where the correlator lives. */
        abstract void closeMinute(Runnable close);

        /** What a tick does every minute, up to handing the encoded histograms to the batch. */
        private void close() {
            correlator.expire(closeAtNanos);
            table.collectFinal(closeAtNanos, ready);
            for (IntervalCell cell : ready) {
                encodedBytes += cell.encodeLatenciesInto(encoder);
                table.recycle(cell);
            }
            ready.clear();
        }

        private static long timeOf(long id) {
            return T0 + id * GAP_NANOS;
        }

        private static HubVariant variant(long id) {
            return (id & 1) == 0 ? HubVariant.SKU1 : HubVariant.SKU2;
        }
    }

    /** The correlator called on the benchmark's thread. */
    public static class Direct extends Workload {
        @Setup(Level.Trial)
        public void setUp() {
            newCorrelator();
            FakePort port = new FakePort(Region.NORTH);
            port.attach(correlator);
            start(port.listener());
        }

        @Override
        void closeMinute(Runnable close) {
            close.run();
        }
    }

    /** The correlator behind the agent's thread of control, as in a running agent. */
    public static class ThroughLoop extends Workload {
        private LoopHandOff loop;

        @Setup(Level.Trial)
        public void setUp() {
            newCorrelator();
            loop = new LoopHandOff("bench", correlator);
            FakePort port = new FakePort(Region.NORTH);
            port.attach(loop);
            start(port.listener());
            loop.call(() -> { });
        }

        @Override
        void closeMinute(Runnable close) {
            loop.call(close);
        }

        /** What the port's thread handed over is replayed before the iteration's time is taken. */
        @TearDown(Level.Iteration)
        public void drain() {
            loop.call(() -> { });
        }

        @TearDown(Level.Trial)
        public void stop() {
            loop.stop();
        }
    }

    /** The baselines' recorders and their latency sequence. */
    @State(Scope.Thread)
    public static class Recorders {
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        final SingleWriterRecorder recorder = new SingleWriterRecorder(3_600_000_000L, 3);
        long next;

        /** 0..20 s in microseconds, spread over the histogram's buckets. */
        long latencyMicros() {
            return (mix(next++) >>> 40) % 20_000_000L + 1;
        }
    }

    /** Murmur3's fmix64: a cheap, well-spread pseudo-random number from a counter. */
    static long mix(long x) {
        long h = x;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Benchmark
    public long recordPath(Direct workload) {
        return workload.event();
    }

    @Benchmark
    public long recordPathThroughLoop(ThroughLoop workload) {
        return workload.event();
    }

    @Benchmark
    public void histogramRecordValue(Recorders recorders) {
        recorders.histogram.recordValue(recorders.latencyMicros());
    }

    @Benchmark
    public void singleWriterRecorderRecordValue(Recorders recorders) {
        recorders.recorder.recordValue(recorders.latencyMicros());
    }
}
