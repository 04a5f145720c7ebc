package io.pmr.collector.view;

import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportTable;
import io.pmr.collector.report.ReportWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every table the report page shows, by name, as the API serves them ({@code /api/periods/{p}/tables/{name}.csv} and
 * {@code .json}): {@code status-counts}, {@code measures} (the rows of {@code report.csv}: the CPM and provider
 * tables),
 * {@code firmware-volumes}, {@code power-outage-events}, {@code exclusions-by-reason}, {@code incidents-by-category},
 * {@code incidents}, {@code incidents-aged-open}, {@code incidents-reopened}, {@code commentary}, {@code credits},
 * {@code credits-history}, {@code missing}, {@code provisional}, and the data behind the plots: {@code daily-levels},
 * {@code completeness}, {@code latency-summary}. The columns of each are those of its CSV file (docs/report-json.md).
 * Stateless.
 */
public final class PageTables {
    private PageTables() {
    }

    /**
     * The page's tables in page order, each built when first asked for: the views (stored histograms and daily
     * counts) are read only for the plots' tables, and the credits only for theirs, each once per map.
     *
     * @param views        the report's views, read at most once
     * @param creditTables {@code credits} and {@code credits-history} ({@link ReportWriter#creditTables}), used when
     *                     the report is not a published one (a published report's own credits win); read at most once
     */
    public static Map<String, Supplier<ReportTable>> of(MonthlyReport report, Supplier<ReportViews> views,
            Supplier<Map<String, ReportTable>> creditTables) {
        Objects.requireNonNull(report, "report");
        Supplier<ReportViews> view = once(Objects.requireNonNull(views, "views"));
        Supplier<Map<String, ReportTable>> fromReport = once(() -> ReportWriter.tables(report));
        Supplier<Map<String, ReportTable>> credits = once(() -> report.publication() != null ? fromReport.get()
                : Objects.requireNonNull(creditTables, "creditTables").get());
        Map<String, Supplier<ReportTable>> tables = new LinkedHashMap<>();
        tables.put("status-counts", () -> ReportWriter.statusCountsTable(report));
        tables.put("measures", () -> ReportWriter.figuresTable(report));
        tables.put("firmware-volumes", () -> ViewCsv.firmware(report));
        for (String name : new String[] {"power-outage-events", "exclusions-by-reason", "incidents-by-category",
                "incidents", "incidents-aged-open", "incidents-reopened", "commentary"}) {
            tables.put(name, () -> fromReport.get().get(name));
        }
        for (String name : new String[] {"credits", "credits-history"}) {
            tables.put(name, () -> credits.get().get(name));
        }
        tables.put("missing", () -> fromReport.get().get("missing"));
        tables.put("provisional", () -> ReportWriter.provisionalTable(report));
        tables.put("daily-levels", () -> ViewCsv.daily(report, view.get()));
        tables.put("completeness", () -> ViewCsv.completeness(view.get()));
        tables.put("latency-summary", () -> ViewCsv.latency(report, view.get()));
        return Collections.unmodifiableMap(tables);
    }

    /** The supplier's value, computed on the first call and kept; thread-safe. */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
