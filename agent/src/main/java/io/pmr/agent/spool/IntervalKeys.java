package io.pmr.agent.spool;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What identifies the intervals and watermarks of an intervals envelope, for the sent-interval ledger: each run of
 * reports of one series (measure, scope), in the envelope's order, with its interval starts; and the envelope's
 * watermarks.
 *
 * <p>Why not the stripped {@link IntervalReportBatch} the ledger took before: an outbox entry holds its keys until the
 * collector acknowledges the envelope, at 30,000 hubs up to 48 envelopes an agent of about 1,000 reports each, for
 * seconds; a stripped {@code IntervalReport} per interval is an object of about 110 bytes that outlives young
 * collections, where a start here is 8 bytes of one array. The ledger's file keeps its format: {@link #frame} writes
 * the same bytes as the stripped batch (the reports' {@code measure_id}, {@code scope} and
 * {@code interval_start_epoch_millis}, then the watermarks) would serialise to.
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
     * The stripped batch these keys stand for (reports with measure, scope and start only; the watermarks). Allocates
     * a report per interval: for the ledger's compaction and tests, not per envelope.
     */
    IntervalReportBatch toBatch() {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (int run = 0; run < runs(); run++) {
            for (int i = runFrom[run]; i < runFrom[run + 1]; i++) {
                batch.addIntervals(IntervalReport.newBuilder().setMeasureId(runMeasure[run])
                        .setScope(runScope[run]).setIntervalStartEpochMillis(starts[i]));
            }
        }
        return batch.addAllWatermarks(watermarks).build();
    }

    /**
     * The bytes of the {@link IntervalReportBatch} of every interval of {@code keys} in order, then every watermark in
     * order (what merging their {@link #toBatch}es gives), after {@code headerBytes} zero bytes: protobuf writes a
     * message's fields by number, a repeated message field element by element (tag, length, fields), and leaves out
     * empty strings and zero numbers, as here.
     */
    static byte[] frame(List<IntervalKeys> keys, int headerBytes) {
        int size = 0;
        for (IntervalKeys each : keys) {
            size += each.intervalsSize() + each.watermarksSize();
        }
        byte[] frame = new byte[headerBytes + size];
        CodedOutputStream output = CodedOutputStream.newInstance(frame, headerBytes, size);
        try {
            for (IntervalKeys each : keys) {
                each.writeIntervals(output);
            }
            for (IntervalKeys each : keys) {
                for (MeasureWatermark mark : each.watermarks) {
                    output.writeMessage(IntervalReportBatch.WATERMARKS_FIELD_NUMBER, mark);
                }
            }
            output.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger's keys did not fill the size computed for them", e);
        }
        return frame;
    }

    /** A run's series fields (measure, scope) as a stripped report serialises them: the start follows them. */
    private byte[] seriesFields(int run) {
        return IntervalReport.newBuilder().setMeasureId(runMeasure[run]).setScope(runScope[run]).build().toByteArray();
    }

    private static int startSize(long start) {
        return start == 0 ? 0
                : CodedOutputStream.computeInt64Size(IntervalReport.INTERVAL_START_EPOCH_MILLIS_FIELD_NUMBER, start);
    }

    private int intervalsSize() {
        int size = 0;
        int tag = CodedOutputStream.computeTagSize(IntervalReportBatch.INTERVALS_FIELD_NUMBER);
        for (int run = 0; run < runs(); run++) {
            int series = seriesFields(run).length;
            for (int i = runFrom[run]; i < runFrom[run + 1]; i++) {
                int report = series + startSize(starts[i]);
                size += tag + CodedOutputStream.computeUInt32SizeNoTag(report) + report;
            }
        }
        return size;
    }

    private int watermarksSize() {
        int size = 0;
        for (MeasureWatermark mark : watermarks) {
            size += CodedOutputStream.computeMessageSize(IntervalReportBatch.WATERMARKS_FIELD_NUMBER, mark);
        }
        return size;
    }

    private void writeIntervals(CodedOutputStream output) throws IOException {
        for (int run = 0; run < runs(); run++) {
            byte[] series = seriesFields(run);
            for (int i = runFrom[run]; i < runFrom[run + 1]; i++) {
                long start = starts[i];
                output.writeTag(IntervalReportBatch.INTERVALS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                output.writeUInt32NoTag(series.length + startSize(start));
                output.writeRawBytes(series);
                if (start != 0) {
                    output.writeInt64(IntervalReport.INTERVAL_START_EPOCH_MILLIS_FIELD_NUMBER, start);
                }
            }
        }
    }
}
