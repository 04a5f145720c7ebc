package io.pmr.launcher;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.pmr.collector.ingest.WireHistograms;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire message as protobuf text format ({@link TextFormat#printer()}), except an interval report's histogram: its
 * bytes would print as an unreadable escaped string, so its line becomes a text-format comment summarizing it (count,
 * min, p50, p99, max in milliseconds), decoded within the collector's bounds ({@link WireHistograms}). Stateless.
 */
final class WireText {
    private static final String MARKER = "pmr-decode-histogram-";
    private static final Pattern MARKER_FIELD = Pattern.compile("histogram: \"" + MARKER + "(\\d+)\"");

    private WireText() {
    }

    static String print(Message message) {
        if (!(message instanceof Envelope envelope) || !envelope.hasIntervals()) {
            return TextFormat.printer().printToString(message);
        }
        // Each histogram's bytes are swapped for a marker the printer writes verbatim, then for its summary.
        List<String> summaries = new ArrayList<>();
        IntervalReportBatch.Builder batch = envelope.getIntervals().toBuilder();
        for (int i = 0; i < batch.getIntervalsCount(); i++) {
            IntervalReport report = batch.getIntervals(i);
            if (!report.getHistogram().isEmpty()) {
                batch.setIntervals(i, report.toBuilder()
                        .setHistogram(ByteString.copyFromUtf8(MARKER + summaries.size())));
                summaries.add(summary(report));
            }
        }
        String text = TextFormat.printer().printToString(envelope.toBuilder().setIntervals(batch).build());
        return MARKER_FIELD.matcher(text).replaceAll(
                found -> Matcher.quoteReplacement(summaries.get(Integer.parseInt(found.group(1)))));
    }

    /** One line: {@code # histogram (N bytes): count C, min X ms, p50 X ms, p99 X ms, max X ms}, or why refused. */
    static String summary(IntervalReport report) {
        String head = "# histogram (" + report.getHistogram().size() + " bytes): ";
        Histogram histogram;
        try {
            histogram = WireHistograms.decode(report.getHistogram());
        } catch (IllegalArgumentException e) {
            return head + "refused: " + e.getMessage();
        }
        double perMilli = switch (report.getHistogramUnit()) {
            case NANOSECONDS -> 1_000_000.0;
            case MICROSECONDS -> 1_000.0;
            case MILLISECONDS -> 1.0;
            default -> Double.NaN;
        };
        if (Double.isNaN(perMilli)) {
            return head + "count " + histogram.getTotalCount() + ", unit " + report.getHistogramUnit()
                    + ": values not shown";
        }
        if (histogram.getTotalCount() == 0) {
            return head + "count 0";
        }
        return head + String.format(Locale.ROOT, "count %d, min %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms",
                histogram.getTotalCount(), histogram.getMinValue() / perMilli,
                histogram.getValueAtPercentile(50) / perMilli, histogram.getValueAtPercentile(99) / perMilli,
                histogram.getMaxValue() / perMilli);
    }
}
