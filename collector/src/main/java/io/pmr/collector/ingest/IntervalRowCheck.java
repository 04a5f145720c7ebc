package io.pmr.collector.ingest;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.CheckedHistograms;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;

/**
 * The checks of one interval row of an intervals batch: start time in the wire bounds, measure and TRT against the
 * catalogue ({@link FieldChecks}), length, alignment to a UTC minute, counts in range and consistent, and its
 * histogram within bounds and holding no more values than events ({@link HistogramCheck}). Times and lengths in
 * milliseconds. Thread-safe (immutable); the {@link CheckedHistograms} a caller passes is its own.
 */
final class IntervalRowCheck {
    /** Counts above this are implausible for a one-minute interval and would endanger exact 64-bit sums. */
    static final long MAX_COUNT = 1L << 40;
    static final long INTERVAL_ALIGNMENT_MILLIS = 60_000;
    /** Interval lengths an agent may report: positive and at most a day (v1 agents send 60,000). */
    static final long MAX_INTERVAL_LENGTH_MILLIS = 86_400_000L;

    private final FieldChecks fields;

    IntervalRowCheck(FieldChecks fields) {
        this.fields = fields;
    }

    /**
     * Null when row {@code index} is good, else the first problem. When {@code checked} is not null, an accepted
     * histogram's buckets are left in it under {@code index}.
     */
    Verdict.Invalid check(int index, IntervalReport report, EnvelopeKey key, CheckedHistograms checked) {
        Verdict.Invalid badStart = fields.checkTime(new Place("intervals", index, report.getMeasureId(), true,
                Place.NO_TIME, "interval_start_epoch_millis"), report.getIntervalStartEpochMillis(), key);
        if (badStart != null) {
            return badStart;
        }
        Place where = new Place("intervals", index, report.getMeasureId(), true, report.getIntervalStartEpochMillis(),
                null);
        Verdict.Invalid problem = fields.checkMeasure(where, report.getMeasureId(), report.getTrtMillis(),
                report.getTrtRule(), key);
        if (problem != null) {
            return problem;
        }
        long lengthMillis = report.getIntervalLengthMillis();
        if (lengthMillis <= 0 || lengthMillis > MAX_INTERVAL_LENGTH_MILLIS) {
            return Verdict.invalid(RejectReason.BAD_INTERVAL_LENGTH, where + ": interval_length_millis "
                    + lengthMillis + " is outside 1.." + MAX_INTERVAL_LENGTH_MILLIS, key);
        }
        if (Math.floorMod(report.getIntervalStartEpochMillis(), INTERVAL_ALIGNMENT_MILLIS) != 0) {
            return Verdict.invalid(RejectReason.UNALIGNED_INTERVAL, where
                    + ": start is not aligned to a UTC minute", key);
        }
        long events = report.getEvents();
        long within = report.getWithinTrt();
        long timedOut = report.getTimedOut();
        long failed = report.getFailed();
        if (outOfRange(events) || outOfRange(within) || outOfRange(timedOut) || outOfRange(failed)) {
            return Verdict.invalid(RejectReason.COUNT_OUT_OF_RANGE, where + ": a count exceeds " + MAX_COUNT, key);
        }
        for (ExclusionCount excluded : report.getExcludedList()) {
            if (outOfRange(excluded.getCount())) {
                return Verdict.invalid(RejectReason.COUNT_OUT_OF_RANGE, where + ": excluded count exceeds "
                        + MAX_COUNT, key);
            }
        }
        if (events != within + timedOut + failed) {
            return Verdict.invalid(RejectReason.INCONSISTENT_COUNTS, where + ": events " + events
                    + " != within_trt " + within + " + timed_out " + timedOut + " + failed " + failed, key);
        }
        if (!report.getHistogram().isEmpty()) {
            HistogramCheck.Result histogram = checked == null ? HistogramCheck.decodeTotal(report.getHistogram())
                    : HistogramCheck.decodeTotal(report.getHistogram(), checked, index);
            if (!histogram.ok()) {
                return Verdict.invalid(RejectReason.BAD_HISTOGRAM, where + ": histogram " + histogram.problem(),
                        key);
            }
            if (histogram.totalCount() > events) {
                return Verdict.invalid(RejectReason.HISTOGRAM_EXCEEDS_EVENTS, where + ": histogram holds "
                        + histogram.totalCount() + " values for " + events + " events", key);
            }
        }
        return null;
    }

    private static boolean outOfRange(long unsignedCount) {
        return Long.compareUnsigned(unsignedCount, MAX_COUNT) > 0;
    }
}
