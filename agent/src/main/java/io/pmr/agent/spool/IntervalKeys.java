package io.pmr.agent.spool;

import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;

import java.util.List;

/**
 * What identifies the intervals and watermarks of an intervals envelope, for the sent-interval ledger: each run of
 * reports of one series (measure, scope), in the envelope's order, with its interval starts; and the envelope's
 * watermarks.
 *
 * <p>Why not the stripped {@link IntervalReportBatch} the ledger took before: an outbox entry holds its keys until the
 * collector acknowledges the envelope, at 30,000 hubs up to 48 envelopes an agent of about 1,000 reports each, for
 * seconds; a stripped {@code IntervalReport} per interval is an object of about 110 bytes that outlives young
 * collections, where a start here is 8 bytes of one array. The ledger's file keeps its format: the stripped batch is
 * built again ({@link #merged}) only when the envelope is acknowledged, for the moment its record is written.
 *
 * <p>Threading: immutable once made; safe to share.
 */
final class IntervalKeys {
    private static final String[] NO_STRINGS = {};
    private static final int[] NO_RUNS = {0};
    private static final long[] NO_STARTS = {};

    /** Per run, its series. */
    private final String[] runMeasure;
    private final String[] runScope;
    /** Run r's starts are {@code starts[runFrom[r] .. runFrom[r + 1])}; one more entry than runs. */
    private final int[] runFrom;
    /** Every report's interval start, epoch millis, in the envelope's order. */
    private final long[] starts;
    private final List<MeasureWatermark> watermarks;

    private IntervalKeys(String[] runMeasure, String[] runScope, int[] runFrom, long[] starts,
            List<MeasureWatermark> watermarks) {
        this.runMeasure = runMeasure;
        this.runScope = runScope;
        this.runFrom = runFrom;
        this.starts = starts;
        this.watermarks = watermarks;
    }

    /** The keys of a batch: its reports' series and starts, its watermarks (the batch's own, immutable, objects). */
    static IntervalKeys of(IntervalReportBatch batch) {
        int reports = batch.getIntervalsCount();
        if (reports == 0) {
            return new IntervalKeys(NO_STRINGS, NO_STRINGS, NO_RUNS, NO_STARTS, batch.getWatermarksList());
        }
        int runs = 0;
        String measure = null;
        String scope = null;
        for (int i = 0; i < reports; i++) {
            IntervalReport report = batch.getIntervals(i);
            if (!report.getMeasureId().equals(measure) || !report.getScope().equals(scope)) {
                measure = report.getMeasureId();
                scope = report.getScope();
                runs++;
            }
        }
        String[] runMeasure = new String[runs];
        String[] runScope = new String[runs];
        int[] runFrom = new int[runs + 1];
        long[] starts = new long[reports];
        int run = -1;
        for (int i = 0; i < reports; i++) {
            IntervalReport report = batch.getIntervals(i);
            if (run < 0 || !report.getMeasureId().equals(runMeasure[run]) || !report.getScope().equals(runScope[run])) {
                run++;
                runMeasure[run] = report.getMeasureId();
                runScope[run] = report.getScope();
                runFrom[run] = i;
            }
            starts[i] = report.getIntervalStartEpochMillis();
        }
        runFrom[runs] = reports;
        return new IntervalKeys(runMeasure, runScope, runFrom, starts, batch.getWatermarksList());
    }

    /** Runs of reports of one series (a series may have several runs). */
    int runs() {
        return runMeasure.length;
    }

    String measure(int run) {
        return runMeasure[run];
    }

    String scope(int run) {
        return runScope[run];
    }

    /** The index of run {@code run}'s first start ({@link #start}); its last is before {@code runFrom(run + 1)}. */
    int runFrom(int run) {
        return runFrom[run];
    }

    /** The interval start of report {@code i}, epoch millis. */
    long start(int i) {
        return starts[i];
    }

    int intervals() {
        return starts.length;
    }

    List<MeasureWatermark> watermarks() {
        return watermarks;
    }

    /**
     * The stripped batch these keys stand for (reports with measure, scope and start only; the watermarks): what
     * {@link #merged} gives for these keys alone.
     */
    IntervalReportBatch toBatch() {
        return merged(List.of(this));
    }

    /**
     * The stripped batch of every interval of {@code keys} in order, then every watermark in order: what merging
     * their {@link #toBatch}es gives, the record the ledger's file holds for envelopes acknowledged together. Allocates
     * a report per interval, once per acknowledgement, not while the keys are held.
     */
    static IntervalReportBatch merged(List<IntervalKeys> keys) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (IntervalKeys each : keys) {
            for (int run = 0; run < each.runs(); run++) {
                IntervalReport series = IntervalReport.newBuilder().setMeasureId(each.runMeasure[run])
                        .setScope(each.runScope[run]).build();
                for (int i = each.runFrom[run]; i < each.runFrom[run + 1]; i++) {
                    batch.addIntervals(series.toBuilder().setIntervalStartEpochMillis(each.starts[i]));
                }
            }
        }
        for (IntervalKeys each : keys) {
            batch.addAllWatermarks(each.watermarks);
        }
        return batch.build();
    }
}
