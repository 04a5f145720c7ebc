package io.pmr.bench;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.correlate.Correlator;
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

import java.util.concurrent.TimeUnit;

/**
 * The agent's record path against a raw HdrHistogram record, in one run.
 *
 * <ul>
 *   <li>{@link #recordPath()}: one command/response pair through the agent's listener (the
 *       {@link Correlator} attached to a fake port): onStart puts the event in the preallocated pending
 *       table and counts it in its interval; onEnd finds it, takes the exact within-TRT verdict, counts it
 *       and records its latency (microseconds) in the interval's packed histogram. Every 1,024 pairs the
 *       deadline queue is swept as a tick would. No MQTT, no I/O.</li>
 *   <li>{@link #histogramRecordValue()}: {@code Histogram.recordValue} of the same latencies (1 µs - 1 h,
 *       3 digits), the floor any recording costs.</li>
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RecordPathBenchmark {
    /** 2020-09-01T12:00:00Z; starts stay within one minute so one interval cell is reused, as in steady state. */
    private static final long T0 = 1_598_961_600_000_000_000L;

    private Correlator correlator;
    private HanListener listener;
    private Histogram histogram;
    private long messageId;

    @Setup
    public void setUp() {
        Measures measures = new Measures(Region.NORTH, AgentSettings.defaultTrts());
        correlator = new Correlator(new IntervalTable(measures), 1 << 16);
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
        long start = T0 + (id & 0xFFFFL) * 500_000L;
        listener.onStart(id, EventKind.RTT4, (id & 1) == 0 ? HubVariant.SKU1 : HubVariant.SKU2, start);
        listener.onEnd(id, start + latencyNanos(id), true);
        if ((id & 1023) == 0) {
            correlator.expire(start);
        }
    }

    @Benchmark
    public void histogramRecordValue() {
        long id = messageId++;
        histogram.recordValue(latencyNanos(id) / 1_000L);
    }
}
