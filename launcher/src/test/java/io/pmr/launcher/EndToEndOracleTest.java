package io.pmr.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.agent.AgentCounters;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.report.MeasureFigure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle: the whole chain (rig, three agents over MQTT on loopback, embedded broker, collector,
 * SQLite, measure engine) must reproduce the simulated rig's ground truth exactly, measure by measure,
 * including the TRT edge cases, lost responses and the month's edges in UK time.
 */
class EndToEndOracleTest {
    private static final int HUBS = 45;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}, period {1}")
    @CsvSource({"7, 2020-09", "11, 2020-09", "2024, 2021-03", "5, 2020-10"})
    void figuresEqualTheRigsGroundTruth(long seed, String period) throws IOException {
        DemoRun.Result result = DemoRun.run(DemoOptions.defaults(YearMonth.parse(period), HUBS, seed, dir));

        assertTrue(result.oracle().matches(), () -> "mismatches: " + result.oracle().mismatches());
        assertEquals(18, result.truth().measures().size(), "15 rig-fed measures and CPM1, CPM2, CPM3");
        assertFilesAgree(dir);
        assertLevelsAndStatusesFollowFromCounts(result);
        long lost = result.truth().measures().stream().mapToLong(GroundTruthFile.Entry::lost).sum();
        long failed = result.truth().measures().stream().mapToLong(GroundTruthFile.Entry::failed).sum();
        assertTrue(lost > 0 && failed > 0, "the month must contain lost responses and failed ends");
        assertEquals(0, result.collector().rejected(), "nothing an honest agent sends is rejected");
    }

    @Test
    void sameFiguresWhenTheCollectorReceivesEveryMessageTwice(@TempDir Path once, @TempDir Path twice) throws IOException {
        DemoRun.Result single = DemoRun.run(DemoOptions.defaults(YearMonth.of(2020, 9), HUBS, 3, once));
        DemoRun.Result doubled = DemoRun.run(DemoOptions.defaults(YearMonth.of(2020, 9), HUBS, 3, twice).withPublishCopies(2));

        assertTrue(doubled.oracle().matches(), () -> "mismatches: " + doubled.oracle().mismatches());
        assertTrue(doubled.collector().duplicates() >= doubled.collector().stored(),
                "every message arrived at least twice, so at least one duplicate per stored message: " + doubled.collector());
        // The figures, not the evaluation time or the version's timestamp, must not depend on duplicates.
        assertEquals(ReportWriter.json(single.report().figuresOnly()), ReportWriter.json(doubled.report().figuresOnly()),
                "the figures must be byte-identical whether messages arrive once or twice");
        assertEquals(1, doubled.report().publication().version(), "one computation, one version");
    }

    @Test
    void sameFiguresWhenTheBrokerDropsMessagesOnTheWayToTheCollector() throws IOException {
        // A session command queue of 16 makes Moquette discard a large share of the publishes (agents' data
        // and the collector's acks, with their PUBACKs); only the agents' outboxes, re-sending until the
        // collector acknowledges, save the month.
        DemoOptions options = DemoOptions.defaults(YearMonth.of(2020, 9), HUBS, 13, dir)
                .withBrokerSessionQueueSize(16)
                .withResendAfter(Duration.ofMillis(500));
        DemoRun.Result result = DemoRun.run(options);

        assertTrue(result.oracle().matches(), () -> "mismatches: " + result.oracle().mismatches());
        long resends = result.agents().stream().mapToLong(AgentCounters::resends).sum();
        assertTrue(resends > 0, "the lossy broker must have forced re-sends: " + result.agents());
        assertFilesAgree(dir);
    }

    /** report.json and ground-truth.json, as a user's script reads them, agree measure by measure. */
    private static void assertFilesAgree(Path out) throws IOException {
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode truth = JSON.readTree(out.resolve("ground-truth.json").toFile());
        assertEquals(truth.get("period").asText(), report.get("period").asText());
        Map<String, JsonNode> byId = new HashMap<>();
        report.get("measures").forEach(m -> byId.put(m.get("id").asText(), m));
        assertFalse(truth.get("measures").isEmpty());
        for (JsonNode expected : truth.get("measures")) {
            String id = expected.get("id").asText();
            JsonNode actual = byId.get(id);
            assertNotNull(actual, id + " is in ground-truth.json but not in report.json");
            assertEquals(expected.get("numerator").asLong(), actual.get("numerator").asLong(), id + " numerator");
            assertEquals(expected.get("denominator").asLong(), actual.get("denominator").asLong(), id + " denominator");
            assertTrue(actual.get("final").asBoolean(), id + " must be final once the month has run and drained");
        }
        assertTrue(Files.readString(out.resolve("report.csv")).startsWith("id,provider,kind,numerator,denominator,level,target,minimum,status,final"));
    }

    private static void assertLevelsAndStatusesFollowFromCounts(DemoRun.Result result) {
        Map<String, MeasureDefinition> catalogue = new HashMap<>();
        for (MeasureDefinition definition : Catalogue.shipped().measures()) {
            catalogue.put(definition.id(), definition);
        }
        for (MeasureFigure figure : result.report().measures()) {
            if (figure.kind() == MeasureKind.POWER_OUTAGE || figure.kind() == MeasureKind.COUNT) {
                continue; // their levels are not numerator/denominator: see DemoImportsTest
            }
            if (figure.denominator() == 0) {
                assertEquals("no_events", figure.status().code(), figure.id());
                continue;
            }
            BigDecimal level = BigDecimal.valueOf(figure.numerator()).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(figure.denominator()), 2, RoundingMode.HALF_UP);
            assertEquals(level, figure.level(), figure.id() + " level");
            MeasureDefinition definition = catalogue.get(figure.id());
            BigDecimal target = definition.target();
            String expected = level.compareTo(target) >= 0 ? "at_or_above_target"
                    : definition.minimum() == null || level.compareTo(definition.minimum()) >= 0
                    ? "below_target" : "below_minimum";
            assertEquals(expected, figure.status().code(), figure.id() + " status at level " + level);
        }
    }
}
