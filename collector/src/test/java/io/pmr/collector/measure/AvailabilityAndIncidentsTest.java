package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.imports.AvailabilityWindow.Kind;
import io.pmr.collector.imports.ImportSource;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityAndIncidentsTest {

    @Test
    void maintenanceExcusesOnlyTheOutageInsideItsWindowAndAnOverrunCounts() {
        // DSP/PM2.1 (target 99.95, minimum 99.00), September 2020: 30 days = 2,592,000 s.
        // - maintenance 10 Sep 01:00-03:00Z; outage 02:00-04:30Z: 9,000 s down, 3,600 s inside the window
        //   (excused), 5,400 s of overrun (counted);
        // - two overlapping outages 20 Sep 10:00-10:30Z and 10:15-10:45Z: unioned, 2,700 s (not 3,600);
        // - an outage 31 Aug 22:50Z-23:10Z straddles the month start (23:00Z): 600 s fall in September.
        // Down 9,000 + 2,700 + 600 = 12,300 s; excused 3,600; counted 8,700.
        // Level = (2,592,000 - 8,700) / 2,592,000 = 2,583,300 / 2,592,000 = 99.6643% -> 99.66: below target.
        // Before exclusions (no maintenance excuse): 2,579,700 / 2,592,000 = 99.5254% -> 99.53.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .window("DSP/PM2.1", Kind.MAINTENANCE, at("2020-09-10T01:00:00Z"), at("2020-09-10T03:00:00Z"))
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-10T02:00:00Z"), at("2020-09-10T04:30:00Z"))
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-20T10:00:00Z"), at("2020-09-20T10:30:00Z"))
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-09-20T10:15:00Z"), at("2020-09-20T10:45:00Z"))
                .window("DSP/PM2.1", Kind.OUTAGE, at("2020-08-31T22:50:00Z"), at("2020-08-31T23:10:00Z"))
                .window("DSP/PM2.2", Kind.OUTAGE, at("2020-09-01T00:00:00Z"), at("2020-09-30T00:00:00Z"));
        MeasureFigure figure = figure(report(data, SEPTEMBER), "DSP/PM2.1");
        FigureDetail.Availability detail = (FigureDetail.Availability) figure.detail();
        assertEquals(new FigureDetail.Availability(2_592_000, 12_300, 3_600, 8_700), detail);
        assertEquals(2_583_300, figure.numerator());
        assertEquals(2_592_000, figure.denominator());
        assertEquals(new BigDecimal("99.66"), figure.level());
        assertEquals(MeasureStatus.BELOW_TARGET, figure.status());
        assertEquals(new BigDecimal("99.53"), figure.before().level());
        assertEquals(FigureSource.SUPPLIED, figure.source());
        assertEquals(5, figure.files().size(), "the five windows of DSP/PM2.1, not the DSP/PM2.2 one");
    }

    @Test
    void availabilityWithNothingImportedHasNoSource() {
        MeasureFigure figure = figure(report(new InMemoryMeasureData(), SEPTEMBER), "DSP/PM2.3");
        assertEquals(MeasureStatus.NOT_REPORTED, figure.status());
        assertEquals(FigureSource.NONE, figure.source());
    }

    @Test
    void incidentsAreCountedByClosedDateWithinTheirCategoryTargetAfterExclusions() {
        // CPM4 (categories 1-2, target 100.00, minimum 85.00), provider DCC: every provider counts.
        // Test targets: category 1 = 4 h, category 2 = 8 h. September 2020 = [31 Aug 23:00Z, 30 Sep 23:00Z).
        //   I1 cat 1, raised 30 Aug (before the period), resolved after 3 h, closed 2 Sep: counted, within.
        //   I2 cat 2, resolved after 9 h (> 8 h), closed 6 Sep: counted, failed.
        //   I3 cat 1, open (never resolved, not closed): in no period.
        //   I4 cat 2, resolved after 1 h, closed 12 Sep, exclusion reason "Raised in error": excluded.
        //   I5 cat 1, resolved after exactly 4 h (at the target is within), closed 15 Sep: counted, within.
        //   I6 cat 3: CPM5's, not CPM4's.
        //   I7 cat 1, closed 30 Sep 23:30Z = 1 Oct 00:30 BST: October.
        //   I8 cat 2, resolved after 2 h, closed 20 Sep, named by a CPM4 exclusion (reason "Duplicate"): excluded.
        // Counted: I1 within, I2 failed, I5 within: 2 / 3 = 66.67 -> below the 85.00 minimum.
        // Before exclusions: I1, I2, I4, I5, I8 with 4 within: 4 / 5 = 80.00.
        InMemoryMeasureData data = new InMemoryMeasureData();
        data.incident(incident(data, "I1", 1, "2020-08-30T10:00:00Z", 3, "2020-09-02T10:00:00Z", null))
                .incident(incident(data, "I2", 2, "2020-09-05T00:00:00Z", 9, "2020-09-06T00:00:00Z", null))
                .incident(new Incident("I3", 1, at("2020-09-10T00:00:00Z"), null, null, null, "DCC",
                        data.source("incidents.csv")))
                .incident(incident(data, "I4", 2, "2020-09-11T00:00:00Z", 1, "2020-09-12T00:00:00Z",
                        "Raised in error"))
                .incident(incident(data, "I5", 1, "2020-09-15T00:00:00Z", 4, "2020-09-15T12:00:00Z", null))
                .incident(incident(data, "I6", 3, "2020-09-16T00:00:00Z", 1, "2020-09-16T12:00:00Z", null))
                .incident(incident(data, "I7", 1, "2020-09-30T20:00:00Z", 1, "2020-09-30T23:30:00Z", null))
                .incident(incident(data, "I8", 2, "2020-09-20T00:00:00Z", 2, "2020-09-20T12:00:00Z", null))
                .exclusion("CPM4", "*", "I8", null, null, "Duplicate");
        MonthlyReport report = report(data, SEPTEMBER);
        MeasureFigure cpm4 = figure(report, "CPM4");
        assertEquals(2, cpm4.numerator());
        assertEquals(3, cpm4.denominator());
        assertEquals(new BigDecimal("66.67"), cpm4.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, cpm4.status());
        assertEquals(4, cpm4.before().numerator());
        assertEquals(5, cpm4.before().denominator());
        assertEquals(new BigDecimal("80.00"), cpm4.before().level());
        assertEquals(List.of(new ExcludedCount("Duplicate", 1), new ExcludedCount("Raised in error", 1)),
                cpm4.excluded());
        FigureDetail.Incidents table = (FigureDetail.Incidents) cpm4.detail();
        assertEquals(List.of(new FigureDetail.IncidentCategory(1, 2, 2, 0, new BigDecimal("100.00")),
                new FigureDetail.IncidentCategory(2, 1, 0, 1, new BigDecimal("0.00"))), table.counted());
        assertEquals(List.of(new FigureDetail.IncidentCategory(1, 2, 2, 0, new BigDecimal("100.00")),
                new FigureDetail.IncidentCategory(2, 3, 2, 1, new BigDecimal("66.67"))), table.beforeExclusions());
        MeasureFigure cpm5 = figure(report, "CPM5");
        assertEquals(1, cpm5.denominator(), "I6 only");
        assertEquals(MeasureStatus.AT_OR_ABOVE_TARGET, cpm5.status());
    }

    @Test
    void everyIncidentExcludedIsDataExempted() {
        InMemoryMeasureData data = new InMemoryMeasureData();
        data.incident(incident(data, "X", 4, "2020-09-05T00:00:00Z", 1, "2020-09-06T00:00:00Z", "Test"));
        MeasureFigure cpm5 = figure(report(data, SEPTEMBER), "CPM5");
        assertEquals(MeasureStatus.DATA_EXEMPTED, cpm5.status());
        assertEquals(null, cpm5.level());
        assertTrue(cpm5.notes().isEmpty());
    }

    private static Incident incident(InMemoryMeasureData data, String id, int category, String raised,
            long resolvedAfterHours, String closed, String reason) {
        Instant raisedAt = at(raised);
        ImportSource source = data.source("incidents.csv");
        return new Incident(id, category, raisedAt, raisedAt.plusSeconds(resolvedAfterHours * 3600), at(closed),
                reason, "CSP North", source);
    }
}
