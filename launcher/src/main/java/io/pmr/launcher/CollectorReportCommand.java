package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;

/** {@code pmr collector report}: a month's figures from a collector's database. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Computes a month's figures from a collector database; writes report.json and report.csv.")
final class CollectorReportCommand implements Callable<Integer> {

    @Option(names = "--db", defaultValue = "pmr.db", description = "SQLite database file (default ${DEFAULT-VALUE}).")
    Path database;

    @Option(names = "--period", required = true, description = "Report month, yyyy-MM.")
    YearMonth period;

    @Option(names = "--catalogue", description = "Measure catalogue CSV (default: the shipped one).")
    Path catalogue;

    @Option(names = "--out", defaultValue = "out", description = "Output folder (default ./${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(database)) {
            System.err.println("no database at " + database.toAbsolutePath());
            return 2;
        }
        Catalogue cat = catalogue == null ? Catalogue.shipped() : Catalogue.load(catalogue);
        MonthlyReport report = Collector.report(database, cat, period);
        Files.createDirectories(out);
        ReportWriter.writeJson(report, out.resolve("report.json"));
        ReportWriter.writeCsv(report, out.resolve("report.csv"));
        System.out.print(ReportWriter.table(report));
        System.out.printf("wrote %s and %s%n", out.resolve("report.json"), out.resolve("report.csv"));
        return 0;
    }
}
