package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.imports.AvailabilityWindow.Kind;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** CSPx/PM6.2 from agents' probe down windows, with imported maintenance and outage windows. */
class ProbedAvailabilityTest {
    private static final String PM62 = "CSPN/PM6.2";

    /**
     * CSPN/PM6.2 (target 99.98, minimum 98.25), September 2020 = [31 Aug 23:00Z, 30 Sep 23:00Z) = 2,592,000 s.
     * <ul>
     *   <li>agent window 10 Sep 01:30-02:40Z (4,200 s) against an imported maintenance window 01:00-02:00Z: 1,800 s
     *       inside are excused, the 2,400 s overrun counts;</li>
     *   <li>the same window seen by a second agent, and an imported outage 02:00-02:10Z inside it: add nothing;</li>
     *   <li>agent window 30 Sep 22:50Z-23:20Z across the month end: 600 s in September;</li>
     *   <li>agent window 20 Sep 12:00:00.500-12:00:10.200Z: widened to whole seconds, 12:00:00-12:00:11 = 11 s.</li>
     * </ul>
     * Down 4,200 + 600 + 11 = 4,811 s; excused 1,800; counted 3,011. Level = (2,592,000 - 3,011) / 2,592,000 =
     * 2,588,989 / 2,592,000 = 99.8838% -> 99.88 (below target, above minimum). Before exclusions: 2,587,189 /
     * 2,592,000 = 99.8144% -> 99.81.
     */
    private static InMemoryMeasureData september() {
        return new InMemoryMeasureData()
                .interval(PM62, "SKU1", at("2020-09-01T00:00:00Z"), 6, 6)
                .declared("gw-n", PM62, OCT_START)
                .declared("gw-n2", PM62, OCT_START)
                .downWindow("gw-n", PM62, at("2020-09-10T01:30:00Z"), at("2020-09-10T02:40:00Z"))
                .downWindow("gw-n2", PM62, at("2020-09-10T01:30:00Z"), at("2020-09-10T02:40:00Z"))
                .downWindow("gw-n", PM62, at("2020-09-30T22:50:00Z"), at("2020-09-30T23:20:00Z"))
                .downWindow("gw-n", PM62, at("2020-09-20T12:00:00.500Z"), at("2020-09-20T12:00:10.200Z"))
                .downWindow("gw-c", "CSPC/PM6.2", at("2020-09-05T00:00:00Z"), at("2020-09-06T00:00:00Z"))
                .window(PM62, Kind.MAINTENANCE, at("2020-09-10T01:00:00Z"), at("2020-09-10T02:00:00Z"))
                .window(PM62, Kind.OUTAGE, at("2020-09-10T02:00:00Z"), at("2020-09-10T02:10:00Z"));
    }

    @Test
    void agentWindowsWithAnImportedMaintenanceWindowThatTheOutageOverruns() {
        MeasureFigure figure = figure(report(september(), SEPTEMBER), PM62);
        assertEquals(new FigureDetail.Availability(2_592_000, 4_811, 1_800, 3_011), figure.detail());
        assertEquals(2_588_989, figure.numerator());
        assertEquals(2_592_000, figure.denominator());
        assertEquals(new BigDecimal("99.88"), figure.level());
        assertEquals(new BigDecimal("99.81"), figure.before().level());
        assertEquals(MeasureStatus.BELOW_TARGET, figure.status());
        assertEquals(FigureSource.AGENTS_AND_SUPPLIED, figure.source());
        assertEquals(java.util.List.of("gw-n", "gw-n2"), figure.agents());
        assertTrue(figure.isFinal(), "both declaring agents' watermarks are at the period's end");
    }

    /** October 2020 in London: 31 days and the hour the clocks go back, 2,682,000 s. */
    @Test
    void theWindowAcrossTheMonthEndCountsItsOctoberPartInOctoberProvisionallyUntilTheWatermarksPass() {
        MonthlyReport october = report(september(), SEPTEMBER.plusMonths(1));
        MeasureFigure figure = figure(october, PM62);
        assertEquals(new FigureDetail.Availability(2_682_000, 1_200, 0, 1_200), figure.detail());
        assertEquals(FigureSource.AGENTS, figure.source());
        assertFalse(figure.isFinal(), "no agent has reported October");
        assertTrue(october.missing().stream().anyMatch(m -> m.measureId().equals(PM62) && m.agentId().equals("gw-n")));
    }

    @Test
    void probesThatSawNoOutageGivesAHundredPercentAndAnAgentBehindKeepsItProvisional() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("gw-s", "CSPS/PM6.2", OCT_START)
                .declared("gw-s2", "CSPS/PM6.2", at("2020-09-15T00:00:00Z"))
                .interval("CSPS/PM6.2", "SKU1", at("2020-09-01T00:00:00Z"), 6, 6);
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPS/PM6.2");
        assertEquals(new BigDecimal("100.00"), figure.level());
        assertEquals(FigureSource.AGENTS, figure.source());
        assertFalse(figure.isFinal(), "gw-s2 has reported only half of September");
        MeasureFigure august = figure(report(data, SEPTEMBER.minusMonths(1)), "CSPS/PM6.2");
        assertEquals(FigureSource.NONE, august.source(), "no agent reported any of August");
    }
}
