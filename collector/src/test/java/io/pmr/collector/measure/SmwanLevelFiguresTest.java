package io.pmr.collector.measure;

import static io.pmr.collector.measure.EngineFixture.OCT_START;
import static io.pmr.collector.measure.EngineFixture.SEPTEMBER;
import static io.pmr.collector.measure.EngineFixture.figure;
import static io.pmr.collector.measure.EngineFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.report.ExcludedCount;
import io.pmr.collector.report.FigureDetail;
import io.pmr.collector.report.FigureSource;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MeasureStatus;
import io.pmr.model.SmwanLevelRule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SMWAN connectivity level (catalogue method {@code hubs}) counted in hub-days from the agents' daily check
 * records, by the worked example of docs/methodology.md: exclusions by the agent and imported, a hub installed
 * mid-month, the exceptions listed in hubs, a check of the next month left out.
 */
class SmwanLevelFiguresTest {
    private static final String LEVEL = "CSPN/PM1.4";

    private static DeviceRecord check(String hub, int day, String outcome) {
        long start = SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 9, 1).plusDays(day - 1));
        return new DeviceRecord(LEVEL, hub, hub + "-" + day, "SKU1", start,
                "TIMED_OUT".equals(outcome) ? 0 : start + 800, outcome, "", "rig-north");
    }

    /** Hub A connected all 30 days; B in scope from day 12, not connected on days 20 and 21; C excluded days 5-6. */
    private static InMemoryMeasureData workedExample() {
        InMemoryMeasureData data = new InMemoryMeasureData().declared("rig-north", LEVEL, OCT_START);
        for (int day = 1; day <= 30; day++) {
            data.record(check("HUB-A", day, "WITHIN_TRT"));
            if (day >= 12) {
                data.record(check("HUB-B", day, day == 20 ? "TIMED_OUT" : day == 21 ? "FAILED" : "WITHIN_TRT"));
            }
            data.record(check("HUB-C", day, day == 5 || day == 6 ? "EXCLUDED" : "WITHIN_TRT"));
        }
        // 1 October's check belongs to October (a day of the next month)
        data.record(new DeviceRecord(LEVEL, "HUB-A", "HUB-A-oct1",
                "SKU1", SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 10, 1)), 0, "TIMED_OUT", "", "rig-north"));
        return data;
    }

    @Test
    void theWorkedExampleCountsHubDaysAndListsTheExceptedHub() {
        MeasureFigure level = figure(report(workedExample(), SEPTEMBER), LEVEL);
        assertEquals(List.of(75L, 77L), List.of(level.numerator(), level.denominator()), "hub-days connected / in scope");
        assertEquals(new BigDecimal("97.40"), level.level());
        assertEquals(MeasureStatus.BELOW_MINIMUM, level.status(), "97.40 is below the 99.00 minimum");
        assertEquals(FigureSource.AGENTS, level.source());
        assertTrue(level.isFinal(), level.whyProvisional().toString());
        assertEquals(List.of(new ExcludedCount(SmwanLevelFigures.HUB_EXCLUDED, 2)), level.excluded());
        FigureDetail.HubLevel detail = (FigureDetail.HubLevel) level.detail();
        assertEquals(3, detail.hubs());
        assertEquals(List.of(new FigureDetail.ExceptedHub("HUB-B", 2, 19)), detail.exceptedHubs());
    }

    @Test
    void anImportedDeviceExclusionRemovesTheHubsDaysAndKeepsTheFigureBefore() {
        InMemoryMeasureData data = workedExample()
                .exclusion(LEVEL, "*", "HUB-B", null, null, "Communication Hub in Low Coverage database");
        MeasureFigure level = figure(report(data, SEPTEMBER), LEVEL);
        assertEquals(List.of(58L, 58L), List.of(level.numerator(), level.denominator()));
        assertEquals(new BigDecimal("100.00"), level.level());
        assertEquals(List.of(75L, 77L), List.of(level.before().numerator(), level.before().denominator()));
        assertEquals(List.of(), ((FigureDetail.HubLevel) level.detail()).exceptedHubs());
        assertTrue(level.excluded().contains(new ExcludedCount("Communication Hub in Low Coverage database", 19)));
    }

    @Test
    void reportJsonCarriesTheHubDaysAndTheExceptedHubs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("report.json");
        io.pmr.collector.report.ReportWriter.writeJson(report(workedExample(), SEPTEMBER), file);
        com.fasterxml.jackson.databind.JsonNode measure = null;
        for (com.fasterxml.jackson.databind.JsonNode node
                : new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).get("measures")) {
            measure = node.get("id").asText().equals(LEVEL) ? node : measure;
        }
        assertEquals("agents", measure.get("source").asText());
        assertEquals(List.of(75L, 77L), List.of(measure.get("numerator").asLong(), measure.get("denominator").asLong()));
        com.fasterxml.jackson.databind.JsonNode level = measure.get("hubLevel");
        assertEquals(List.of(77L, 75L, 3L), List.of(level.get("hubDays").asLong(), level.get("connectedHubDays").asLong(),
                level.get("hubs").asLong()));
        assertEquals("[{\"hub\":\"HUB-B\",\"daysNotConnected\":2,\"daysInScope\":19}]",
                level.get("exceptedHubs").toString());
    }

    @Test
    void withNoAgentAndNoSuppliedFigureTheLevelIsNotReported() {
        MeasureFigure level = figure(report(new InMemoryMeasureData(), SEPTEMBER), LEVEL);
        assertEquals(MeasureStatus.NOT_REPORTED, level.status());
    }
}
