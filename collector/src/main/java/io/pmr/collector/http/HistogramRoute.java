package io.pmr.collector.http;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.ReportPeriod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code /measures/{id}/histogram} (JSON summary) and {@code /measures/{id}/histogram.hlog} (HdrHistogram log, one
 * entry, nanoseconds) of the merged histogram of a measure's interval reports starting in the month. Percentiles are
 * HdrHistogram's ({@code getValueAtPercentile}); the within-TRT count is read off the histogram, so it is only as exact
 * as its buckets: the report's figure, counted from exact verdicts, is the one that decides.
 */
final class HistogramRoute {
    private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9, 100};
    private static final String[] LABELS = {"50", "90", "95", "99", "99.9", "max"};

    /** The two spellings of the route. */
    enum Format {
        JSON("/histogram"), HLOG("/histogram.hlog");

        private final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }

        /** The format a measure path asks for, or null for the figure itself. */
        static Format of(String idAndMore) {
            for (Format format : values()) {
                if (idAndMore.endsWith(format.suffix) && idAndMore.length() > format.suffix.length()) {
                    return format;
                }
            }
            return null;
        }

        String measureId(String idAndMore) {
            return idAndMore.substring(0, idAndMore.length() - suffix.length());
        }
    }

    private final HistogramSource histograms;
    private final Catalogue catalogue;

    HistogramRoute(HistogramSource histograms, Catalogue catalogue) {
        this.histograms = histograms;
        this.catalogue = catalogue;
    }

    ApiResponse handle(YearMonth month, String measureId, Format format, ReportPeriod range) {
        Optional<Histogram> found = histograms.histogram(measureId, range.startEpochMillis(), range.endEpochMillis());
        if (found.isEmpty()) {
            return ApiResponse.error(404, "no latency histogram for measure '" + measureId + "' in period '" + month
                    + "'", Map.of("measure", measureId, "period", month.toString()));
        }
        Histogram histogram = found.get();
        if (format == Format.HLOG) {
            return ApiResponse.text(200, "text/plain; charset=utf-8", hlog(histogram, range));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("measure", measureId);
        body.put("period", month.toString());
        body.put("from", Instant.ofEpochMilli(range.startEpochMillis()).toString());
        body.put("to", Instant.ofEpochMilli(range.endEpochMillis()).toString());
        body.put("totalCount", histogram.getTotalCount());
        body.put("minNanos", histogram.getMinValue());
        body.put("maxNanos", histogram.getMaxValue());
        long meanNanos = Math.round(histogram.getMean());
        body.put("meanNanos", meanNanos);
        body.put("minMillis", millis(histogram.getMinValue()));
        body.put("maxMillis", millis(histogram.getMaxValue()));
        body.put("meanMillis", millis(meanNanos));
        Map<String, Long> nanos = new LinkedHashMap<>();
        Map<String, String> millis = new LinkedHashMap<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            long value = histogram.getValueAtPercentile(PERCENTILES[i]);
            nanos.put(LABELS[i], value);
            millis.put(LABELS[i], millis(value));
        }
        body.put("percentilesNanos", nanos);
        body.put("percentilesMillis", millis);
        Optional<Duration> trt = catalogue.measure(measureId).flatMap(m -> m.trtDuration());
        if (trt.isPresent()) {
            long trtNanos = trt.get().toNanos();
            long within = trtNanos >= histogram.getMaxValue() ? histogram.getTotalCount()
                    : histogram.getCountBetweenValues(0, trtNanos);
            body.put("trtMillis", trt.get().toMillis());
            body.put("countWithinTrt", within);
            body.put("shareWithinTrtPercent", histogram.getTotalCount() == 0 ? null
                    : BigDecimal.valueOf(within).multiply(BigDecimal.valueOf(100))
                            .divide(BigDecimal.valueOf(histogram.getTotalCount()), 2,
                                    java.math.RoundingMode.HALF_UP).toPlainString());
        }
        return ApiResponse.json(body);
    }

    /** Nanoseconds as exact milliseconds, e.g. {@code 800.000000}. */
    private static String millis(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(6).toPlainString();
    }

    private static String hlog(Histogram histogram, ReportPeriod range) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("pmr merged latency histogram, values in nanoseconds");
            writer.outputBaseTime(range.startEpochMillis());
            writer.outputStartTime(range.startEpochMillis());
            writer.outputLegend();
            Histogram copy = histogram.copy();
            copy.setStartTimeStamp(range.startEpochMillis());
            copy.setEndTimeStamp(range.endEpochMillis());
            writer.outputIntervalHistogram(copy);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
