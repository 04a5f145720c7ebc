package io.pmr.collector.view;

import io.pmr.collector.data.MeasureData;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a report's views into a folder: {@code report.html}, {@code hlog/<measure>.hlog} and the CSVs of the tables
 * only the page shows ({@code daily-levels.csv}, {@code completeness.csv}, {@code firmware-volumes.csv},
 * {@code latency-summary.csv}). Each file is written to a temporary sibling and moved into place, so a reader never
 * sees half of one. Stateless.
 */
public final class ViewFiles {
    /** The page's file name. */
    public static final String HTML = "report.html";
    /** The folder of the .hlog files, inside the output folder. */
    public static final String HLOG_DIR = "hlog";

    private ViewFiles() {
    }

    /**
     * Reads the views from {@code data} and writes every view file of the report into {@code dir}.
     *
     * @param dataFingerprint the store's data fingerprint, or null when unknown
     * @return the absolute path of {@code report.html}
     */
    public static Path write(MonthlyReport report, MeasureData data, String dataFingerprint, Path dir) {
        ReportViews views = ReportViews.load(report, data, dataFingerprint);
        Path html = dir.resolve(HTML).toAbsolutePath();
        writeAtomically(html, HtmlReport.render(report, views));
        HlogExport.write(views, dir.resolve(HLOG_DIR));
        writeAtomically(dir.resolve("daily-levels.csv"), ViewCsv.daily(report, views).csv());
        writeAtomically(dir.resolve("completeness.csv"), ViewCsv.completeness(views).csv());
        writeAtomically(dir.resolve("firmware-volumes.csv"), ViewCsv.firmware(report).csv());
        writeAtomically(dir.resolve("latency-summary.csv"), ViewCsv.latency(report, views).csv());
        return html;
    }

    /** One writer for every output file: {@link ReportWriter#writeAtomically}. */
    static void writeAtomically(Path file, String text) {
        ReportWriter.writeAtomically(file, text);
    }
}
