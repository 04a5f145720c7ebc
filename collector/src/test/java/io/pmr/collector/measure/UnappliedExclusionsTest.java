package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.imports.AvailabilityWindow.Kind;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Imported exclusions a figure's kind has no way to apply (an availability figure excuses maintenance windows, not
 * exclusions; incidents are excluded by id, not by time; a composite takes its contributors' exclusions; a supplied
 * figure counts as imported) are named in the figure's notes, never dropped silently. The figures are unchanged.
 */
class UnappliedExclusionsTest {

    @Test
    void exclusionsAKindCannotApplyAreNamedInTheFigure() {
        // DSP/PM2.1: a 2,592 s outage in September (2,592,000 s): 99.90, whatever the exclusion window over it says.
        // CPM4: incident I1 (category 1, 5 h, 4 h target) failed; a window exclusion over its times removes nothing.
        // CPM1: an exclusion of the composite itself; its contributor CSPN/PM4.3 90 of 100 = 90.00 stands.
        // DSP/PM11 (ratio): 95 of 100 supplied; an exclusion window changes nothing.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-10T10:00:00Z"), at("2020-09-10T10:43:12Z"))
                .exclusion("DSP/PM2.1", "*", null, at("2020-09-10T09:00:00Z"), at("2020-09-10T11:00:00Z"),
                        "planned maintenance")
                .exclusion("CPM4", "*", null, at("2020-09-05T00:00:00Z"), at("2020-09-06T00:00:00Z"), "storm")
                .declared("rig-north", "CSPN/PM4.3", OCT_START)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-10T10:00:00Z"), 100, 90)
                .exclusion("CPM1", "*", null, at("2020-09-01T00:00:00Z"), at("2020-09-02T00:00:00Z"), "test")
                .supplied("DSP/PM11", "2020-09", 95, 100L)
                .exclusion("DSP/PM11", "*", null, at("2020-09-01T00:00:00Z"), at("2020-09-02T00:00:00Z"), "test");
        Instant raised = at("2020-09-05T10:00:00Z");
        data.incident(new Incident("I1", 1, raised, raised.plusSeconds(5 * 3600), raised.plusSeconds(6 * 3600), null,
                "DCC", data.source("incidents.csv")));
        MonthlyReport report = report(data, SEPTEMBER);

        MeasureFigure availability = figure(report, "DSP/PM2.1");
        assertEquals(new BigDecimal("99.90"), availability.level());
        assertEquals(List.of(), availability.excluded());
        assertTrue(availability.notes().contains("1 exclusion(s) not applied (exclusions.csv:3): an availability"
                + " figure excuses only maintenance windows (the availability import, kind maintenance)"),
                availability.notes().toString());

        MeasureFigure cpm4 = figure(report, "CPM4");
        assertEquals(0, cpm4.numerator());
        assertEquals(1, cpm4.denominator());
        assertTrue(cpm4.notes().contains("1 exclusion(s) not applied (exclusions.csv:4): incidents are excluded by"
                + " incident id or exclusion_reason, not by a time window"), cpm4.notes().toString());

        MeasureFigure cpm1 = figure(report, "CPM1");
        assertEquals(new BigDecimal("90.00"), cpm1.level());
        assertTrue(cpm1.notes().contains("1 exclusion(s) not applied (exclusions.csv:5): a composite takes its"
                + " contributors' exclusions: exclude from the contributing measures"), cpm1.notes().toString());

        MeasureFigure ratio = figure(report, "DSP/PM11");
        assertEquals(new BigDecimal("95.00"), ratio.level());
        assertTrue(ratio.notes().contains("1 exclusion(s) not applied (exclusions.csv:7): a supplied figure counts as"
                + " imported"), ratio.notes().toString());
    }

    @Test
    void anExclusionOutsideTheMonthIsNotNamedInIt() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-10T10:00:00Z"), at("2020-09-10T10:43:12Z"))
                .exclusion("DSP/PM2.1", "*", null, at("2020-10-10T09:00:00Z"), at("2020-10-10T11:00:00Z"), "later");
        assertEquals(List.of(), figure(report(data, SEPTEMBER), "DSP/PM2.1").notes());
    }
}
