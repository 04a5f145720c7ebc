package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.imports.ImportSource;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.report.IncidentRegister;
import io.pmr.collector.report.MeasureCommentary;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.collector.report.MonthlyReport;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aged open incidents, re-opened incidents and commentary, from the engine. */
class IncidentRegisterTest {

    @Test
    void agedOpenCountsIncidentsRaisedAndNotClosedByThePeriodEndByUkMonthRaisedAndCategory() {
        // September 2020 ends 30 Sep 23:00Z (1 Oct 00:00 BST).
        InMemoryMeasureData data = new InMemoryMeasureData();
        data.incident(incident(data, "A1", 3, "2020-07-02T10:00:00Z", null))           // open: July, cat 3
                .incident(incident(data, "A2", 3, "2020-07-20T10:00:00Z", null))       // open: July, cat 3
                .incident(incident(data, "A3", 1, "2020-07-31T23:30:00Z", null))       // 1 Aug 00:30 BST: August
                .incident(incident(data, "A4", 2, "2020-09-10T10:00:00Z", "2020-10-02T10:00:00Z")) // closed after
                .incident(incident(data, "A5", 2, "2020-09-10T10:00:00Z", "2020-09-30T23:00:00Z")) // at the end: open
                .incident(incident(data, "C1", 4, "2020-08-10T10:00:00Z", "2020-09-30T22:59:59Z")) // closed in time
                .incident(incident(data, "F1", 5, "2020-09-30T23:00:00Z", null));      // raised in October
        MonthlyReport report = report(data, SEPTEMBER);
        assertEquals(List.of(new IncidentRegister.AgedOpen("2020-07", 3, 2),
                new IncidentRegister.AgedOpen("2020-08", 1, 1),
                new IncidentRegister.AgedOpen("2020-09", 2, 2)), report.incidents().agedOpen());
        // August's end: C1 (closed in September) was still open then; A4, A5 and F1 were not yet raised
        assertEquals(List.of(new IncidentRegister.AgedOpen("2020-07", 3, 2),
                new IncidentRegister.AgedOpen("2020-08", 1, 1), new IncidentRegister.AgedOpen("2020-08", 4, 1)),
                report(data, YearMonth.of(2020, 8)).incidents().agedOpen());
    }

    @Test
    void aReopenedIncidentCountsWhereItFinallyClosesAndIsListedInBothMonths() {
        // R1 (category 1) was imported closed on 20 Aug, then again with a blank closed_at (re-opened), then closed
        // on 10 Sep: the store's current row is the last, the two earlier ones are in history.
        InMemoryMeasureData data = new InMemoryMeasureData();
        Incident closedInAugust = incident(data, "R1", 1, "2020-08-20T08:00:00Z", "2020-08-20T10:00:00Z");
        Incident reopened = incident(data, "R1", 1, "2020-08-20T08:00:00Z", null);
        Incident closedInSeptember = incident(data, "R1", 1, "2020-08-20T08:00:00Z", "2020-09-10T10:00:00Z");
        // a correction that moves a closure earlier is not a re-opening
        Incident correctedFrom = incident(data, "K1", 1, "2020-09-01T08:00:00Z", "2020-09-05T10:00:00Z");
        Incident corrected = incident(data, "K1", 1, "2020-09-01T08:00:00Z", "2020-09-04T10:00:00Z");
        data.replacedIncident(closedInAugust).replacedIncident(reopened).incident(closedInSeptember)
                .replacedIncident(correctedFrom).incident(corrected);

        MonthlyReport september = report(data, SEPTEMBER);
        IncidentRegister.Reopened listed = new IncidentRegister.Reopened("R1", 1,
                List.of(at("2020-08-20T10:00:00Z")), List.of(closedInAugust.source().text()),
                at("2020-09-10T10:00:00Z"), "2020-09", closedInSeptember.source().text());
        assertEquals(List.of(listed), september.incidents().reopened());
        assertEquals(2, figure(september, "CPM4").denominator(), "R1 and K1 count in September");

        MonthlyReport august = report(data, YearMonth.of(2020, 8));
        assertEquals(List.of(listed), august.incidents().reopened(), "August shows where its closure went");
        assertEquals(0, figure(august, "CPM4").denominator(), "R1 no longer counts in August");
        assertEquals(List.of(new IncidentRegister.AgedOpen("2020-08", 1, 1)), august.incidents().agedOpen());

        assertEquals(List.of(), report(data, YearMonth.of(2020, 10)).incidents().reopened());
    }

    @Test
    void aReopenedIncidentStillOpenIsListedInTheMonthItHadClosedIn() {
        InMemoryMeasureData data = new InMemoryMeasureData();
        Incident closed = incident(data, "R2", 2, "2020-09-02T08:00:00Z", "2020-09-03T10:00:00Z");
        Incident open = incident(data, "R2", 2, "2020-09-02T08:00:00Z", null);
        data.replacedIncident(closed).incident(open);
        MonthlyReport september = report(data, SEPTEMBER);
        assertEquals(List.of(new IncidentRegister.Reopened("R2", 2, List.of(at("2020-09-03T10:00:00Z")),
                List.of(closed.source().text()), null, null, open.source().text())),
                september.incidents().reopened());
        assertEquals(MeasureStatus.NO_EVENTS, figure(september, "CPM4").status());
        assertEquals(List.of(new IncidentRegister.AgedOpen("2020-09", 2, 1)), september.incidents().agedOpen());
    }

    @Test
    void commentaryIsAttachedToTheFigureOfItsMeasureAndPeriodAndAMismatchIsFlagged() {
        // CPM4: one incident, outside its target -> 0.00, below minimum; CPM5: one within -> at or above target.
        InMemoryMeasureData data = new InMemoryMeasureData();
        data.incident(new Incident("S1", 1, at("2020-09-05T00:00:00Z"), at("2020-09-05T09:00:00Z"),
                at("2020-09-05T10:00:00Z"), null, "DCC", data.source("incidents.csv")))
                .incident(new Incident("S2", 3, at("2020-09-05T00:00:00Z"), at("2020-09-05T01:00:00Z"),
                        at("2020-09-05T10:00:00Z"), null, "DCC", data.source("incidents.csv")))
                .commentary("CPM4", "2020-09", "below_minimum", "Major incident INC1 at the DSP", "New runbook")
                .commentary("CPM5", "2020-09", "below_target", "Backlog", null)
                .commentary("CPM4", "2020-08", "below_target", "another month", null);
        MonthlyReport report = report(data, SEPTEMBER);
        MeasureCommentary cpm4 = report.commentaryOf("CPM4").orElseThrow();
        assertEquals("Major incident INC1 at the DSP", cpm4.reason());
        assertEquals("New runbook", cpm4.mitigation());
        assertEquals("2020-09", cpm4.period());
        assertTrue(cpm4.matchesStatus());
        assertEquals(MeasureStatus.BELOW_MINIMUM, figure(report, "CPM4").status());
        MeasureCommentary cpm5 = report.commentaryOf("CPM5").orElseThrow();
        assertFalse(cpm5.matchesStatus(), "written for below_target, the figure is at or above target");
        assertEquals(2, report.commentary().size(), "August's commentary is not September's");
        assertEquals("another month", report(data, YearMonth.of(2020, 8)).commentaryOf("CPM4").orElseThrow()
                .reason());
    }

    private static Incident incident(InMemoryMeasureData data, String id, int category, String raised,
            String closed) {
        Instant raisedAt = at(raised);
        ImportSource source = data.source("incidents.csv");
        Instant closedAt = closed == null ? null : at(closed);
        return new Incident(id, category, raisedAt, closedAt, closedAt, null, "DCC", source);
    }
}
