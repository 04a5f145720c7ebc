package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MissingRange;
import io.pmr.collector.report.MonthlyReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked per-device records through the engine, by DeviceTruth's rules: a firmware payload counts once, in the
 * month of its first attempt, within TRT when any attempt was; an outage is attributed by its first alert and routed
 * by its size (50 hubs or fewer: PM12.1); a hub's SMWAN connectivity record counts once, by install.
 */
class DeviceRecordFiguresTest {
    static final YearMonth OCTOBER = YearMonth.of(2020, 10);
    static final String PM2 = "CSPN/PM2";
    static final String PM121 = "CSPN/PM12.1";
    static final String PM122 = "CSPN/PM12.2";

    static DeviceRecord attempt(String payload, String hub, String message, Instant start, String outcome) {
        return new DeviceRecord(PM2, hub, message, "", start.toEpochMilli(),
                "TIMED_OUT".equals(outcome) ? 0 : start.plus(Duration.ofHours(3)).toEpochMilli(), outcome, "", "rig-north",
                payload);
    }

    static DeviceRecord alert(String measure, String outage, int hub, Instant start, boolean within) {
        return new DeviceRecord(measure, "hub-" + outage + "-" + hub, "alert-" + outage + "-" + hub, "",
                start.toEpochMilli(), start.plusSeconds(within ? 20 : 90).toEpochMilli(),
                within ? "WITHIN_TRT" : "OUTSIDE_TRT", outage, "rig-north");
    }

    /** An outage of {@code hubs} alerts, the first {@code within} in time, one alert a second from {@code first}. */
    static InMemoryMeasureData outage(InMemoryMeasureData data, String outage, Instant first, int hubs, int within) {
        for (int i = 0; i < hubs; i++) {
            data.record(alert(PM122, outage, i, first.plusSeconds(i), i < within));
        }
        return data;
    }

    @Test
    void aPayloadCountsOnceInTheMonthOfItsFirstAttemptWithinWhenAnyAttemptWas() {
        // P1: failed on 10 Sep, retried on 11 Sep within TRT        -> September, 1 of 1
        // P2: its only attempt timed out                             -> September, 0 of 1
        // P3: failed on 30 Sep 21:00Z, retried on 2 Oct within TRT   -> September (first attempt), 1 of 1
        // P4: first attempt in October, within TRT                   -> October
        // P5: first attempt in August, retried in September in time  -> August 1 of 1, nothing in September
        // September: 2 of 3 hubs = 66.67 (below the 96.00 minimum). October: 1 of 1 = 100.00.
        // The agent's interval counts (attempts, not hubs: 6 of which 3 within) change nothing.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM2, at("2020-11-02T00:00:00Z"))
                .interval(PM2, "", at("2020-09-10T00:00:00Z"), 6, 3)
                .record(attempt("P1", "h1", "m1", at("2020-09-10T08:00:00Z"), "FAILED"))
                .record(attempt("P1", "h1", "m2", at("2020-09-11T08:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P2", "h2", "m3", at("2020-09-12T08:00:00Z"), "TIMED_OUT"))
                .record(attempt("P3", "h3", "m4", at("2020-09-30T21:00:00Z"), "FAILED"))
                .record(attempt("P3", "h3", "m5", at("2020-10-02T09:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P4", "h4", "m6", at("2020-10-05T09:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P5", "h5", "m7", at("2020-08-30T09:00:00Z"), "OUTSIDE_TRT"))
                .record(attempt("P5", "h5", "m8", at("2020-09-03T09:00:00Z"), "WITHIN_TRT"));

        MeasureFigure september = figure(report(data, SEPTEMBER), PM2);
        assertEquals(2, september.numerator());
        assertEquals(3, september.denominator());
        assertEquals(new BigDecimal("66.67"), september.level());
        assertEquals(FigureSource.AGENTS, september.source());
        assertTrue(september.isFinal());

        MeasureFigure october = figure(report(data, OCTOBER), PM2);
        assertEquals(1, october.numerator());
        assertEquals(1, october.denominator());
        MeasureFigure august = figure(report(data, YearMonth.of(2020, 8)), PM2);
        assertEquals(1, august.numerator());
        assertEquals(1, august.denominator());
    }

    @Test
    void aHubCountsOnceAMonthHoweverManyPayloadsItWasToReceive() {
        // The domain brief: CSPx/PM2 is per Communications Hub, "hubs with a payload delivered successfully in the
        // period / connected hubs identified in service requests to receive one".
        // h1: payload P1 timed out (10 Sep), payload P2 within TRT (20 Sep) -> one hub, delivered successfully.
        // h2: payload P3 within TRT (12 Sep).
        // h3: payload P4 timed out (14 Sep), payload P5 timed out (15 Sep) -> one hub, not delivered.
        // h4: payload P6 within TRT in October: not September's.
        // September: 2 of 3 hubs = 66.67 (per payload it would be 2 of 5 = 40.00).
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM2, OCT_START)
                .record(attempt("P1", "h1", "m1", at("2020-09-10T08:00:00Z"), "TIMED_OUT"))
                .record(attempt("P2", "h1", "m2", at("2020-09-20T08:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P3", "h2", "m3", at("2020-09-12T08:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P4", "h3", "m4", at("2020-09-14T08:00:00Z"), "TIMED_OUT"))
                .record(attempt("P5", "h3", "m5", at("2020-09-15T08:00:00Z"), "TIMED_OUT"))
                .record(attempt("P6", "h4", "m6", at("2020-10-02T08:00:00Z"), "WITHIN_TRT"));
        MeasureFigure figure = figure(report(data, SEPTEMBER), PM2);
        assertEquals(2, figure.numerator());
        assertEquals(3, figure.denominator());
        assertEquals(new BigDecimal("66.67"), figure.level());
    }

    @Test
    void anImportedExclusionRemovesAHubOnlyWithAllItsPayloads() {
        // Window exclusion 10 Sep 07:00-09:00Z of CSPN/PM2.
        // h1: P1 within TRT at 08:00 (in the window, excluded), P2 timed out on 20 Sep (kept): h1 stays, and without
        //     P1 it had no payload delivered -> counted, not within.
        // h2: P3 within TRT at 08:30 (in the window), its only payload: h2 leaves the figure, under the reason.
        // Figure 0 of 1 hub = 0.00; before exclusions both hubs delivered: 2 of 2 = 100.00.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM2, OCT_START)
                .record(attempt("P1", "h1", "m1", at("2020-09-10T08:00:00Z"), "WITHIN_TRT"))
                .record(attempt("P2", "h1", "m2", at("2020-09-20T08:00:00Z"), "TIMED_OUT"))
                .record(attempt("P3", "h2", "m3", at("2020-09-10T08:30:00Z"), "WITHIN_TRT"))
                .exclusion(PM2, "*", null, at("2020-09-10T07:00:00Z"), at("2020-09-10T09:00:00Z"), "Test Lab");
        MeasureFigure figure = figure(report(data, SEPTEMBER), PM2);
        assertEquals(0, figure.numerator());
        assertEquals(1, figure.denominator());
        assertEquals(java.util.List.of(new io.pmr.collector.report.ExcludedCount("Test Lab", 1)), figure.excluded());
        assertEquals(2, figure.before().numerator());
        assertEquals(2, figure.before().denominator());
    }

    @Test
    void aPayloadWhoseOnlyAttemptTimedOutIsZeroOfOne() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM2, OCT_START)
                .record(attempt("P9", "h9", "m9", at("2020-09-15T00:00:00Z"), "TIMED_OUT"));
        MeasureFigure figure = figure(report(data, SEPTEMBER), PM2);
        assertEquals(0, figure.numerator());
        assertEquals(1, figure.denominator());
        assertEquals(new BigDecimal("0.00"), figure.level());
    }

    @Test
    void outagesOfFiftyHubsOrFewerGoToPm121AndLargerOnesToPm122() {
        // Outage A: 40 hubs, 36 in time -> PM12.1. Outage B: 60 hubs, 55 in time -> PM12.2. An imported small outage
        // naming PM12.1: 10 hubs, 10 in time.
        // PM12.1 = (36 + 10) / (40 + 10) = 46 / 50 = 92.00.
        // PM12.2: one event, required = ((60 - 50) x 0.25) + 50 = 52.5; min(55, 52.5) / 52.5 = 100.00;
        //   historical = 100 x 55 / 52.5 = 104.76.
        // The agent's PM12.2 interval counts (alerts of every outage) count in neither.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM122, OCT_START)
                .interval(PM122, "", at("2020-09-07T10:00:00Z"), 100, 91)
                .outage(PM121, "imported-1", at("2020-09-20T00:00:00Z"), 10, 10);
        outage(data, "A", at("2020-09-07T10:00:00Z"), 40, 36);
        outage(data, "B", at("2020-09-08T10:00:00Z"), 60, 55);
        MonthlyReport report = report(data, SEPTEMBER);

        MeasureFigure small = figure(report, PM121);
        assertEquals(46, small.numerator());
        assertEquals(50, small.denominator());
        assertEquals(new BigDecimal("92.00"), small.level());
        assertEquals(FigureSource.AGENTS_AND_SUPPLIED, small.source());
        assertTrue(small.isFinal(), "final by the PM12.2 agent's watermark");

        MeasureFigure large = figure(report, PM122);
        assertEquals(55, large.numerator());
        assertEquals(60, large.denominator());
        assertEquals(new BigDecimal("100.00"), large.level());
        FigureDetail.PowerOutage detail = (FigureDetail.PowerOutage) large.detail();
        assertEquals(new BigDecimal("104.76"), detail.historicalLevel());
        assertEquals(1, detail.events().size());
        assertEquals("B", detail.events().get(0).eventId());
        assertEquals(new BigDecimal("52.50"), detail.events().get(0).required());
        assertTrue(large.notes().contains("1 outage events of 50 hubs or fewer counted under CSPN/PM12.1"),
                large.notes().toString());
    }

    @Test
    void pm122KeepsItsFigureBeforeImportedExclusions() {
        // Outage C: 100 hubs, the first 40 alerts in time (10:00:00-10:00:39), the other 60 late. An imported window
        // exclusion of PM12.2 covers 10:00:40-10:01:20: alerts 40..79, all late, 40 excluded.
        // After: N = 60, A = 40; required = ((60 - 50) x 0.25) + 50 = 52.5; 100 x 40 / 52.5 = 76.190... -> 76.19.
        // Before (the domain brief: "the figure before exclusions stays available"): N = 100, A = 40;
        // required = ((100 - 50) x 0.25) + 50 = 62.5; 100 x 40 / 62.5 = 64.00.
        Instant first = at("2020-09-08T10:00:00Z");
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM122, OCT_START)
                .exclusion(PM122, "*", null, first.plusSeconds(40), first.plusSeconds(80), "Low Coverage");
        outage(data, "C", first, 100, 40);

        MeasureFigure figure = figure(report(data, SEPTEMBER), PM122);
        assertEquals(40, figure.numerator());
        assertEquals(60, figure.denominator());
        assertEquals(new BigDecimal("76.19"), figure.level());
        assertEquals(40, figure.excluded().get(0).count());
        assertEquals(40, figure.before().numerator());
        assertEquals(100, figure.before().denominator());
        assertEquals(new BigDecimal("64.00"), figure.before().level());
    }

    @Test
    void anOutageBothImportedAndMeasuredByAgentsCountsOnce() {
        // Outage D: agents' records of 100 hubs, the first 90 in time; the same event (same id, same measure) also
        // imported with 100 hubs and 90 in time. Counted once, from the agents' records: N = 100, A = 90;
        // required = ((100 - 50) x 0.25) + 50 = 62.5 -> 100.00; as published 100 x 90 / 62.5 = 144.00.
        // Outage d (small, 30 hubs, 27 in time) likewise, imported under PM12.1: PM12.1 = 27 / 30 = 90.00.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM122, OCT_START)
                .outage(PM122, "D", at("2020-09-08T10:00:00Z"), 100, 90)
                .outage(PM121, "d", at("2020-09-09T10:00:00Z"), 30, 27);
        outage(data, "D", at("2020-09-08T10:00:00Z"), 100, 90);
        outage(data, "d", at("2020-09-09T10:00:00Z"), 30, 27);
        MonthlyReport report = report(data, SEPTEMBER);

        MeasureFigure large = figure(report, PM122);
        assertEquals(90, large.numerator());
        assertEquals(100, large.denominator());
        FigureDetail.PowerOutage detail = (FigureDetail.PowerOutage) large.detail();
        assertEquals(1, detail.events().size());
        assertEquals(new BigDecimal("144.00"), detail.historicalLevel());
        assertTrue(large.notes().contains("imported outage event D (power-outages.csv:2) is also measured by agents:"
                + " counted once, from their records"), large.notes().toString());

        MeasureFigure small = figure(report, PM121);
        assertEquals(27, small.numerator());
        assertEquals(30, small.denominator());
        assertEquals(new BigDecimal("90.00"), small.level());
        assertTrue(small.notes().contains("imported outage event d (power-outages.csv:3) is also measured by agents:"
                + " counted once, from their records"), small.notes().toString());
    }

    @Test
    void fiftyHubsIsSmallAndFiftyOneIsLarge() {
        InMemoryMeasureData data = new InMemoryMeasureData().declared("rig-north", PM122, OCT_START);
        outage(data, "fifty", at("2020-09-07T10:00:00Z"), 50, 50);
        outage(data, "fifty-one", at("2020-09-08T10:00:00Z"), 51, 0);
        MonthlyReport report = report(data, SEPTEMBER);
        assertEquals(50, figure(report, PM121).denominator());
        assertEquals(50, figure(report, PM121).numerator());
        assertEquals(51, figure(report, PM122).denominator());
        assertEquals(0, figure(report, PM122).numerator());
    }

    @Test
    void anOutageStraddlingTheMonthEndBelongsToTheMonthOfItsFirstAlert() {
        // September ends 2020-09-30T23:00Z (BST). Outage S: 30 alerts from 22:59:30Z (September) and 30 from 23:00:10Z
        // (October): one outage of 60 hubs in September, 45 in time. Outage T: 45 hubs from 23:00:00Z, all in
        // October, 40 in time: PM12.1 of October.
        InMemoryMeasureData data = new InMemoryMeasureData().declared("rig-north", PM122, at("2020-11-02T00:00:00Z"));
        for (int i = 0; i < 30; i++) {
            data.record(alert(PM122, "S", i, at("2020-09-30T22:59:30Z"), i < 25));
            data.record(alert(PM122, "S", 100 + i, at("2020-09-30T23:00:10Z"), i < 20));
        }
        outage(data, "T", at("2020-09-30T23:00:00Z"), 45, 40);

        MonthlyReport september = report(data, SEPTEMBER);
        assertEquals(60, figure(september, PM122).denominator());
        assertEquals(45, figure(september, PM122).numerator());
        assertEquals(0, figure(september, PM121).denominator());

        MonthlyReport october = report(data, OCTOBER);
        assertEquals(0, figure(october, PM122).denominator());
        assertNull(figure(october, PM122).level());
        assertEquals(45, figure(october, PM121).denominator());
        assertEquals(40, figure(october, PM121).numerator());
    }

    @Test
    void pm121IsProvisionalUntilThePm122AgentsPassTheMonthEnd() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", PM122, at("2020-09-20T00:00:00Z"));
        outage(data, "A", at("2020-09-07T10:00:00Z"), 10, 9);
        MonthlyReport report = report(data, SEPTEMBER);
        MeasureFigure small = figure(report, PM121);
        assertEquals(9, small.numerator());
        assertFalse(small.isFinal());
        assertFalse(figure(report, PM122).isFinal());
        // one missing range, listed once though both figures wait for it
        assertEquals(1, report.missing().size(), report.missing().toString());
        MissingRange missing = report.missing().get(0);
        assertEquals(PM122, missing.measureId());
        assertEquals("rig-north", missing.agentId());
    }

    @Test
    void smwanConnectivityCountsOneHubPerRecordByInstallAndQuarterlyMeasuresSumTheirMonths() {
        // CSPN/PM1.2 (30 d, monthly): installs in September: h1 connected in 2 days, h2 never (timed out), h3 installed
        // 00:30 London on 1 Sep (23:30Z on 31 Aug) connected in 40 days (outside 30 d); h0 installed in August.
        //   -> 1 of 3.  The agent's intervals (6 installs, 5 within) change nothing: records decide.
        // CSPN/PM1.3 (90 d, quarterly: July to September): h1 within, h2 timed out, h3 within (40 d), and a July
        //   install h7 within -> 3 of 4.
        InMemoryMeasureData data = new InMemoryMeasureData()
                .declared("rig-north", "CSPN/PM1.2", at("2020-08-31T00:00:00Z"))
                .declared("rig-north", "CSPN/PM1.3", at("2020-07-01T00:00:00Z"))
                .interval("CSPN/PM1.2", "", at("2020-09-02T00:00:00Z"), 6, 5)
                .record(install("CSPN/PM1.2", "h0", "2020-08-20T00:00:00Z", "WITHIN_TRT"))
                .record(install("CSPN/PM1.2", "h1", "2020-09-02T00:00:00Z", "WITHIN_TRT"))
                .record(install("CSPN/PM1.2", "h2", "2020-09-03T00:00:00Z", "TIMED_OUT"))
                .record(install("CSPN/PM1.2", "h3", "2020-08-31T23:30:00Z", "OUTSIDE_TRT"))
                .record(install("CSPN/PM1.3", "h1", "2020-09-02T00:00:00Z", "WITHIN_TRT"))
                .record(install("CSPN/PM1.3", "h2", "2020-09-03T00:00:00Z", "TIMED_OUT"))
                .record(install("CSPN/PM1.3", "h3", "2020-08-31T23:30:00Z", "WITHIN_TRT"))
                .record(install("CSPN/PM1.3", "h7", "2020-07-10T00:00:00Z", "WITHIN_TRT"));
        MonthlyReport report = report(data, SEPTEMBER);
        MeasureFigure thirty = figure(report, "CSPN/PM1.2");
        assertEquals(1, thirty.numerator());
        assertEquals(3, thirty.denominator());
        assertFalse(thirty.isFinal(), "an SMWAN watermark lags: provisional");
        MeasureFigure ninety = figure(report, "CSPN/PM1.3");
        assertEquals(3, ninety.numerator());
        assertEquals(4, ninety.denominator());
    }

    static DeviceRecord install(String measure, String hub, String installUtc, String outcome) {
        long start = Instant.parse(installUtc).toEpochMilli();
        return new DeviceRecord(measure, hub, "install-" + hub, "", start, "TIMED_OUT".equals(outcome) ? 0 : start + 1,
                outcome, "", "rig-north");
    }
}
