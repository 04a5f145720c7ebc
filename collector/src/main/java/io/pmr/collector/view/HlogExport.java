package io.pmr.collector.view;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.model.UkCalendar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * HdrHistogram interval logs ({@code .hlog}) of a month, one file per {@code within_trt} measure agents reported, one
 * interval histogram per UK-local day that had completed events (values in nanoseconds; the max column in ms).
 * A day, not a stored minute: a month of minutes is 44,640 lines per measure, a day is what the daily-level plot
 * shows, and HistogramLogProcessor can still re-bin it. Timed-out events have no latency and are in no histogram, so
 * a log's total count is the measure's events minus those timed out. Stateless.
 */
public final class HlogExport {
    private HlogExport() {
    }

    /** The log's file name for a measure: its id with every character outside {@code [A-Za-z0-9._-]} as {@code _}. */
    public static String fileName(String measureId) {
        return measureId.replaceAll("[^A-Za-z0-9._-]", "_") + ".hlog";
    }

    /** True for the figures that get a log: {@code within_trt} measures agents reported. */
    static boolean logged(MeasureFigure figure) {
        return figure.kind() == MeasureKind.WITHIN_TRT && !figure.agents().isEmpty();
    }

    /** The log text of one measure over the report's month. */
    public static String log(String measureId, MonthlyReport report, MeasureData data) {
        return log(measureId, report.period(), data, day -> { });
    }

    /** As {@link #log(String, MonthlyReport, MeasureData)}, handing each day's histogram (ns) to {@code eachDay}. */
    static String log(String measureId, YearMonth month, MeasureData data, Consumer<Histogram> eachDay) {
        ReportPeriod period = ReportPeriod.of(month);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            // a comment line must stay one line, whatever the catalogue id holds
            writer.outputComment("pmr " + measureId.replaceAll("[\\r\\n]", " ") + " " + month
                    + ": latencies of completed events in nanoseconds, one interval per UK day (Europe/London)");
            writer.outputLogFormatVersion();
            writer.outputStartTime(period.startEpochMillis());
            writer.setBaseTime(period.startEpochMillis());
            writer.outputLegend();
            for (LocalDate day : UkCalendar.daysStartingIn(period.startEpochMillis(), period.endEpochMillis())) {
                long from = UkCalendar.dayStartEpochMillis(day);
                long to = UkCalendar.dayStartEpochMillis(day.plusDays(1));
                Histogram histogram = data.latencyHistogram(measureId, from, to);
                if (histogram.getTotalCount() > 0) {
                    eachDay.accept(histogram);
                    histogram.setStartTimeStamp(from);
                    histogram.setEndTimeStamp(to);
                    writer.outputIntervalHistogram(histogram);
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code <dir>/<fileName(id)>} for every measure with a log (the folder exists afterwards even when none
     * has); returns the files in report order.
     */
    public static List<Path> write(ReportViews views, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> log : views.hlogs().entrySet()) {
            Path file = dir.resolve(fileName(log.getKey()));
            ViewFiles.writeAtomically(file, log.getValue());
            files.add(file);
        }
        return files;
    }
}
