package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.SEP_START;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.AvailabilityWindow.Kind;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MissingRange;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalityAndExclusionsTest {

    @Test
    void everyCatalogueRowAppearsInCatalogueOrder() {
        MonthlyReport report = report(new InMemoryMeasureData(), SEPTEMBER);
        assertEquals(EngineFixture.CATALOGUE.measures().stream().map(MeasureDefinition::id).toList(),
                report.measures().stream().map(MeasureFigure::id).toList());
        for (MeasureFigure figure : report.measures()) {
            assertEquals(MeasureStatus.NOT_REPORTED, figure.status(), figure.id() + ": no source, not no_events");
            assertEquals(FigureSource.NONE, figure.source(), figure.id());
        }
        assertEquals(report.measures().size(), report.unsourced().size());
        assertEquals(EngineFixture.LATER, report.computedAtEpochMillis());
    }

    @Test
    void provisionalUntilEveryDeclaringAgentHasReportedWithTheMissingRanges() {
        // rig-north reported CSPN/PM4.3 up to 15 Sep 00:00Z; rig-spare declared it but never reported:
        // missing [15 Sep, 30 Sep 23:00Z) and [31 Aug 23:00Z, 30 Sep 23:00Z). CPM1 pools it: provisional too.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM4.3", at("2020-09-15T00:00:00Z"))
                .declared("rig-spare", "CSPN/PM4.3", null)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-02T00:00:00Z"), 10, 9);
        MonthlyReport report = report(data, SEPTEMBER);
        assertFalse(figure(report, "CSPN/PM4.3").isFinal());
        assertFalse(figure(report, "CPM1").isFinal());
        assertEquals(List.of(
                new MissingRange("rig-north", "CSPN/PM4.3", "2020-09", at("2020-09-15T00:00:00Z").toEpochMilli(),
                        OCT_START.toEpochMilli()),
                new MissingRange("rig-spare", "CSPN/PM4.3", "2020-09", SEP_START.toEpochMilli(),
                        OCT_START.toEpochMilli())), report.missing());
    }

    @Test
    void provisionalWhileThePeriodHasNotEnded() {
        // Watermarks past the month's end but the evaluation time is 20 Sep: nothing of September is final.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM4.3", OCT_START)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-02T00:00:00Z"), 10, 9)
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-10T02:00:00Z"), at("2020-09-10T04:30:00Z"));
        MonthlyReport early = EngineFixture.ENGINE.compute(SEPTEMBER, data, at("2020-09-20T00:00:00Z").toEpochMilli());
        assertFalse(figure(early, "CSPN/PM4.3").isFinal());
        assertFalse(figure(early, "DSP/PM2.1").isFinal());
        assertTrue(early.missing().isEmpty());
        MonthlyReport after = EngineFixture.ENGINE.compute(SEPTEMBER, data, OCT_START.toEpochMilli());
        assertTrue(figure(after, "CSPN/PM4.3").isFinal());
        assertTrue(figure(after, "DSP/PM2.1").isFinal());
    }

    @Test
    void overlappingWindowExclusionsRemoveEachIntervalOnceUnderTheEarliestReason() {
        // DSP/PM1.5 intervals: SKU1 5 Sep 00:00 100 (90 within); SKU2 5 Sep 00:00 50 (50); SKU1 6 Sep 00:00 10 (10);
        // SKU2 7 Sep 00:00 20 (0). Before exclusions: 150 / 180 = 83.33.
        // W2 (SKU1, 4 Sep 00:00 - 5 Sep 00:01, "Test Lab Installations") starts before W1 (*, 5 Sep 00:00 -
        // 6 Sep 12:00, "Planned maintenance"): the SKU1 interval of 5 Sep goes to Test Lab (100), the SKU2 one to
        // maintenance (50). W3 (*, 6 Sep 00:00 - 7 Sep 00:00, "Low coverage") overlaps W1: the SKU1 interval of
        // 6 Sep is removed once, under W1 (the earliest) (10). The 7 Sep interval starts at W3's exclusive end.
        // Removed 160 of 180, each once; counted 0 / 20 = 0.00. The agent's own exclusion (7, "Low Coverage
        // database") is listed per reason as well.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("dsp", "DSP/PM1.5", OCT_START)
                .interval("DSP/PM1.5", "SKU1", at("2020-09-05T00:00:00Z"), 100, 90)
                .interval("DSP/PM1.5", "SKU2", at("2020-09-05T00:00:00Z"), 50, 50)
                .interval("DSP/PM1.5", "SKU1", at("2020-09-06T00:00:00Z"), 10, 10)
                .interval("DSP/PM1.5", "SKU2", at("2020-09-07T00:00:00Z"), 20, 0)
                .agentExclusion("DSP/PM1.5", at("2020-09-08T00:00:00Z"), "Low Coverage database", 7)
                .exclusion("DSP/PM1.5", "*", null, at("2020-09-05T00:00:00Z"), at("2020-09-06T12:00:00Z"),
                        "Planned maintenance")
                .exclusion("DSP/PM1.5", "SKU1", null, at("2020-09-04T00:00:00Z"), at("2020-09-05T00:01:00Z"),
                        "Test Lab Installations")
                .exclusion("DSP/PM1.5", "*", null, at("2020-09-06T00:00:00Z"), at("2020-09-07T00:00:00Z"),
                        "Low coverage");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "DSP/PM1.5");
        assertEquals(0, figure.numerator());
        assertEquals(20, figure.denominator());
        assertEquals(new BigDecimal("0.00"), figure.level());
        assertEquals(150, figure.before().numerator());
        assertEquals(180, figure.before().denominator());
        assertEquals(new BigDecimal("83.33"), figure.before().level());
        assertEquals(List.of(new ExcludedCount("Low Coverage database", 7), new ExcludedCount("Planned maintenance", 60),
                new ExcludedCount("Test Lab Installations", 100)), figure.excluded());
    }

    @Test
    void everyEventExcludedIsDataExempted() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("dsp", "DSP/PM1.3", OCT_START)
                .interval("DSP/PM1.3", "*", at("2020-09-05T00:00:00Z"), 40, 39)
                .exclusion("DSP/PM1.3", "*", null, SEP_START, OCT_START, "Test Lab Installations");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "DSP/PM1.3");
        assertEquals(MeasureStatus.DATA_EXEMPTED, figure.status());
        assertEquals(new BigDecimal("97.50"), figure.before().level());
        assertEquals(List.of(new ExcludedCount("Test Lab Installations", 40)), figure.excluded());
    }

    @Test
    void deviceRecordsCountInsteadOfIntervalsWithDeviceAndWindowExclusions() {
        // CSPN/PM2 per hub: d1 within, d2 timed out, d3 within but its hub is excluded ("CHIMSM breach"), d4 within
        // but started in a window exclusion ("Test Lab Installations"). Before: 3 / 4 = 75.00; counted: 1 / 2 =
        // 50.00. The interval sums of the measure (1,000 / 1,000) are not used: records take precedence.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("gw-north", "CSPN/PM2", OCT_START)
                .interval("CSPN/PM2", "SKU1", at("2020-09-01T00:00:00Z"), 1_000, 1_000)
                .record(record("d1", "2020-09-02T00:00:00Z", "WITHIN_TRT"))
                .record(record("d2", "2020-09-03T00:00:00Z", "TIMED_OUT"))
                .record(record("d3", "2020-09-04T00:00:00Z", "WITHIN_TRT"))
                .record(record("d4", "2020-09-05T00:00:00Z", "WITHIN_TRT"))
                .exclusion("CSPN/PM2", "*", "d3", null, null, "CHIMSM breach")
                .exclusion("CSPN/PM2", "SKU2", null, at("2020-09-05T00:00:00Z"), at("2020-09-06T00:00:00Z"),
                        "Test Lab Installations");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPN/PM2");
        assertEquals(1, figure.numerator());
        assertEquals(2, figure.denominator());
        assertEquals(new BigDecimal("75.00"), figure.before().level());
        assertEquals(List.of(new ExcludedCount("CHIMSM breach", 1), new ExcludedCount("Test Lab Installations", 1)),
                figure.excluded());
        assertEquals(List.of("gw-north"), figure.agents());
        assertTrue(figure.isFinal());
    }

    @Test
    void aSuppliedFigureStandsInForAMeasureNoAgentMeasures() {
        // CSPC/PM2: no agent data; supplied 98 / 100 for 2020-09 -> 98.00, below the 99.00 target.
        InMemoryMeasureData data = new InMemoryMeasureData().supplied("CSPC/PM2", "2020-09", 98, 100L);
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPC/PM2");
        assertEquals(new BigDecimal("98.00"), figure.level());
        assertEquals(FigureSource.SUPPLIED, figure.source());
        assertEquals(List.of("ratios.csv:2"), figure.files());
        assertEquals(MeasureStatus.BELOW_TARGET, figure.status());
        assertTrue(figure.isFinal());
        assertEquals(FigureSource.SUPPLIED, figure(report(data, SEPTEMBER), "CPM1").source());
    }

    private static DeviceRecord record(String device, String start, String outcome) {
        long startMillis = at(start).toEpochMilli();
        return new DeviceRecord("CSPN/PM2", device, "m-" + device, "SKU2", startMillis, startMillis + 1_000, outcome,
                "", "gw-north");
    }
}
