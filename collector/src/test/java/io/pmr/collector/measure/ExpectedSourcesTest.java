package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.at;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MissingRange;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.data.SourceExpectation.Action;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finality you can trust: expected sources, coverage of every day, composites, the previous level's finality. */
class ExpectedSourcesTest {
    private static final YearMonth AUGUST = YearMonth.of(2020, 8);
    private static final String RTT4_NORTH = "CSPN/PM4.3";
    /** A September run: the rig starts a day early, 00:00 BST on 31 August (2020-08-30T23:00Z). */
    private static final String RUN_START = "2020-08-30T23:00:00Z";

    @Test
    void aOneDayRunNeverMakesAFinalAugustAndSeptemberSaysItsPreviousLevelIsProvisional() {
        InMemoryMeasureData data = new InMemoryMeasureData()
                .born("agent-north", at(RUN_START), at("2020-10-05T00:00:00Z"), RTT4_NORTH)
                .interval(RTT4_NORTH, "SKU1", at("2020-08-31T10:00:00Z"), 10, 9)
                .interval(RTT4_NORTH, "SKU1", at("2020-09-10T10:00:00Z"), 100, 95);

        MonthlyReport august = report(data, AUGUST);
        MeasureFigure one = figure(august, RTT4_NORTH);
        assertEquals(new BigDecimal("90.00"), one.level());
        assertFalse(one.isFinal(), "one day of August's 31 is never a final August");
        assertTrue(one.whyProvisional().stream().anyMatch(why -> why.contains("no source covered")),
                one.whyProvisional().toString());
        assertEquals(List.of(new MissingRange(MissingRange.NO_SOURCE, RTT4_NORTH, "2020-08",
                at("2020-07-31T23:00:00Z").toEpochMilli(), at(RUN_START).toEpochMilli(),
                "no source covered it: the earliest declaration of " + RTT4_NORTH
                        + " by an agent still reporting was later")),
                august.missing().stream().filter(m -> m.measureId().equals(RTT4_NORTH)).toList());
        assertFalse(figure(august, "CPM1").isFinal(), "a composite is final only when every contributor is");

        MeasureFigure september = figure(report(data, SEPTEMBER), RTT4_NORTH);
        assertTrue(september.isFinal(), september.whyProvisional().toString());
        assertEquals(new BigDecimal("90.00"), september.previousLevel());
        assertEquals(Boolean.FALSE, september.previousFinal(), "September shows August's one-day figure as provisional");
    }

    @Test
    void cpm1WaitsForTheRegionsAnOperatorNamedEvenIfTheyNeverReported() {
        // agent-north alone reported; Central and South are named with `pmr collector agents expect`
        InMemoryMeasureData data = new InMemoryMeasureData()
                .born("agent-north", at("2020-06-01T00:00:00Z"), at("2020-10-05T00:00:00Z"), RTT4_NORTH)
                .interval(RTT4_NORTH, "SKU1", at("2020-09-10T10:00:00Z"), 100, 95);
        assertTrue(figure(report(data, SEPTEMBER), "CPM1").isFinal(), "nobody else is expected yet");

        data.operator("agent-central", "CSPC/PM4.3", Action.EXPECT).operator("agent-south", "CSPS/PM4.3", Action.EXPECT);
        MonthlyReport report = report(data, SEPTEMBER);
        assertTrue(figure(report, RTT4_NORTH).isFinal());
        MeasureFigure central = figure(report, "CSPC/PM4.3");
        assertFalse(central.isFinal());
        assertEquals(List.of("agent-central"), central.agents());
        MeasureFigure cpm1 = figure(report, "CPM1");
        assertFalse(cpm1.isFinal());
        assertTrue(cpm1.whyProvisional().contains("contributor CSPC/PM4.3 is provisional"), cpm1.whyProvisional()
                .toString());
        List<MissingRange> missing = report.missing().stream().filter(m -> m.agentId().startsWith("agent-")).toList();
        assertEquals(List.of(
                new MissingRange("agent-central", "CSPC/PM4.3", "2020-09", EngineFixture.SEP_START.toEpochMilli(),
                        EngineFixture.OCT_START.toEpochMilli()),
                new MissingRange("agent-south", "CSPS/PM4.3", "2020-09", EngineFixture.SEP_START.toEpochMilli(),
                        EngineFixture.OCT_START.toEpochMilli())), missing);

        data.operator("agent-central", "*", Action.RETIRE).operator("agent-south", "CSPS/PM4.3", Action.RETIRE);
        assertTrue(figure(report(data, SEPTEMBER), "CPM1").isFinal(), "retired sources are no longer waited for");
    }

    @Test
    void anAgentThatDeclaredInThePreviousPeriodIsWaitedForWhenItFallsSilent() {
        // agent-central declared CSPC/PM4.3 in August and reported through 5 September, then went silent
        InMemoryMeasureData data = new InMemoryMeasureData()
                .born("agent-north", at("2020-06-01T00:00:00Z"), at("2020-10-05T00:00:00Z"), RTT4_NORTH)
                .born("agent-central", at("2020-08-02T00:00:00Z"), at("2020-09-05T00:00:00Z"), "CSPC/PM4.3")
                // a new agent born in October is no source of September
                .born("agent-new", at("2020-10-03T00:00:00Z"), at("2020-10-05T00:00:00Z"), RTT4_NORTH);
        MonthlyReport september = report(data, SEPTEMBER);
        MeasureFigure central = figure(september, "CSPC/PM4.3");
        assertFalse(central.isFinal());
        assertEquals(List.of(new MissingRange("agent-central", "CSPC/PM4.3", "2020-09",
                at("2020-09-05T00:00:00Z").toEpochMilli(), EngineFixture.OCT_START.toEpochMilli())),
                september.missing().stream().filter(m -> m.measureId().equals("CSPC/PM4.3")).toList());
        assertTrue(figure(september, RTT4_NORTH).isFinal(), "agent-new, born in October, is not waited for");
        assertEquals(List.of("agent-north"), figure(september, RTT4_NORTH).agents());
    }

    @Test
    void aNamedAgentForEveryMeasureIsExpectedForWhatItDeclaredAndItsSilenceKeepsFiguresProvisional() {
        // agent-central declared in May and was then superseded by nothing: its May declaration stays in force
        InMemoryMeasureData data = new InMemoryMeasureData()
                .born("agent-central", at("2020-05-02T00:00:00Z"), at("2020-06-01T00:00:00Z"), "CSPC/PM4.3")
                .born("agent-central", at("2020-06-02T00:00:00Z"), at("2020-06-03T00:00:00Z"), "CSPC/PM4.1");
        MonthlyReport september = report(data, SEPTEMBER);
        assertEquals("not_reported", figure(september, "CSPC/PM4.3").status().code(),
                "its June declaration no longer lists PM4.3: not expected, no source");
        assertTrue(figure(september, "CSPC/PM4.3").isFinal());
        assertFalse(figure(september, "CSPC/PM4.1").isFinal(), "declared in June, in force, silent since 3 June");

        data.operator("agent-central", "*", Action.EXPECT);
        MonthlyReport named = report(data, SEPTEMBER);
        assertFalse(figure(named, "CSPC/PM4.3").isFinal(), "named for every measure it ever declared");
    }
}
