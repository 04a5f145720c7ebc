package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.imports.AvailabilityWindow;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code not_reported} (no source for the period) against {@code no_events} (a source reported, nothing happened) and
 * {@code data_exempted} (everything excluded), for every kind, with "source" as docs/methodology.md defines it.
 */
class StatusesPerKindTest {

    /** One month holding, for each kind, measures in each state; the rest of the catalogue has no source. */
    private static InMemoryMeasureData everyKind() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                // within_trt: a level; an agent that declared and reported the month with no event; all excluded
                .declared("gw-north", "CSPN/PM4.3", OCT_START)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-02T00:00:00Z"), 10, 9)
                .declared("gw-central", "CSPC/PM4.3", OCT_START)
                .declared("gw-south", "CSPS/PM4.3", OCT_START)
                .agentExclusion("CSPS/PM4.3", at("2020-09-03T00:00:00Z"), "Test Lab Installations", 4)
                // power_outage: an imported event; an agent that declared PM12.2 and saw no outage
                .outage("CSPN/PM12.2", "e1", at("2020-09-03T10:00:00Z"), 100, 100)
                .declared("gw-central", "CSPC/PM12.2", OCT_START)
                // availability: an imported 10-minute outage window: 2,591,400 / 2,592,000 s = 99.98; nothing for the rest
                .window("DSP/PM2.1", AvailabilityWindow.Kind.OUTAGE, at("2020-09-05T00:00:00Z"),
                        at("2020-09-05T00:10:00Z"))
                // count and ratio: supplied figures, one ratio with nothing in it
                .supplied("DSP/PM3", "2020-09", 0, null)
                .supplied("CSPN/PM11", "2020-09", 97, 100L)
                .supplied("CSPC/PM11", "2020-09", 0, 0L);
        // incidents: one category-4 incident closed in September: the log covers the month, so CPM5 has a level and
        // CPM4 (categories 1-2), with no incident of its own, has no events rather than no source
        data.incident(new Incident("I1", 4, at("2020-09-04T00:00:00Z"), at("2020-09-04T06:00:00Z"),
                at("2020-09-05T00:00:00Z"), null, "CSP North", data.source("incidents.csv")));
        return data;
    }

    @Test
    void eachKindDistinguishesNotReportedFromNoEventsAndDataExempted() {
        MonthlyReport report = report(everyKind(), SEPTEMBER);
        Map<String, MeasureStatus> expected = Map.ofEntries(
                Map.entry("CSPN/PM4.3", MeasureStatus.AT_OR_ABOVE_TARGET),  // 9/10 = 90.00, target 85.00
                Map.entry("CSPC/PM4.3", MeasureStatus.NO_EVENTS),
                Map.entry("CSPS/PM4.3", MeasureStatus.DATA_EXEMPTED),
                Map.entry("CSPN/PM4.1", MeasureStatus.NOT_REPORTED),
                Map.entry("CSPN/PM12.2", MeasureStatus.AT_OR_ABOVE_TARGET),
                Map.entry("CSPC/PM12.2", MeasureStatus.NO_EVENTS),
                Map.entry("CSPS/PM12.2", MeasureStatus.NOT_REPORTED),
                Map.entry("DSP/PM2.1", MeasureStatus.AT_OR_ABOVE_TARGET),
                Map.entry("DSP/PM2.2", MeasureStatus.NOT_REPORTED),
                Map.entry("CPM5", MeasureStatus.AT_OR_ABOVE_TARGET),
                Map.entry("CPM4", MeasureStatus.NO_EVENTS),
                Map.entry("DSP/PM3", MeasureStatus.AT_OR_ABOVE_TARGET),
                Map.entry("S1SP-SIE/PM3.1", MeasureStatus.NOT_REPORTED),
                Map.entry("CSPN/PM11", MeasureStatus.BELOW_TARGET),
                Map.entry("CSPC/PM11", MeasureStatus.NO_EVENTS),
                Map.entry("CSPS/PM11", MeasureStatus.NOT_REPORTED),
                Map.entry("CPM1", MeasureStatus.BELOW_MINIMUM),
                Map.entry("CPM7", MeasureStatus.NOT_REPORTED));
        // CPM1 = the mean of its contributors' levels: CSPN/PM4.3 90.00 alone (CSPC/PM4.3 no events, CSPS/PM4.3 data
        // exempted, the other seven not reported) = 90.00, below the 96.00 minimum
        expected.forEach((id, status) -> assertEquals(status, figure(report, id).status(), id));
        assertEquals(FigureSource.NONE, figure(report, "CSPS/PM12.2").source());
        assertEquals(FigureSource.AGENTS, figure(report, "CSPC/PM12.2").source(), "the declaring agent is the source");
        assertEquals(FigureSource.SUPPLIED, figure(report, "CPM4").source(), "the incident log is the source");
        assertEquals(new java.math.BigDecimal("90.00"), figure(report, "CPM1").level());
    }

    @Test
    void everyRowHasALevelOrNoEventsNotReportedOrDataExemptedAndEveryKindIsCovered() {
        MonthlyReport report = report(everyKind(), SEPTEMBER);
        Set<MeasureKind> withLevel = EnumSet.noneOf(MeasureKind.class);
        Set<MeasureStatus> seen = EnumSet.noneOf(MeasureStatus.class);
        for (MeasureFigure figure : report.measures()) {
            seen.add(figure.status());
            if (figure.status().withoutLevel()) {
                assertNull(figure.level(), figure.id());
                assertTrue(figure.status() != MeasureStatus.NOT_REPORTED || figure.source() == FigureSource.NONE,
                        figure.id() + ": not reported means no source");
                assertTrue(figure.source() != FigureSource.NONE || figure.status() == MeasureStatus.NOT_REPORTED,
                        figure.id() + ": no source is never no_events");
            } else {
                assertNotNull(figure.level(), figure.id());
                withLevel.add(figure.kind());
            }
        }
        assertEquals(EnumSet.allOf(MeasureKind.class), withLevel, "every kind has a level somewhere in the fixture");
        assertTrue(seen.containsAll(EnumSet.of(MeasureStatus.NO_EVENTS, MeasureStatus.NOT_REPORTED,
                MeasureStatus.DATA_EXEMPTED)), seen.toString());
    }
}
