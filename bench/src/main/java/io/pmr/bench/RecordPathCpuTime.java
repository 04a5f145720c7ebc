package io.pmr.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link RecordPathBenchmark#recordPath}'s workload and {@code Histogram.recordValue} timed in thread CPU time, in
 * turns on one thread: on a shared, loaded machine CPU time is steadier than JMH's wall time (a descheduled thread
 * accrues none), though cache misses caused by other processes still count. Prints one line per round with the
 * ratio; the first rounds are warm-up.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.pmr.bench.RecordPathCpuTime [rounds] [eventsPerRound] [inFlight]}
 */
public final class RecordPathCpuTime {
    private RecordPathCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : RecordPathBenchmark.Workload.IN_FLIGHT;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RecordPathBenchmark.Direct workload = new RecordPathBenchmark.Direct();
        workload.inFlight = inFlight;
        workload.setUp();
        System.out.printf(Locale.ROOT, "%d events pending, %d events and %d values a round%n", inFlight, events, events);
        RecordPathBenchmark.Recorders recorders = new RecordPathBenchmark.Recorders();
        Histogram histogram = recorders.histogram;
        long sink = 0;
        for (int round = 1; round <= rounds; round++) {
            long cpu0Nanos = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                sink += workload.event();
            }
            long cpu1Nanos = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                histogram.recordValue(recorders.latencyMicros());
            }
            long cpu2Nanos = threads.getCurrentThreadCpuTime();
            double recordPathNanos = (cpu1Nanos - cpu0Nanos) / (double) events;
            double histogramNanos = (cpu2Nanos - cpu1Nanos) / (double) events;
            System.out.printf(Locale.ROOT, "round %d: recordPath %.1f ns cpu/event, Histogram.recordValue %.1f ns cpu/value,"
                    + " ratio %.1f%n", round, recordPathNanos, histogramNanos, recordPathNanos / histogramNanos);
        }
        // The running totals the events returned are summed so that the loop cannot be elided.
        System.out.printf(Locale.ROOT, "(encoded %d histogram bytes, %d values, %d within TRT, checksum %d)%n",
                workload.encodedBytes, histogram.getTotalCount(), workload.correlator.withinTrt(), sink);
    }
}
