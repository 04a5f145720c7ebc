package io.pmr.collector.report;

import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a {@link MonthlyReport} as {@code report.json} (a documented contract, {@code docs/report-json.md}: field
 * names and string-typed decimals never change), {@code report.csv}, the per-table CSVs, or a console table. Output
 * is deterministic: the same report gives byte-identical text ({@code \n} line ends, Locale-independent, levels as
 * strings with 2 decimals). Files are written to a temporary sibling and moved into place, so a reader never sees
 * half a report.
 */
public final class ReportWriter {
    /** The CSV header of {@link #csv}; the first ten columns are those of the first release. */
    static final String CSV_HEADER = CsvReport.HEADER;

    private ReportWriter() {
    }

    public static void writeJson(MonthlyReport report, Path file) {
        writeAtomically(file, json(report));
    }

    public static void writeCsv(MonthlyReport report, Path file) {
        writeAtomically(file, csv(report));
    }

    /**
     * Writes the report's tables into {@code dir}: {@code incidents-by-category.csv}, {@code power-outage-events.csv},
     * {@code exclusions-by-reason.csv}, {@code missing.csv}, {@code incidents.csv}, {@code incidents-aged-open.csv},
     * {@code incidents-reopened.csv}, {@code commentary.csv} and, for a published report, {@code credits.csv} and
     * {@code credits-history.csv} (each
     * with its header even when empty).
     */
    public static void writeCsvTables(MonthlyReport report, Path dir) {
        csvTables(report).forEach((name, text) -> writeAtomically(dir.resolve(name), text));
    }

    /**
     * The texts of {@link #writeCsvTables}, by file name ({@code incidents-by-category.csv}, ...), in that order;
     * {@code credits.csv} and {@code credits-history.csv} only for a published report.
     */
    public static Map<String, String> csvTables(MonthlyReport report) {
        Map<String, String> texts = new LinkedHashMap<>();
        tables(report).forEach((name, table) -> texts.put(name + ".csv", table.csv()));
        return Collections.unmodifiableMap(texts);
    }

    /**
     * The tables of {@link #writeCsvTables} by name without {@code .csv} ({@code incidents-by-category}, ...), in that
     * order; {@code credits} and {@code credits-history} only for a published report.
     */
    public static Map<String, ReportTable> tables(MonthlyReport report) {
        Map<String, ReportTable> tables = new LinkedHashMap<>();
        tables.put("incidents-by-category", CsvReport.incidents(report));
        tables.put("power-outage-events", CsvReport.outages(report));
        tables.put("exclusions-by-reason", CsvReport.exclusions(report));
        tables.put("missing", CsvReport.missing(report));
        tables.put("incidents", IncidentCsv.timings(report));
        tables.put("incidents-aged-open", IncidentCsv.agedOpen(report));
        tables.put("incidents-reopened", IncidentCsv.reopened(report));
        tables.put("commentary", IncidentCsv.commentary(report));
        if (report.publication() != null) {
            tables.putAll(creditTables(report.publication().credits(), report.publication().creditHistory()));
        }
        return Collections.unmodifiableMap(tables);
    }

    /** {@code credits} and {@code credits-history}: the tables of {@code credits.csv} and its history CSV. */
    public static Map<String, ReportTable> creditTables(CreditTable credits, CreditHistory history) {
        Map<String, ReportTable> tables = new LinkedHashMap<>();
        tables.put("credits", CsvReport.credits(credits));
        tables.put("credits-history", CsvReport.creditsHistory(history));
        return Collections.unmodifiableMap(tables);
    }

    /** The rows of {@link #csv}: one per figure, the columns of {@code report.csv}. */
    public static ReportTable figuresTable(MonthlyReport report) {
        return CsvReport.figures(report);
    }

    /** The figures that are not final: {@code measure,period,why_provisional} (reasons joined with {@code ;}). */
    public static ReportTable provisionalTable(MonthlyReport report) {
        return CsvReport.provisional(report);
    }

    /** How many figures have each status, every status listed: {@code status,count}. */
    public static ReportTable statusCountsTable(MonthlyReport report) {
        return CsvReport.statusCounts(report);
    }

    /** The console table: composites first, each followed by its contributors, then the other measures. */
    public static String table(MonthlyReport report) {
        return ConsoleTable.render(report);
    }

    /** The JSON text of {@link #writeJson}. */
    public static String json(MonthlyReport report) {
        return JsonReport.json(report);
    }

    /** The CSV text of {@link #writeCsv}: one row per figure. */
    public static String csv(MonthlyReport report) {
        return CsvReport.figures(report).csv();
    }

    static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** Seconds as minutes with 2 decimals (HALF_UP), e.g. {@code 43170.00}. */
    static String minutes(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * Writes UTF-8 text to a temporary file beside {@code file}, then renames it over {@code file}: a reader sees the
     * old file or the whole new one, never a part (no fsync: these are exports, recomputable from the store). The file
     * gets the mode the process's umask gives a new file (as {@code Files.createFile} would): exports are meant to be
     * shared, unlike {@code Files.createTempFile}'s owner-only 0600.
     */
    public static void writeAtomically(Path file, String text) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Path temporary = createSibling(absolute);
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write(text);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A new, empty, uniquely named file beside {@code file}, created with the default (umask) mode. */
    private static Path createSibling(Path file) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        while (true) {
            Path candidate = file.resolveSibling(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary: draw another name
            }
        }
    }
}
