package io.pmr.collector.measure;

import io.pmr.collector.data.ReportPeriod;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasureEngineTest {
    static final Catalogue CATALOGUE = Catalogue.parse("test-catalogue", new StringReader("""
            # id,provider,group,name,kind,trt,period,target,minimum,contributes_to
            CPM1,DCC,Code,Composite one,composite,,monthly,99.00,96.00,
            A/PM1,Prov A,G,Measure A,within_trt,25s,monthly,85.00,80.00,CPM1
            B/PM1,Prov B,G,Measure B,within_trt,25s,monthly,96.00,90.00,CPM1
            C/KPI,Prov C,G,KPI C,within_trt,10s,monthly,99.00,,
            D/PM1,Prov D,G,Never fed,within_trt,10s,monthly,99.00,96.00,CPM1
            CPM2,DCC,Code,Composite without sources,composite,,monthly,99.00,96.00,
            E/AV,Prov E,G,Availability,availability,,monthly,99.00,96.00,CPM2
            """));
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final long OCT_START = millis("2020-09-30T23:00:00Z");

    @TempDir
    Path dir;
    SqliteStore store;
    long sequence;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("pmr.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void put(Envelope... envelopes) {
        for (Envelope envelope : envelopes) {
            store.write(List.of(new StoreWrite.Accept(envelope, 0L)));
        }
    }

    private void intervalsOf(String agent, IntervalReport... reports) {
        put(intervals(agent, 1, ++sequence, reports));
    }

    private MonthlyReport report(YearMonth month) {
        return new MeasureEngine(CATALOGUE).compute(month, store);
    }

    private static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void levelsAreRoundedHalfUpFromExactIntegers() {
        assertEquals(new BigDecimal("99.45"), Levels.level(994_494, 1_000_000));
        assertEquals(new BigDecimal("66.67"), Levels.level(2, 3));
        assertEquals(new BigDecimal("100.00"), Levels.level(19_999, 20_000)); // exactly 99.995
        assertEquals(new BigDecimal("99.99"), Levels.level(199_989, 200_000)); // 99.9945
        assertEquals(new BigDecimal("0.00"), Levels.level(0, 7));
        assertNull(Levels.level(0, 0));
    }

    @Test
    void eachStatus() {
        intervalsOf("agent-1", interval("A/PM1", SEP_START, 25_000, 100, 85)); // 85.00 = target
        intervalsOf("agent-1", interval("B/PM1", SEP_START, 25_000, 100, 91)); // between minimum 90 and target 96
        intervalsOf("agent-1", interval("C/KPI", SEP_START, 10_000, 100, 1)); // no minimum: never below minimum
        MonthlyReport report = report(SEPTEMBER);

        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, figure(report, "A/PM1").status());
        assertEquals(MeasureStatus.BELOW_TARGET, figure(report, "B/PM1").status());
        assertEquals(MeasureStatus.BELOW_TARGET, figure(report, "C/KPI").status());
        assertEquals(MeasureStatus.BELOW_MINIMUM, figure(report, "CPM1").status()); // 176/200 = 88.00 < 96
        assertEquals(new BigDecimal("88.00"), figure(report, "CPM1").level());
    }

    @Test
    void statusComparesTheRoundedLevel() {
        intervalsOf("agent-1", interval("A/PM1", SEP_START, 25_000, 20_000, 16_999)); // 84.995 shows as 85.00

        MeasureFigure a = figure(report(SEPTEMBER), "A/PM1");

        assertEquals(new BigDecimal("85.00"), a.level());
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, a.status());
    }

    @Test
    void noEventsAndDataExempted() {
        put(status("agent-1", 1, 100, "A/PM1", 25_000));
        intervalsOf("agent-1", withExclusion(interval("B/PM1", SEP_START, 25_000, 0, 0), "Test Lab Installations", 4));
        MonthlyReport report = report(SEPTEMBER);

        MeasureFigure a = figure(report, "A/PM1");
        assertEquals(MeasureStatus.NO_EVENTS, a.status());
        assertNull(a.level());
        assertEquals(0, a.denominator());
        MeasureFigure b = figure(report, "B/PM1");
        assertEquals(MeasureStatus.DATA_EXEMPTED, b.status());
        assertEquals(List.of(new ExcludedCount("Test Lab Installations", 4)), b.excluded());
        assertEquals(MeasureStatus.DATA_EXEMPTED, figure(report, "CPM1").status());
    }

    @Test
    void compositeSumsItsSourcedContributors() {
        intervalsOf("agent-1", withExclusion(interval("A/PM1", SEP_START, 25_000, 100, 90), "Low coverage", 2));
        intervalsOf("agent-2", withExclusion(interval("B/PM1", SEP_START + 60_000, 25_000, 50, 45), "Low coverage", 1),
                withExclusion(interval("B/PM1", SEP_START + 120_000, 25_000, 0, 0), "Test lab", 5));
        MonthlyReport report = report(SEPTEMBER);

        MeasureFigure cpm1 = figure(report, "CPM1");
        assertEquals(135, cpm1.numerator());
        assertEquals(150, cpm1.denominator());
        assertEquals(new BigDecimal("90.00"), cpm1.level());
        assertEquals(List.of("A/PM1", "B/PM1"), cpm1.contributors());
        assertEquals(List.of(new ExcludedCount("Low coverage", 3), new ExcludedCount("Test lab", 5)),
                cpm1.excluded());
        assertEquals(List.of("CPM1", "A/PM1", "B/PM1", "C/KPI", "D/PM1", "CPM2", "E/AV"),
                report.measures().stream().map(MeasureFigure::id).toList(), "every row, catalogue order");
        assertEquals(List.of("C/KPI", "D/PM1", "CPM2", "E/AV"), report.unsourced(), "shown with source none");
        assertEquals("not_reported", figure(report, "E/AV").status().code());
        assertEquals("not_reported", figure(report, "CPM2").status().code(), "no contributor has a source");
    }

    @Test
    void periodIsCutInLondonTime() {
        intervalsOf("agent-1",
                interval("A/PM1", millis("2020-08-31T22:59:00Z"), 25_000, 1, 1), // 23:59 BST, 31 August
                interval("A/PM1", millis("2020-08-31T23:30:00Z"), 25_000, 10, 10), // 00:30 BST, 1 September
                interval("A/PM1", millis("2020-10-31T23:59:00Z"), 25_000, 100, 100), // 23:59 GMT, 31 October
                interval("A/PM1", millis("2020-11-01T00:00:00Z"), 25_000, 1_000, 1_000), // November
                interval("A/PM1", millis("2021-03-31T22:59:00Z"), 25_000, 10_000, 10_000), // 23:59 BST, 31 March
                interval("A/PM1", millis("2021-03-31T23:00:00Z"), 25_000, 100_000, 100_000)); // 00:00 BST, 1 April

        assertEquals(1, figure(report(YearMonth.of(2020, 8)), "A/PM1").denominator());
        assertEquals(10, figure(report(YearMonth.of(2020, 9)), "A/PM1").denominator());
        assertEquals(100, figure(report(YearMonth.of(2020, 10)), "A/PM1").denominator());
        assertEquals(1_000, figure(report(YearMonth.of(2020, 11)), "A/PM1").denominator());
        assertEquals(10_000, figure(report(YearMonth.of(2021, 3)), "A/PM1").denominator());
        assertEquals(100_000, figure(report(YearMonth.of(2021, 4)), "A/PM1").denominator());
        ReportPeriod october = ReportPeriod.of(YearMonth.of(2020, 10));
        assertEquals(millis("2020-09-30T23:00:00Z"), october.startEpochMillis());
        assertEquals(millis("2020-11-01T00:00:00Z"), october.endEpochMillis());
        assertEquals(745L * 3_600_000, october.endEpochMillis() - october.startEpochMillis(),
                "October 2020 has 745 hours (clocks go back)");
        ReportPeriod march = ReportPeriod.of(YearMonth.of(2021, 3));
        assertEquals(millis("2021-03-01T00:00:00Z"), march.startEpochMillis());
        assertEquals(millis("2021-03-31T23:00:00Z"), march.endEpochMillis());
    }

    @Test
    void finalOnlyWhenEveryDeclaringAgentIsPastThePeriodEnd() {
        put(status("agent-1", 1, 100, "A/PM1", 25_000), status("agent-2", 1, 100, "A/PM1", 25_000),
                status("agent-1", 1, 101, "B/PM1", 25_000));
        intervalsOf("agent-1", interval("A/PM1", SEP_START, 25_000, 10, 10), interval("B/PM1", SEP_START, 25_000, 1, 1));
        intervalsOf("agent-3", interval("C/KPI", SEP_START, 10_000, 1, 1)); // data, but nobody declared C/KPI
        put(watermark("agent-1", 1, 200, "A/PM1", OCT_START), watermark("agent-2", 1, 201, "A/PM1", OCT_START - 1),
                watermark("agent-1", 1, 202, "B/PM1", OCT_START + 60_000));

        MonthlyReport provisional = report(SEPTEMBER);
        assertFalse(figure(provisional, "A/PM1").isFinal(), "agent-2 is one millisecond short");
        assertTrue(figure(provisional, "B/PM1").isFinal());
        assertFalse(figure(provisional, "CPM1").isFinal(), "a composite is final when all contributors are");
        assertFalse(figure(provisional, "C/KPI").isFinal(), "no declared source promised completeness");

        put(watermark("agent-2", 1, 203, "A/PM1", OCT_START));
        MonthlyReport complete = report(SEPTEMBER);
        assertTrue(figure(complete, "A/PM1").isFinal());
        assertTrue(figure(complete, "CPM1").isFinal());
        assertFalse(figure(report(YearMonth.of(2020, 10)), "A/PM1").isFinal(), "October is still open");
    }
}
