package io.pmr.collector.view;

import static io.pmr.collector.view.ViewFixture.CATALOGUE;
import static io.pmr.collector.view.ViewFixture.OCT;
import static io.pmr.collector.view.ViewFixture.SEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlogExportTest {
    @TempDir
    Path dir;

    @Test
    void hlogReadBackHoldsEveryCompletedEventOfTheReportsDenominator() throws FileNotFoundException {
        Map<String, long[]> read = new TreeMap<>();
        MonthlyReport report;
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            ViewFixture.store(store);
            report = new MeasureEngine(CATALOGUE).compute(YearMonth.of(2020, 9), store, OCT + 1);
            List<Path> files = HlogExport.write(ReportViews.load(report, store, null), dir.resolve("hlog"));
            assertEquals(List.of("CSPN_PM4.3.hlog", "CSPC_PM4.3.hlog", "CSPS_PM4.3.hlog"),
                    files.stream().map(f -> f.getFileName().toString()).toList());
            for (Path file : files) {
                HistogramLogReader reader = new HistogramLogReader(file.toFile());
                long total = 0;
                long intervals = 0;
                long max = 0;
                for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null;
                        h = reader.nextIntervalHistogram()) {
                    total += ((Histogram) h).getTotalCount();
                    max = Math.max(max, ((Histogram) h).getMaxValue());
                    intervals++;
                }
                read.put(file.getFileName().toString(), new long[] {total, intervals, max});
            }
        }
        MeasureFigure north = figure(report, "CSPN/PM4.3");
        MeasureFigure central = figure(report, "CSPC/PM4.3");
        MeasureFigure south = figure(report, "CSPS/PM4.3");
        // no timeouts: the log holds exactly the denominator; one interval per UK day with events (1, 2 and 30)
        assertEquals(1000, north.denominator());
        assertEquals(north.denominator(), read.get("CSPN_PM4.3.hlog")[0]);
        assertEquals(3, read.get("CSPN_PM4.3.hlog")[1]);
        assertEquals(south.denominator(), read.get("CSPS_PM4.3.hlog")[0]);
        // 10 timed out have no latency: the log holds the denominator minus them
        assertEquals(100, central.denominator());
        assertEquals(central.denominator() - 10, read.get("CSPC_PM4.3.hlog")[0]);
        // nanoseconds: 40 s late (microseconds on the wire) and 3 ms (milliseconds on the wire)
        assertEquals(40e9, read.get("CSPN_PM4.3.hlog")[2], 40e9 * 1e-3);
        assertEquals(3e6, read.get("CSPS_PM4.3.hlog")[2], 3e6 * 1e-3);
    }

    @Test
    void storeGivesMergedHistogramsDailyCountsAndCompleteness() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            ViewFixture.store(store);
            Histogram north = store.latencyHistogram("CSPN/PM4.3", SEP, OCT);
            assertEquals(1000, north.getTotalCount());
            // 820 at or below 1.2 s, 180 late (26 s .. 40 s)
            assertEquals(820, north.getCountBetweenValues(0, 1_300_000_000L));
            assertEquals(0, store.latencyHistogram("CSPN/PM4.3", OCT, OCT + 86_400_000L).getTotalCount());

            List<DailyCount> days = store.dailyCounts("CSPN/PM4.3", SEP, OCT);
            assertEquals(30, days.size());
            assertEquals(new DailyCount(LocalDate.of(2020, 9, 1), 500, 400), days.get(0));
            // 23:30 UTC on the 1st is 00:30 on the 2nd in London
            assertEquals(new DailyCount(LocalDate.of(2020, 9, 2), 350, 300), days.get(1));
            assertEquals(new DailyCount(LocalDate.of(2020, 9, 30), 150, 120), days.get(29));
            assertEquals(1000, days.stream().mapToLong(DailyCount::events).sum());

            List<AgentDay> agentDays = store.agentDays(SEP, OCT);
            assertEquals(90, agentDays.size());
            AgentDay northFirst = agentDays.stream()
                    .filter(d -> d.agentId().equals("agent-north") && d.day().getDayOfMonth() == 1).findFirst()
                    .orElseThrow();
            assertEquals(new AgentDay("agent-north", LocalDate.of(2020, 9, 1), 1440, 1, 1440, 1, 1440), northFirst);
            // south is final through day 20 only
            assertTrue(agentDays.stream().filter(d -> d.agentId().equals("agent-south"))
                    .allMatch(d -> d.finalMinutes() == (d.day().getDayOfMonth() <= 20 ? 1440 : 0)));
        }
    }

    private static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }
}
