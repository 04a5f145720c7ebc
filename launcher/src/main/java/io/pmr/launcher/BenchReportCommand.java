package io.pmr.launcher;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.service.ReportService;
import io.pmr.collector.store.RollupCheck;
import io.pmr.collector.store.RollupMaintenance;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreException;
import io.pmr.collector.store.StoreLocation;
import io.pmr.collector.store.SyntheticStore;
import io.pmr.hardware.HubVariant;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pmr bench report}: builds a synthetic month in a temporary store (every agent reporting every
 * {@code within_trt} measure under each hub variant and every {@code availability} measure, a few minute rows per
 * day each, with their daily rollups) and times what {@code pmr collector report --out} does on it: publish the
 * month, write report.json, report.csv, the tables, report.html and the .hlog files. Ends with
 * {@code report S s over N rows} (wall time; N the minute rows the month holds). The store is deleted afterwards
 * unless {@code --keep} names a folder for it. With {@code --db postgresql://...} the store is built in that (empty)
 * PostgreSQL database instead, and left there.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Times a month's report over a synthetic store of many agents.",
                "Builds a month of minute rows and daily rollups for --agents agents x every measure x its scopes in a",
                "temporary folder, then times publishing the month and writing every report file from it."})
final class BenchReportCommand implements Callable<Integer> {
    @Option(names = "--agents", defaultValue = "1000", description = "Agents (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--minutes-per-day", defaultValue = "4", description = "Minute rows per agent, measure scope and"
            + " day (1..1380, default ${DEFAULT-VALUE}); the report reads rollups, so its time should not follow it.")
    int minutesPerDay;

    @Option(names = "--period", defaultValue = "2020-09", description = "The month, yyyy-MM (default ${DEFAULT-VALUE}).")
    YearMonth period;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", paramLabel = "DIR", description = "Build the store and the report files in this (new or"
            + " empty) folder and keep them, instead of a temporary folder deleted at the end.")
    Path keep;

    @Option(names = "--reuse", description = "With --keep: time the report on the store an earlier --keep run left in"
            + " DIR (its --agents, --minutes-per-day and --seed) instead of building one; an older schema is migrated"
            + " before the timing starts.")
    boolean reuse;

    @Option(names = "--db", paramLabel = "URL", description = "Build the store in this empty PostgreSQL database"
            + " (postgresql://HOST[:PORT]/DB; user from the URL or PGUSER, password from --db-password-file or"
            + " PGPASSWORD) instead of a SQLite file in the folder; with --reuse, time the month it already holds."
            + " The database is left as it is at the end.")
    String db;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "With --db: file whose first line is the password (else PGPASSWORD).")
    Path passwordFile;

    /** The process environment (PGUSER, PGPASSWORD); a test may replace it. */
    java.util.Map<String, String> env = System.getenv();

    @Option(names = "--verify", description = "Also prove the rollups equal a fresh aggregation of the minute rows"
            + " (what rebuild-rollups --check does; reads every minute row); exit 10 when they differ.")
    boolean verify;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    BenchReportCommand() {
        this(Clock.systemUTC());
    }

    BenchReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (agents < 1 || minutesPerDay < 1 || minutesPerDay > 1_380) {
            spec.commandLine().getErr().println("--agents must be >= 1 and --minutes-per-day in 1..1380");
            return ExitCode.USAGE.code();
        }
        StoreLocation location = null;
        if (db != null) {
            if (!StoreLocation.isPostgres(db)) {
                spec.commandLine().getErr().println("--db takes a postgresql://HOST[:PORT]/DB URL (a SQLite store is"
                        + " built in the folder)");
                return ExitCode.USAGE.code();
            }
            try {
                location = StoreLocation.parse(db, passwordFile, env);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--db: " + e.getMessage());
                return ExitCode.USAGE.code();
            }
        }
        if (reuse && keep == null && location == null) {
            spec.commandLine().getErr().println("--reuse needs --keep DIR: the folder of the store to re-use");
            return ExitCode.USAGE.code();
        }
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("pmr-bench-report");
        try {
            Catalogue catalogue = Catalogue.shipped();
            List<SyntheticStore.Series> series = series(catalogue);
            Path file = dir.resolve("bench.db");
            StoreLocation store = location != null ? location : new StoreLocation.SqliteFile(file);
            String name = store.display();
            SyntheticStore.Built built;
            if (reuse) {
                long openStart = System.nanoTime();
                built = location != null ? SyntheticStore.existing(store) : SyntheticStore.existing(file);
                out.printf(Locale.ROOT, "re-using %s: %d minute rows, %d daily rollups, %d envelopes (opened in"
                        + " %.1f s)%n", name, built.minuteRows(), built.rollupRows(), built.envelopes(), seconds(openStart));
            } else {
                Files.deleteIfExists(file);
                out.printf(Locale.ROOT, "building %s: %d agents x %d measure scopes x %d minute rows a day, %s%n", name,
                        agents, series.stream().mapToInt(s -> s.scopes().size()).sum(), minutesPerDay, period);
                out.flush();
                long buildStart = System.nanoTime();
                built = SyntheticStore.build(store, agents, series, period, minutesPerDay, seed);
                out.printf(Locale.ROOT, "built %d minute rows, %d daily rollups, %d envelopes in %.1f s%n",
                        built.minuteRows(), built.rollupRows(), built.envelopes(), seconds(buildStart));
            }
            out.flush();
            if (verify) {
                try (SqliteStore opened = SqliteStore.open(store)) {
                    RollupCheck check = RollupMaintenance.check(opened, 5);
                    out.println(check.equal() ? "verified: the rollups equal a fresh aggregation of the minute rows"
                            : "rollups differ: " + check.differences());
                    if (!check.equal()) {
                        return ExitCode.ROLLUPS_DIFFERED.code();
                    }
                }
            }
            Path files = dir.resolve("report");
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long reportStart = System.nanoTime();
            try (ReportService reports = ReportService.open(store, clock)) {
                MonthlyReport report = reports.publish(catalogue, period, "pmr bench report");
                Files.createDirectories(files);
                ReportWriter.writeJson(report, files.resolve("report.json"));
                ReportWriter.writeCsv(report, files.resolve("report.csv"));
                ReportWriter.writeCsvTables(report, files);
                reports.writeViews(report, files);
            }
            double reportSeconds = seconds(reportStart);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            if (keep != null) {
                out.println("kept the store and the report files in " + dir.toAbsolutePath());
            }
            // wall time is the figure; the thread's CPU time (SQLite runs on it) tells a loaded machine apart
            out.printf(Locale.ROOT, "report %.2f s over %d rows (%d rollups; report thread cpu %.2f s)%n",
                    reportSeconds, built.minuteRows(), built.rollupRows(), cpuSeconds);
            out.flush();
            return ExitCode.OK.code();
        } catch (StoreException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCode.INPUT_REFUSED.code();
        } finally {
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    /** What agents report: within_trt measures under each hub variant (with latencies), availability probes. */
    static List<SyntheticStore.Series> series(Catalogue catalogue) {
        List<String> variants = Arrays.stream(HubVariant.values()).map(Enum::name).toList();
        List<SyntheticStore.Series> series = new ArrayList<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.WITHIN_TRT) {
                series.add(new SyntheticStore.Series(measure.id(), variants, true));
            } else if (measure.kind() == MeasureKind.AVAILABILITY) {
                series.add(new SyntheticStore.Series(measure.id(), List.of(HubVariant.SKU1.name()), false));
            }
        }
        return series;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark folder " + dir, e);
        }
    }
}
