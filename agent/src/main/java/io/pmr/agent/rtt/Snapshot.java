package io.pmr.agent.rtt;

import java.time.Duration;
import java.util.List;

/**
 * The running totals of a session since its start. Latencies are measured from each command's
 * intended send time; percentiles are of the responses recorded so far.
 *
 * @param elapsedNanos     virtual or wall time since the start
 * @param sent             commands sent
 * @param answered         responses recorded (successful or failed); their latencies are in the histogram
 * @param failed           of those, responses reporting a failure (never within a TRT)
 * @param lost             commands with no response by intended send + max TRT (no latency recorded)
 * @param pending          sent commands neither answered nor lost yet (0 once stopped)
 * @param unansweredAtStop commands still pending when the session stopped at duration + grace (or was
 *                         closed): no verdict, neither within a TRT nor lost, outside the within-shares
 * @param late             responses that came after their command was settled as lost or unanswered at stop
 *                         (changed nothing)
 * @param rejected         responses with an unknown id or a duplicate (changed nothing)
 * @param sendingDone      true once every command is sent (or sending was stopped)
 * @param stopInNanos      time left until the session stops at duration + grace (0 once stopped)
 * @param p50Nanos         median latency, nanoseconds (0 when nothing answered)
 * @param p90Nanos         90th percentile, nanoseconds
 * @param p99Nanos         99th percentile, nanoseconds
 * @param p999Nanos        99.9th percentile, nanoseconds
 * @param maxNanos         largest latency, nanoseconds (within the histogram's 3 significant digits)
 * @param trts             the TRTs, ascending
 * @param withinCounts     per TRT, successful responses with exact latency at or under it
 * @param withinShares     per TRT, withinCounts / (answered + lost); NaN when that is 0
 */
public record Snapshot(long elapsedNanos, long sent, long answered, long failed, long lost, long pending,
                       long unansweredAtStop, long late, long rejected, boolean sendingDone, long stopInNanos,
                       long p50Nanos, long p90Nanos, long p99Nanos, long p999Nanos, long maxNanos,
                       List<Duration> trts, List<Long> withinCounts, List<Double> withinShares) {

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
