package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.LATER;
import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.AvailabilityWindow.Kind;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * The audit's boundary cases, each worked by hand from the domain brief and docs/methodology.md: a level at the edge
 * of its target in a month with a 25-hour and a 23-hour day, a composite mean exactly half way between two hundredths,
 * a composite of contributors without events, and incidents resolved exactly at their target or closed exactly at the
 * end of the month.
 */
class AuditBoundariesTest {
    private static final YearMonth OCTOBER = YearMonth.of(2020, 10);
    private static final YearMonth MARCH = YearMonth.of(2021, 3);

    @Test
    void availabilityCountsTheSecondsOfTheMonthsThatHaveAClockChange() {
        // CSPN/PM6.2: target 99.98, minimum 98.25. October 2020 has a 25-hour day: 31 x 86,400 + 3,600 = 2,682,000 s.
        //   670 s down: 2,681,330 / 2,682,000 = 99.97502% -> 99.98, at target (with 31 x 86,400 s it would be
        //   2,677,730 / 2,678,400 = 99.97498% -> 99.97, below).
        //   671 s down: 2,681,329 / 2,682,000 = 99.97498% -> 99.97, below target.
        // March 2021 has a 23-hour day: 31 x 86,400 - 3,600 = 2,674,800 s.
        //   669 s down: 2,674,131 / 2,674,800 = 99.97499% -> 99.97, below target (in October: 99.98).
        //   668 s down: 2,674,132 / 2,674,800 = 99.97503% -> 99.98, at target.
        assertAvailability(OCTOBER, "2020-10-25T00:30:00Z", 670, 2_682_000, "99.98", MeasureStatus.AT_OR_ABOVE_TARGET);
        assertAvailability(OCTOBER, "2020-10-25T00:30:00Z", 671, 2_682_000, "99.97", MeasureStatus.BELOW_TARGET);
        assertAvailability(MARCH, "2021-03-28T00:30:00Z", 669, 2_674_800, "99.97", MeasureStatus.BELOW_TARGET);
        assertAvailability(MARCH, "2021-03-28T00:30:00Z", 668, 2_674_800, "99.98", MeasureStatus.AT_OR_ABOVE_TARGET);
    }

    private static void assertAvailability(YearMonth month, String from, long downSeconds, long periodSeconds,
            String level, MeasureStatus status) {
        Instant start = at(from);
        InMemoryMeasureData data = new InMemoryMeasureData()
                .window("CSPN/PM6.2", Kind.OUTAGE, start, start.plusSeconds(downSeconds));
        MeasureFigure figure = figure(report(data, month), "CSPN/PM6.2");
        String what = month + ", " + downSeconds + " s down";
        assertEquals(periodSeconds, ((FigureDetail.Availability) figure.detail()).periodSeconds(), what);
        assertEquals(periodSeconds - downSeconds, figure.numerator(), what);
        assertEquals(new BigDecimal(level), figure.level(), what);
        assertEquals(status, figure.status(), what);
    }

    @Test
    void aCompositeMeanHalfWayBetweenTwoHundredthsRoundsUp() {
        // CPM8 (target 99.00, minimum 96.00) = mean of DSP/PM13 and TSP/PM1.8.
        // DSP/PM13: 9,900 / 10,000 = 99.00; TSP/PM1.8: 9,899 / 10,000 = 98.99 (below its 99.00 minimum).
        // Mean (99.00 + 98.99) / 2 = 98.995 exactly -> half-up 99.00: at target (half-down or truncation: 98.99,
        // below target). Pooled: 19,799 / 20,000 = 98.995% -> 99.00 too.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("dsp", "DSP/PM13", OCT_START)
                .interval("DSP/PM13", "*", at("2020-09-10T00:00:00Z"), 10_000, 9_900)
                .declared("tsp", "TSP/PM1.8", OCT_START)
                .interval("TSP/PM1.8", "*", at("2020-09-10T00:00:00Z"), 10_000, 9_899);
        MonthlyReport report = report(data, SEPTEMBER);
        assertEquals(MeasureStatus.BELOW_MINIMUM, figure(report, "TSP/PM1.8").status());
        MeasureFigure cpm8 = figure(report, "CPM8");
        assertEquals(new BigDecimal("99.00"), cpm8.level());
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, cpm8.status());
        assertEquals(new BigDecimal("99.00"), ((FigureDetail.Composite) cpm8.detail()).pooledLevel());
    }

    @Test
    void aCompositeWhoseContributorsHadNoEventsHasNoLevelAndIsNeverZero() {
        // DSP/PM13 and TSP/PM1.8 declared and reported the month with no event: both no_events, so CPM8 has no level
        // (no division by zero, no 0.00) and is no_events, not not_reported: its sources reported.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("dsp", "DSP/PM13", OCT_START)
                .declared("tsp", "TSP/PM1.8", OCT_START);
        MonthlyReport report = report(data, SEPTEMBER);
        assertEquals(MeasureStatus.NO_EVENTS, figure(report, "DSP/PM13").status());
        MeasureFigure cpm8 = figure(report, "CPM8");
        assertNull(cpm8.level());
        assertEquals(MeasureStatus.NO_EVENTS, cpm8.status());
        assertEquals(0, cpm8.denominator());
    }

    @Test
    void anIncidentResolvedExactlyAtItsTargetIsWithinAndOneClosedAtTheMonthsEndCountsInTheNext() {
        // The shipped categories: 1 = 4 h, 2 = 8 h, on the impact clock. September 2020 ends at 2020-09-30T23:00Z
        // (midnight BST).
        // I1 cat 1, no impact times (falls back to raised -> resolved): exactly 4 h -> within; closed 22:59:59Z ->
        //    September.
        // I2 cat 1, no impact times: 4 h 0 min 1 s -> failed; closed 23:00:00Z -> October.
        // I3 cat 2, impacted 00:00Z, restored 08:00Z: exactly 8 h -> within (its 3-day incident duration is not the
        //    clock); closed in September.
        // CPM4 September: 2 of 2 = 100.00. October: 0 of 1 = 0.00, below the 85.00 minimum.
        InMemoryMeasureData data = new InMemoryMeasureData();
        Instant raised = at("2020-09-10T10:00:00Z");
        data.incident(new Incident("I1", 1, raised, raised.plusSeconds(4 * 3600), at("2020-09-30T22:59:59Z"), null,
                "DCC", data.source("incidents.csv")));
        data.incident(new Incident("I2", 1, raised, raised.plusSeconds(4 * 3600 + 1), at("2020-09-30T23:00:00Z"),
                null, "DCC", data.source("incidents.csv")));
        data.incident(new Incident("I3", 2, at("2020-09-12T00:30:00Z"), at("2020-09-15T00:30:00Z"),
                at("2020-09-15T01:00:00Z"), null, "DCC", data.source("incidents.csv"), at("2020-09-12T00:00:00Z"),
                at("2020-09-12T08:00:00Z")));
        MeasureEngine engine = new MeasureEngine(Catalogue.shipped());

        MeasureFigure september = figure(engine.compute(SEPTEMBER, data, LATER), "CPM4");
        assertEquals(2, september.numerator());
        assertEquals(2, september.denominator());
        assertEquals(new BigDecimal("100.00"), september.level());
        MeasureFigure october = figure(engine.compute(OCTOBER, data, LATER), "CPM4");
        assertEquals(0, october.numerator());
        assertEquals(1, october.denominator());
        assertEquals(new BigDecimal("0.00"), october.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, october.status());
    }
}
