package io.pmr.collector.view;

import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportTable;
import io.pmr.collector.report.ReportWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
     * The page's tables in page order.
     *
     * @param creditTables {@code credits} and {@code credits-history} ({@link ReportWriter#creditTables}), used when
     *                     the report is not a published one; a published report's own credits win
     */
    public static Map<String, ReportTable> of(MonthlyReport report, ReportViews views,
            Map<String, ReportTable> creditTables) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(creditTables, "creditTables");
        Map<String, ReportTable> fromReport = ReportWriter.tables(report);
        Map<String, ReportTable> tables = new LinkedHashMap<>();
        tables.put("status-counts", ReportWriter.statusCountsTable(report));
        tables.put("measures", ReportWriter.figuresTable(report));
        tables.put("firmware-volumes", ViewCsv.firmware(report));
        for (String name : new String[] {"power-outage-events", "exclusions-by-reason", "incidents-by-category",
                "incidents", "incidents-aged-open", "incidents-reopened", "commentary"}) {
            tables.put(name, fromReport.get(name));
        }
        for (String name : new String[] {"credits", "credits-history"}) {
            ReportTable credits = fromReport.getOrDefault(name, creditTables.get(name));
            if (credits != null) {
                tables.put(name, credits);
            }
        }
        tables.put("missing", fromReport.get("missing"));
        tables.put("provisional", ReportWriter.provisionalTable(report));
        tables.put("daily-levels", ViewCsv.daily(report, views));
        tables.put("completeness", ViewCsv.completeness(views));
        tables.put("latency-summary", ViewCsv.latency(report, views));
        return Collections.unmodifiableMap(tables);
    }
}
