package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.MeasureFigure;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An imported device exclusion of a measure counted from the agents' interval sums (the RTT, HAN command, alert, DSP
 * and SMKI timings: no per-device records) cannot remove anything: the sums name no device. It must not vanish
 * silently (docs/imports.md's own example excludes a hub from CSPN/PM4.3): the figure says which exclusions it could
 * not apply, and time windows still apply.
 */
class IntervalDeviceExclusionTest {

    @Test
    void aDeviceExclusionOfAnIntervalCountedMeasureIsNamedAsNotApplied() {
        // CSPN/PM4.3, September 2020: SKU1 intervals of 100 events (90 within) on 10 Sep 10:00Z and of 20 events
        // (10 within) on 10 Sep 12:00Z. Imported: a hub (device) exclusion, and a window 11:30-12:30Z.
        // The window removes the 12:00Z interval: 90 / 100 = 90.00, 20 excluded under its reason; before exclusions
        // 100 / 120 = 83.33. The device exclusion removes nothing (no sum names a device) and the figure says so.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM4.3", OCT_START)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-10T10:00:00Z"), 100, 90)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-10T12:00:00Z"), 20, 10)
                .exclusion("CSPN/PM4.3", "SKU1", "00-1B-2C-3D-4E-5F-60-71", null, null, "Faulty Communications Hub")
                .exclusion("CSPN/PM4.3", "*", null, at("2020-09-10T11:30:00Z"), at("2020-09-10T12:30:00Z"),
                        "Allowed Exception: major incident INC1002");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPN/PM4.3");

        assertEquals(90, figure.numerator());
        assertEquals(100, figure.denominator());
        assertEquals(new BigDecimal("90.00"), figure.level());
        assertEquals(List.of(new ExcludedCount("Allowed Exception: major incident INC1002", 20)), figure.excluded());
        assertEquals(new BigDecimal("83.33"), figure.before().level());
        assertEquals(List.of("exclusions.csv:3"), figure.files(), "only the window counted");
        assertTrue(figure.notes().contains("1 device exclusion(s) not applied (exclusions.csv:2): CSPN/PM4.3 is"
                + " counted from the agents' interval sums, which name no device; only time-window exclusions apply"
                + " to it"), figure.notes().toString());
    }

    @Test
    void aWindowRemovesTheWholeMinutesWhoseStartLiesInIt() {
        // As docs/imports.md says: one-minute sums, so a window 10:00:30-10:01:30Z removes the 10:01 minute (20 events,
        // 5 within) and keeps the 10:00 one (30 events, 30 within), whose start is before the window.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM4.3", OCT_START)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-10T10:00:00Z"), 30, 30)
                .interval("CSPN/PM4.3", "SKU1", at("2020-09-10T10:01:00Z"), 20, 5)
                .exclusion("CSPN/PM4.3", "*", null, at("2020-09-10T10:00:30Z"), at("2020-09-10T10:01:30Z"), "window");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPN/PM4.3");
        assertEquals(30, figure.numerator());
        assertEquals(30, figure.denominator());
        assertEquals(List.of(new ExcludedCount("window", 20)), figure.excluded());
    }

    @Test
    void aDeviceExclusionOfPm121AppliesToTheOutageRecordsRoutedToItWithoutThatNote() {
        // CSPN/PM12.1 declared (its own sums: none); the agents' PM12.2 records of outage s, 10 hubs, all in time, are
        // routed to it (50 hubs or fewer). Excluding hub-s-0 from PM12.1 removes that alert: 9 of 9 = 100.00.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM12.1", OCT_START)
                .declared("rig-north", "CSPN/PM12.2", OCT_START)
                .exclusion("CSPN/PM12.1", "*", "hub-s-0", null, null, "Test Lab Installations");
        DeviceRecordFiguresTest.outage(data, "s", at("2020-09-08T10:00:00Z"), 10, 10);
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPN/PM12.1");
        assertEquals(9, figure.numerator());
        assertEquals(9, figure.denominator());
        assertEquals(List.of(new ExcludedCount("Test Lab Installations", 1)), figure.excluded());
        assertTrue(figure.notes().stream().noneMatch(note -> note.contains("not applied")), figure.notes().toString());
    }

    @Test
    void aDeviceExclusionOfARecordCountedMeasureAppliesWithoutThatNote() {
        // CSPN/PM2 (firmware payloads, per-device records): the excluded hub's payload leaves the figure, no note.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM2", OCT_START)
                .record(DeviceRecordFiguresTest.attempt("P1", "h1", "m1", at("2020-09-10T08:00:00Z"), "WITHIN_TRT"))
                .record(DeviceRecordFiguresTest.attempt("P2", "h2", "m2", at("2020-09-11T08:00:00Z"), "TIMED_OUT"))
                .exclusion("CSPN/PM2", "*", "h2", null, null, "Incomplete Communication Hub Install");
        MeasureFigure figure = figure(report(data, SEPTEMBER), "CSPN/PM2");

        assertEquals(1, figure.numerator());
        assertEquals(1, figure.denominator());
        assertEquals(List.of(new ExcludedCount("Incomplete Communication Hub Install", 1)), figure.excluded());
        assertTrue(figure.notes().stream().noneMatch(note -> note.contains("not applied")), figure.notes().toString());
    }
}
