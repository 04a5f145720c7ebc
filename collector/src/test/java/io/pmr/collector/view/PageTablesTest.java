package io.pmr.collector.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportTable;
import io.pmr.collector.report.ReportWriter;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The page's tables are built on demand: the views and the credits are read only for the tables that need them. */
class PageTablesTest {
    private final MonthlyReport report = new MonthlyReport(YearMonth.of(2020, 9), 0, "test", List.of(), List.of());
    private final AtomicInteger viewReads = new AtomicInteger();
    private final AtomicInteger creditReads = new AtomicInteger();
    private final Map<String, Supplier<ReportTable>> tables = PageTables.of(report, () -> {
        viewReads.incrementAndGet();
        return ReportViews.none();
    }, () -> {
        creditReads.incrementAndGet();
        return Map.of("credits", new ReportTable("provider,measure").add("CSP North", "CSPN/PM4.3"),
                "credits-history", new ReportTable("provider,month"));
    });

    @Test
    void aReportTableReadsNeitherViewsNorCredits() {
        assertEquals(ReportWriter.csvTables(report).get("incidents.csv"), tables.get("incidents").get().csv());
        assertEquals("status,count\nat_or_above_target,0\nbelow_target,0\nbelow_minimum,0\nno_events,0\n"
                + "data_exempted,0\nnot_reported,0\n", tables.get("status-counts").get().csv());
        assertEquals(0, viewReads.get());
        assertEquals(0, creditReads.get());
    }

    @Test
    void viewsAndCreditsAreEachReadOnceWhateverTheTablesAskedFor() {
        tables.get("daily-levels").get();
        tables.get("completeness").get();
        tables.get("latency-summary").get();
        assertEquals("provider,measure\nCSP North,CSPN/PM4.3\n", tables.get("credits").get().csv());
        tables.get("credits-history").get();
        assertEquals(1, viewReads.get());
        assertEquals(1, creditReads.get());
    }
}
