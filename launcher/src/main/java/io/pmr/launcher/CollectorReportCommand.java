package io.pmr.launcher;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.CatalogueException;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.service.ReportService;
import io.pmr.collector.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pmr collector report}: publishes a month from a collector's database (figures judged now, service credits,
 * a new recorded version when the figures changed), prints it in the chosen format and writes the files.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Computes a month's figures from a collector database and prints or writes them.",
                "Computes a month's figures from a collector database and prints them (--format). A month",
                "whose figures changed since the last run is recorded as a new version (restatement), with when and",
                "why; earlier versions stay readable with --show-version. Also writes report.json, report.csv, the",
                "per-table CSVs, report.html, the .hlog files (hlog/) and the page's CSVs into --out."})
final class CollectorReportCommand implements Callable<Integer> {
    enum Format { table, json, csv, html }

    @picocli.CommandLine.Mixin
    StoreOptions database = new StoreOptions();

    @Option(names = "--period", required = true, description = "Report month, yyyy-MM.")
    YearMonth period;

    @Option(names = "--catalogue", description = "Catalogue folder or measures CSV (default: the shipped one).")
    Path catalogue;

    @Option(names = "--format", defaultValue = "table", description = "What to print: table, json, csv or html (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--reason", description = "Why the month is (re)computed; recorded with a new version.")
    String reason;

    @Option(names = "--show-version", paramLabel = "N", description = "Print this recorded version of the month as it was published (JSON) instead of computing.")
    Integer version;

    @Option(names = "--out", description = "Also write report.json, report.csv and the table CSVs into this folder.")
    Path out;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    CollectorReportCommand() {
        this(Clock.systemUTC());
    }

    CollectorReportCommand(Clock clock) {
        this.clock = clock;
    }

    private static int cannotWrite(PrintWriter stderr, String message) {
        stderr.println(message);
        stderr.flush();
        return ExitCode.INPUT_REFUSED.code();
    }

    private void write(MonthlyReport report, ReportService reports) throws java.io.IOException {
        Files.createDirectories(out);
        ReportWriter.writeJson(report, out.resolve("report.json"));
        ReportWriter.writeCsv(report, out.resolve("report.csv"));
        ReportWriter.writeCsvTables(report, out);
        Path html = reports.writeViews(report, out);
        if (format == Format.table) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("wrote report.json, report.csv, the table CSVs, report.html and hlog/ into "
                    + out.toAbsolutePath());
            stdout.println("report: " + html);
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (database.refusedAsMissing(stderr)) {
            return ExitCode.INPUT_REFUSED.code();
        }
        try (ReportService reports = ReportService.open(database.location(), clock)) {
            if (version != null) {
                Optional<String> json = reports.recordedVersion(period, version);
                if (json.isEmpty()) {
                    stderr.println("no version " + version + " of " + period + " in " + database);
                    stderr.flush();
                    return ExitCode.INPUT_REFUSED.code();
                }
                stdout.print(json.get());
                stdout.flush();
                return 0;
            }
            Catalogue cat = catalogue == null ? Catalogue.shipped() : Catalogue.load(catalogue);
            MonthlyReport report = reports.publish(cat, period, reason);
            stdout.print(switch (format) {
                case json -> ReportWriter.json(report);
                case csv -> ReportWriter.csv(report);
                case table -> ReportWriter.table(report);
                case html -> reports.html(report);
            });
            stdout.flush();
            if (out != null) {
                try {
                    write(report, reports);
                } catch (java.io.UncheckedIOException e) {
                    // a full disk, a directory in the way: the month is published (its version recorded) and the
                    // files are written by running the report again; the message names the file
                    return cannotWrite(stderr, e.getMessage() + ": " + CliErrors.fileProblem(e.getCause()));
                } catch (java.nio.file.FileSystemException e) {
                    String where = out.toString().equals(e.getFile()) ? "" : e.getFile() + ": ";
                    return cannotWrite(stderr, "cannot write the report into " + out + ": " + where
                            + CliErrors.fileProblem(e));
                } catch (java.io.IOException e) {
                    return cannotWrite(stderr, "cannot write the report into " + out + ": "
                            + CliErrors.fileProblem(e));
                }
            }
            stdout.flush();
            return 0;
        } catch (CatalogueException | StoreException | IllegalArgumentException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return ExitCode.INPUT_REFUSED.code();
        }
    }
}
