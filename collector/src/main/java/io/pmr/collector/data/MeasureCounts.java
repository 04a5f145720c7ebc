package io.pmr.collector.data;

/** Sums of the interval reports of one measure over a time range. */
public record MeasureCounts(long events, long withinTrt, long timedOut, long failed) {
    public static final MeasureCounts ZERO = new MeasureCounts(0, 0, 0, 0);

    /** This plus {@code other}; throws ArithmeticException on overflow rather than report a wrong figure. */
    public MeasureCounts plus(MeasureCounts other) {
        return new MeasureCounts(Math.addExact(events, other.events), Math.addExact(withinTrt, other.withinTrt),
                Math.addExact(timedOut, other.timedOut), Math.addExact(failed, other.failed));
    }
}
