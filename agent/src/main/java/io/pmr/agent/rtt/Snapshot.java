package io.pmr.agent.rtt;

import java.time.Duration;
import java.util.List;

/**
 * The running totals of a session since its start. Latencies are measured from each command's
 * intended send time; percentiles are of the responses recorded so far.
 *
 * @param elapsedNanos   virtual or wall time since the start
 * @param sent           commands sent
 * @param answered       responses recorded (successful or failed); their latencies are in the histogram
 * @param failed         of those, responses reporting a failure (never within a TRT)
 * @param lost           commands with no response by intended send + max TRT (no latency recorded)
 * @param pending        sent commands neither answered nor lost yet
 * @param late           responses that came after their command was lost (changed nothing)
 * @param rejected       responses with an unknown id or a duplicate (changed nothing)
 * @param p50Micros      median latency, microseconds (0 when nothing answered)
 * @param p90Micros      90th percentile, microseconds
 * @param p99Micros      99th percentile, microseconds
 * @param p999Micros     99.9th percentile, microseconds
 * @param maxMicros      largest latency, microseconds
 * @param trts           the TRTs, ascending
 * @param withinCounts   per TRT, successful responses with exact latency at or under it
 * @param withinShares   per TRT, withinCounts / (answered + lost); NaN when that is 0
 */
public record Snapshot(long elapsedNanos, long sent, long answered, long failed, long lost, long pending,
                       long late, long rejected, long p50Micros, long p90Micros, long p99Micros,
                       long p999Micros, long maxMicros, List<Duration> trts, List<Long> withinCounts,
                       List<Double> withinShares) {

    public Snapshot {
        trts = List.copyOf(trts);
        withinCounts = List.copyOf(withinCounts);
        withinShares = List.copyOf(withinShares);
    }

    /** Commands whose verdict is final: answered or lost. The denominator of the within-shares. */
    public long settled() {
        return answered + lost;
    }
}
