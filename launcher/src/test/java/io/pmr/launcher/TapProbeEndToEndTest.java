package io.pmr.launcher;

import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.MeasureTrts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Availability probes read from a gateway's trace log (every probe kind: the DCC WAN Gateway Interface, the DSP
 * interfaces and the CSPN Access Nodes) become down windows by the probe rule, and the collector's availability
 * figures from them, with the notified maintenance imported, are exact and sourced from the agents. The SMETS1
 * timings (S1SP SIE and Capgemini PM1.1, S1SP SIE PM1.5) read from an S1SP interface's trace log give exact
 * within-TRT figures, sourced from the agents, with the shipped catalogue's placeholder TRTs. Daily SMWAN connectivity
 * checks read from a CSP's trace log give the SMWAN connectivity level in hub-days with its excepted hubs.
 */
class TapProbeEndToEndTest {
    private static final Instant T0 = Instant.parse("2020-09-10T10:00:00Z");
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);

    @Test
    void everyProbeKindFromATraceLogGivesExactAvailability(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("message_id,direction,kind,device,region,timestamp,success"));
        List<String> measured = new ArrayList<>();
        StringBuilder maintenance = new StringBuilder("measure,kind,start,end\n");
        for (EventKind kind : EventKind.every()) {
            if (!kind.availabilityProbe()) {
                continue;
            }
            String measureId = kind.measureId(Region.NORTH);
            measured.add(measureId);
            // the probes by kind name, their ends by measure id where the tap takes one (probed from NORTH only)
            String name = kind.name();
            String endName = kind == EventKind.AVAILABILITY_PROBE ? name : measureId;
            String p = kind.name().toLowerCase(java.util.Locale.ROOT) + "-";
            lines.add(p + "1,start," + name + ",,north," + T0 + ",");
            lines.add(p + "1,end," + endName + ",,north," + T0.plusMillis(500) + ",true");      // up
            lines.add(p + "2,start," + name + ",,north," + T0.plusSeconds(10) + ",");                  // down: opens
            lines.add(p + "2,end," + endName + ",,north," + T0.plusMillis(10_200) + ",false");   // an error
            lines.add(p + "3,start," + name + ",,north," + T0.plusSeconds(20) + ",");                  // lost: down
            lines.add(p + "4,start," + name + ",,north," + T0.plusSeconds(30) + ",");
            lines.add(p + "4,end," + endName + ",,north," + T0.plusMillis(32_001) + ",true");    // 1 ms late: down
            lines.add(p + "5,start," + name + ",,north," + T0.plusSeconds(40) + ",");
            lines.add(p + "5,end," + endName + ",,north," + T0.plusSeconds(42) + ",true");       // at the timeout: up
            lines.add(p + "6,start," + name + ",,north," + T0.plusSeconds(50) + ",");
            lines.add(p + "6,end," + endName + ",,north," + T0.plusMillis(50_300) + ",true");
            maintenance.append(DemoImports.maintenanceRow(measureId, T0.plusSeconds(20).toEpochMilli(),
                    T0.plusSeconds(30).toEpochMilli())).append('\n');
        }
        assertEquals(8, measured.size(), "PM6.2, DSP PM2.1-2.5 and 2.7, CSPN PM6.3");
        try (TraceLogRuns.Run run = TraceLogRuns.readWholeLog(dir, "probe-trace.csv", lines, "gateway-north",
                Region.NORTH)) {
            assertEquals(0, run.counted().tap().badLines(), "every probe kind is a known kind");
            assertEquals(0, run.counted().agent().unknownEnds());
            run.collector().importFile(ImportKind.AVAILABILITY, "maintenance.csv",
                    maintenance.toString().getBytes(StandardCharsets.UTF_8));

            MonthlyReport report = run.report(SEPTEMBER);
            for (String id : measured) {
                MeasureFigure figure = TraceLogRuns.figure(report, id);
                assertEquals("agents_and_supplied", figure.source().code(), id + ": the agents' outages, the notified maintenance");
                FigureDetail.Availability detail = (FigureDetail.Availability) figure.detail();
                // down from the second probe's start to the fifth's: 30 s, 10 of them inside the notified maintenance
                assertEquals(List.of(30L * 24 * 3600, 30L, 10L, 20L), List.of(detail.periodSeconds(),
                        detail.outageSeconds(), detail.maintenanceExcusedSeconds(), detail.countedSeconds()), id);
                assertEquals(30L * 24 * 3600 - 20, figure.numerator(), id + " available seconds");
            }
            assertEquals(0, TraceLogRuns.figure(report, "CPM6").level().compareTo(
                    TraceLogRuns.figure(report, "DSP/PM2.4").level()), "CPM6 is DSP/PM2.4's level");
        }
    }

    @Test
    void everySmets1TimingFromATraceLogGivesAnExactFigureAtTheCataloguesTrt(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("message_id,direction,kind,device,region,timestamp,success"));
        List<String> measured = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            if (!kind.smets1Timing()) {
                continue;
            }
            String measureId = kind.measureId(Region.NORTH);
            measured.add(measureId);
            long trtMillis = MeasureTrts.shipped().get(measureId).toMillis();
            String p = kind.name().toLowerCase(java.util.Locale.ROOT) + "-";
            // starts by kind name, ends by measure id: the tap takes both
            lines.add(p + "1,start," + kind.name() + ",meter-1,north," + T0 + ",");
            lines.add(p + "1,end," + measureId + ",meter-1,north," + T0.plusSeconds(2) + ",true");            // within
            lines.add(p + "2,start," + kind.name() + ",meter-2,north," + T0.plusSeconds(60) + ",");
            lines.add(p + "2,end," + measureId + ",meter-2,north," + T0.plusSeconds(60).plusMillis(trtMillis)
                    + ",true");                                                                                      // at TRT: within
            lines.add(p + "3,start," + kind.name() + ",meter-3,north," + T0.plusSeconds(120) + ",");
            lines.add(p + "3,end," + measureId + ",meter-3,north," + T0.plusSeconds(120).plusMillis(trtMillis + 1)
                    + ",true");                                                                                      // 1 ms late
            lines.add(p + "4,start," + kind.name() + ",meter-4,north," + T0.plusSeconds(180) + ",");
            lines.add(p + "4,end," + measureId + ",meter-4,north," + T0.plusSeconds(181) + ",false");          // failed
            lines.add(p + "5,start," + kind.name() + ",meter-5,north," + T0.plusSeconds(240) + ",");          // lost
        }
        assertEquals(List.of("S1SP-SIE/PM1.1", "S1SP-CAP/PM1.1", "S1SP-SIE/PM1.5"), measured);
        try (TraceLogRuns.Run run = TraceLogRuns.readWholeLog(dir, "s1sp-trace.csv", lines, "s1sp-north",
                Region.NORTH)) {
            assertEquals(0, run.counted().tap().badLines(), "every SMETS1 kind is a known kind");
            assertEquals(0, run.counted().agent().unknownEnds());

            MonthlyReport report = run.report(SEPTEMBER);
            for (String id : measured) {
                MeasureFigure figure = TraceLogRuns.figure(report, id);
                assertEquals("agents", figure.source().code(), id + " is measured by the agent");
                assertEquals(List.of(2L, 5L), List.of(figure.numerator(), figure.denominator()),
                        id + ": within and at the TRT count; 1 ms late, failed and lost do not");
            }
        }
    }

    @Test
    void smwanConnectivityChecksFromATraceLogGiveTheLevelInHubDays(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "message_id,direction,kind,device,region,timestamp,success,excluded"));
        String hub1 = "00-1B-2C-3D-4E-5F-60-71";
        String hub2 = "00-1B-2C-3D-4E-5F-60-72";
        long timeoutMillis = EventKind.SMWAN_CONNECTIVITY_CHECK.defaultTrt().toMillis();
        for (int day = 1; day <= 3; day++) {
            Instant check = Instant.ofEpochMilli(io.pmr.model.SmwanLevelRule.checkEpochMillis(
                    java.time.LocalDate.of(2020, 9, 9 + day)));
            // hub 1: connected, answered 1 ms after the timeout (not connected), excluded that day (answered)
            lines.add("a" + day + ",start,SMWAN_CONNECTIVITY_CHECK," + hub1 + ",central," + check + ",,"
                    + (day == 3 ? "true" : ""));
            lines.add("a" + day + ",end,SMWAN_CONNECTIVITY_CHECK," + hub1 + ",central,"
                    + check.plusMillis(day == 2 ? timeoutMillis + 1 : 900) + ",true,");
            // hub 2: connected, an error (no SMWAN session), no answer
            lines.add("b" + day + ",start,SMWAN_CONNECTIVITY_CHECK," + hub2 + ",central," + check + ",,");
            if (day < 3) {
                lines.add("b" + day + ",end,SMWAN_CONNECTIVITY_CHECK," + hub2 + ",central," + check.plusMillis(700)
                        + "," + (day == 1) + ",");
            }
        }
        try (TraceLogRuns.Run run = TraceLogRuns.readWholeLog(dir, "csp-trace.csv", lines, "csp-central",
                Region.CENTRAL)) {
            assertEquals(0, run.counted().tap().badLines(), "every check line is good");
            assertEquals(0, run.collector().counters().rejected(), "the level's records are accepted");

            MeasureFigure level = TraceLogRuns.figure(run.report(SEPTEMBER), "CSPC/PM1.3");
            assertEquals("agents", level.source().code());
            // in scope: hub 1 on days 1-2 (1 connected), hub 2 on days 1-3 (1 connected); hub 1's day 3 excluded
            assertEquals(List.of(2L, 5L), List.of(level.numerator(), level.denominator()), "hub-days");
            assertEquals(0, new java.math.BigDecimal("40.00").compareTo(level.level()));
            FigureDetail.HubLevel detail = (FigureDetail.HubLevel) level.detail();
            assertEquals(List.of(new FigureDetail.ExceptedHub("001B2C3D4E5F6072", 2, 3),
                    new FigureDetail.ExceptedHub("001B2C3D4E5F6071", 1, 2)), detail.exceptedHubs());
            assertEquals(1L, level.excluded().stream().mapToLong(e -> e.count()).sum(), "hub 1's excluded day");
        }
    }
}
