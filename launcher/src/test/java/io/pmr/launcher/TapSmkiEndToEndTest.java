package io.pmr.launcher;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SMKI request/response timings read from a gateway's trace log, one test line group per kind (TSP/PM1.1, PM1.4,
 * PM1.7, PM1.8, DSP/PM13), judged by the catalogue's rules: the UK wall-clock deadline of batch certificate requests
 * ({@code by 06:59 next day in 07:00-18:00}), the core-hours condition of system-to-system requests
 * ({@code 15s in core hours}) and the fixed TRTs, exactly at and just past each deadline; CPM7 and CPM8 follow from
 * them, every figure sourced from the agents. Monday 14 September 2020 is in BST (UTC+1).
 */
class TapSmkiEndToEndTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);

    private final List<String> lines = new ArrayList<>(List.of("message_id,direction,kind,device,region,timestamp,success"));

    private void event(String id, String kind, String startUtc, String endUtc, boolean success) {
        lines.add(id + ",start," + kind + ",,north," + startUtc + ",");
        if (endUtc != null) {
            lines.add(id + ",end," + kind + ",,north," + endUtc + "," + success);
        }
    }

    /** Within (1 s), exactly at the TRT, 1 ms past it, lost: 2 of 4 within. */
    private void fixedTrt(String prefix, String kind, long trtMillis) {
        Instant start = Instant.parse("2020-09-14T10:00:00Z");
        event(prefix + "1", kind, start.toString(), start.plusSeconds(1).toString(), true);
        event(prefix + "2", kind, start.toString(), start.plusMillis(trtMillis).toString(), true);
        event(prefix + "3", kind, start.toString(), start.plusMillis(trtMillis + 1).toString(), true);
        event(prefix + "4", kind, start.toString(), null, true);
    }

    @Test
    void everySmkiKindFromATraceLogIsJudgedByItsCatalogueRule(@TempDir Path dir) throws Exception {
        // TSP/PM1.1 by kind name, ends by measure id: received 07:00-18:00 UK time, due 06:59 UK time the next day
        String batch = "SMKI_BATCH_CERTIFICATE";
        event("b1", batch, "2020-09-14T09:00:00Z", "2020-09-15T05:59:00Z", true);     // exactly 06:59 BST: within
        event("b2", batch, "2020-09-14T09:00:00Z", "2020-09-15T05:59:00.001Z", true); // 1 ms late
        event("b3", batch, "2020-09-14T17:00:00Z", "2020-09-14T17:30:00Z", true);     // 18:00:00 BST: left out
        event("b4", batch, "2020-09-14T16:59:59.999Z", "2020-09-14T20:00:00Z", true); // 17:59:59.999: counts, within
        event("b5", batch, "2020-09-14T10:00:00Z", null, true);                        // lost: timed out
        event("b6", batch, "2020-09-14T06:00:00Z", "2020-09-14T07:00:00Z", false);    // 07:00 BST, failed
        // TSP/PM1.7: 15 s, only in core hours (08:00-18:00 UK time, Monday to Friday)
        String s2s = "TSP/PM1.7";
        event("s1", s2s, "2020-09-14T16:59:59Z", "2020-09-14T17:00:14Z", true);       // 17:59:59, due 18:00:14: within
        event("s2", s2s, "2020-09-14T17:00:00Z", "2020-09-14T17:00:01Z", true);       // 18:00:00: left out
        event("s3", s2s, "2020-09-12T10:00:00Z", "2020-09-12T10:00:01Z", true);       // Saturday: left out
        event("s4", s2s, "2020-09-14T08:00:00Z", "2020-09-14T08:00:15.001Z", true);   // 1 ms past 15 s
        event("s5", s2s, "2020-09-14T07:00:00Z", "2020-09-14T07:00:01Z", true);       // 08:00:00 BST: counts, within
        fixedTrt("r", "SMKI_RA_CERTIFICATE", 30_000);
        fixedTrt("p", "TSP/PM1.8", 10_000);
        fixedTrt("d", "DSP/PM13", 30_000);
        try (TraceLogRuns.Run run = TraceLogRuns.readWholeLog(dir, "smki-trace.csv", lines, "gateway-smki",
                Region.NORTH)) {
            assertEquals(0, run.counted().tap().badLines(), "every SMKI kind is a known kind");
            assertEquals(0, run.counted().agent().unknownEnds(), "ends of requests left out are not unknown");
            assertEquals(0, run.collector().counters().rejected(), "every interval's trt_rule is the catalogue's");

            MonthlyReport report = run.report(SEPTEMBER);
            assertFigure(report, "TSP/PM1.1", 2, 5, "40.00");
            assertFigure(report, "TSP/PM1.7", 2, 3, "66.67");
            assertFigure(report, "TSP/PM1.4", 2, 4, "50.00");
            assertFigure(report, "TSP/PM1.8", 2, 4, "50.00");
            assertFigure(report, "DSP/PM13", 2, 4, "50.00");
            // CPM7: the mean of 40.00, 50.00 and 66.67 = 52.2233 -> 52.22; CPM8: the mean of 50.00 and 50.00
            assertEquals(0, new BigDecimal("52.22").compareTo(TraceLogRuns.figure(report, "CPM7").level()));
            assertEquals(0, new BigDecimal("50.00").compareTo(TraceLogRuns.figure(report, "CPM8").level()));
        }
    }

    private static void assertFigure(MonthlyReport report, String id, long within, long events, String level) {
        MeasureFigure figure = TraceLogRuns.figure(report, id);
        assertEquals(List.of(within, events), List.of(figure.numerator(), figure.denominator()), id);
        assertEquals(0, new BigDecimal(level).compareTo(figure.level()), id + " level " + figure.level());
        assertEquals("agents", figure.source().code(), id);
    }
}
