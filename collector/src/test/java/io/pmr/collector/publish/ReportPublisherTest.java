package io.pmr.collector.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditRow;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.ReportVersion;
import io.pmr.collector.store.ReportVersionStore;
import io.pmr.collector.store.SqliteStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restatement over a real SQLite file: versions are kept, with when and why; unchanged data makes no version. */
class ReportPublisherTest {
    private static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Catalogue catalogue = Catalogue.shipped();

    @TempDir
    Path dir;

    @Test
    void aCorrectionMakesVersionTwoAndKeepsVersionOne() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            importRatios(store, "ratios.csv", "CSPN/PM11,2020-09,9700,10000\n", 1_000);
            ReportPublisher first = publisher(store, "2020-10-05T09:00:00Z");
            MonthlyReport v1 = first.publish(SEPTEMBER, null);
            assertEquals(1, v1.publication().version());
            assertEquals("first computation", v1.publication().current().reason());
            // 9,700 / 10,000 = 97.00%: below the 99.00 target, above the 95.00 minimum.
            assertEquals(new BigDecimal("97.00"), figure(v1, "CSPN/PM11").level());

            // The same data again, a day later: nothing changed, so no new version.
            MonthlyReport again = publisher(store, "2020-10-06T09:00:00Z").publish(SEPTEMBER, "monthly run");
            assertEquals(1, again.publication().version());
            assertEquals(1, store.reportVersions("2020-09").size());

            // The provider corrects its figure: 9,900 / 10,000 = 99.00%, at target.
            importRatios(store, "ratios-corrected.csv", "CSPN/PM11,2020-09,9900,10000\n", 2_000);
            MonthlyReport v2 = publisher(store, "2020-10-20T09:00:00Z").publish(SEPTEMBER, "dispute 42 settled");
            assertEquals(2, v2.publication().version());
            String reason = v2.publication().current().reason();
            assertTrue(reason.startsWith("restated (dispute 42 settled): stored data changed since version 1"), reason);
            assertTrue(reason.contains("CSPN/PM11 97.00 -> 99.00"), reason);
            assertEquals(2, v2.publication().history().size());
            assertEquals(Instant.parse("2020-10-05T09:00:00Z").toEpochMilli(),
                    v2.publication().history().get(0).computedAtEpochMillis());

            // Version 1 is kept exactly as it was published, and says which version it is.
            JsonNode kept = JSON.readTree(first.recordedJson(SEPTEMBER, 1).orElseThrow());
            assertEquals(1, kept.path("version").path("number").asInt());
            assertEquals("97.00", measure(kept, "CSPN/PM11").path("level").asText());
            JsonNode current = JSON.readTree(first.recordedJson(SEPTEMBER, 2).orElseThrow());
            assertEquals("99.00", measure(current, "CSPN/PM11").path("level").asText());
            assertEquals(2, current.path("versions").size());
        }
    }

    @Test
    void reImportingTheSameFileChangesNoFigureAndMakesNoVersion() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            importRatios(store, "ratios.csv", "CSPN/PM11,2020-09,9700,10000\n", 1_000);
            MonthlyReport v1 = publisher(store, "2020-10-05T09:00:00Z").publish(SEPTEMBER, null);
            importRatios(store, "ratios.csv", "CSPN/PM11,2020-09,9700,10000\n", 3_000);
            MonthlyReport replay = publisher(store, "2020-10-05T09:00:00Z").publish(SEPTEMBER, null);
            assertEquals(1, replay.publication().version());
            assertEquals(ReportWriter.json(v1), ReportWriter.json(replay));
        }
    }

    @Test
    void creditsFollowTheLevels() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            importRatios(store, "ratios.csv", "CSPN/PM11,2020-09,9700,10000\n", 1_000);
            MonthlyReport report = publisher(store, "2020-10-05T09:00:00Z").publish(SEPTEMBER, null);
            CreditRow row = report.publication().credits().providers().stream()
                    .filter(p -> p.provider().equals("CSP North")).findFirst().orElseThrow()
                    .rows().stream().filter(r -> r.measureId().equals("CSPN/PM11")).findFirst().orElseThrow();
            // Shipped schedule: 10 points at the minimum, linear from the target. 97.00 is half way from 99.00 to
            // 95.00: 5.00 points, times the provider's pounds per point.
            BigDecimal pointsAtMinimum = catalogue.serviceCredit("CSPN/PM11").orElseThrow().pointsAtMinimum();
            BigDecimal expectedPoints = pointsAtMinimum.divide(BigDecimal.valueOf(2));
            assertEquals(0, expectedPoints.compareTo(row.points()), row.toString());
            BigDecimal rate = catalogue.poundsPerPoint("CSP North").orElseThrow();
            assertEquals(0, row.points().multiply(rate).setScale(2, java.math.RoundingMode.HALF_UP)
                    .compareTo(row.pounds()), row.toString());
            assertFalse(row.kpi());
        }
    }

    @Test
    void twelveMonthCreditHistoryPerProviderWithSmets1ApartAndRestatedMonthsMarked() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            // August: CSPN/PM11 97.00 (target 99, minimum 95, 10 points at minimum): 5.00 points x 1500.00 = 7500.00,
            // published as version 1 of August.
            importRatios(store, "ratios-aug.csv", "CSPN/PM11,2020-08,9700,10000\n", 1_000);
            MonthlyReport august = publisher(store, "2020-09-05T09:00:00Z").publish(YearMonth.of(2020, 8), null);
            assertEquals(1, august.publication().version());
            // Then August is corrected to 99.00 (no points) without being republished, and September gets
            // S1SP-SIE/PM1.1 97.50 (target 99.00, minimum 96.00): 1.50 / 3.00 x 10 = 5.00 points x 500.00 = 2500.00,
            // a SMETS1 credit.
            importRatios(store, "ratios-aug-corrected.csv", "CSPN/PM11,2020-08,9900,10000\n", 2_000);
            importRatios(store, "ratios-sep.csv", "S1SP-SIE/PM1.1,2020-09,9750,10000\n", 3_000);
            MonthlyReport september = publisher(store, "2020-10-05T09:00:00Z").publish(SEPTEMBER, null);

            CreditHistory history = september.publication().creditHistory();
            assertEquals(12, history.months().size());
            assertEquals("2019-10", history.months().get(0));
            assertEquals("2020-09", history.months().get(11));
            assertFalse(history.providers().stream().anyMatch(p -> p.provider().equals("DCC")), "DCC is not charged");
            CreditHistory.MonthCredits northAugust = month(history, "CSP North", "2020-08");
            assertEquals(new BigDecimal("0.00"), northAugust.points(), "computed now: 99.00 earns nothing");
            assertTrue(northAugust.restated(), "version 1 of August kept 5.00 points");
            assertEquals(1, northAugust.publishedVersions());
            assertEquals(new BigDecimal("5.00"), northAugust.firstPublishedPoints());
            assertEquals(new BigDecimal("7500.00"), northAugust.firstPublishedPounds());
            CreditHistory.MonthCredits sieSeptember = month(history, "S1SP SIE", "2020-09");
            assertEquals(new BigDecimal("5.00"), sieSeptember.smets1Points());
            assertEquals(new BigDecimal("2500.00"), sieSeptember.smets1Pounds());
            assertEquals(new BigDecimal("0.00"), sieSeptember.smets2Points());
            assertFalse(sieSeptember.restated(), "September is published now with these credits");
            assertEquals(0, sieSeptember.publishedVersions(), "no version before the one published now");
            CreditHistory.MonthCredits northJuly = month(history, "CSP North", "2020-07");
            assertEquals(0, northJuly.publishedVersions());
            assertFalse(northJuly.restated());

            JsonNode json = JSON.readTree(ReportWriter.json(september));
            JsonNode north = json.path("creditHistory").path("providers").get(history.providers().stream()
                    .map(CreditHistory.ProviderHistory::provider).toList().indexOf("CSP North"));
            assertEquals("2020-08", north.path("months").get(10).path("month").asText());
            assertTrue(north.path("months").get(10).path("restated").asBoolean());
            assertEquals("5.00", north.path("months").get(10).path("firstPublishedPoints").asText());
            String csv = ReportWriter.csvTables(september).get("credits-history.csv");
            assertTrue(csv.contains("\nCSP North,2020-08,0.00,0.00,0.00,0.00,0.00,0.00,1,5.00,7500.00,true\n"), csv);
            assertTrue(csv.contains("\nS1SP SIE,2020-09,0.00,0.00,5.00,2500.00,5.00,2500.00,0,,,false\n"),
                    csv);
        }
    }

    private static CreditHistory.MonthCredits month(CreditHistory history, String provider, String month) {
        return history.providers().stream().filter(p -> p.provider().equals(provider)).findFirst().orElseThrow()
                .months().stream().filter(m -> m.month().equals(month)).findFirst().orElseThrow();
    }

    @Test
    void aPublishThatAnotherOvertookRecordsNoSecondVersionOfTheSameFigures() {
        // two `pmr collector report` runs of a changed month at once: each computed version 2; the one that saved
        // second used to be stored as version 3 (the same figures, a phantom restatement "changed since version 1",
        // its JSON saying version 2) and then failed with an internal error
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            importRatios(store, "ratios.csv", "CSPN/PM11,2020-09,9700,10000\n", 1_000);
            publisher(store, "2020-10-05T09:00:00Z").publish(SEPTEMBER, null);
            importRatios(store, "ratios-corrected.csv", "CSPN/PM11,2020-09,9900,10000\n", 2_000);
            ReportPublisher other = publisher(store, "2020-10-20T09:00:00Z");
            java.util.concurrent.atomic.AtomicBoolean overtaken = new java.util.concurrent.atomic.AtomicBoolean();
            ReportVersionStore overtaking = new ReportVersionStore() {
                @Override
                public ReportVersion saveReportVersion(String period, long at, String reason, String fingerprint,
                        String json) {
                    return store.saveReportVersion(period, at, reason, fingerprint, json);
                }

                @Override
                public java.util.Optional<ReportVersion> recordReportVersion(String period, int version, long at,
                        String reason, String fingerprint, String json) {
                    if (overtaken.compareAndSet(false, true)) {
                        // the other run records its version 2 between this run's reading and its recording
                        assertEquals(2, other.publish(SEPTEMBER, "the other run").publication().version());
                    }
                    return store.recordReportVersion(period, version, at, reason, fingerprint, json);
                }

                @Override
                public java.util.List<ReportVersion> reportVersions(String period) {
                    return store.reportVersions(period);
                }

                @Override
                public java.util.Optional<ReportVersion> reportVersion(String period, int version) {
                    return store.reportVersion(period, version);
                }

                @Override
                public String dataFingerprint() {
                    return store.dataFingerprint();
                }
            };
            MonthlyReport late = new ReportPublisher(catalogue, store, overtaking,
                    Clock.fixed(Instant.parse("2020-10-20T09:00:05Z"), ZoneOffset.UTC)).publish(SEPTEMBER, "late run");

            assertTrue(overtaken.get());
            assertEquals(2, late.publication().version(), "the figures the other run recorded");
            assertEquals(2, store.reportVersions("2020-09").size(), "no second version of the same figures");
            assertTrue(store.reportVersions("2020-09").get(1).reason().startsWith("restated (the other run)"));
        }
    }

    private ReportPublisher publisher(SqliteStore store, String now) {
        return new ReportPublisher(catalogue, store, store, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private void importRatios(SqliteStore store, String file, String rows, long atEpochMillis) {
        byte[] content = ("measure,period,numerator,denominator\n" + rows).getBytes(StandardCharsets.UTF_8);
        store.storeImport(new ImportParser(catalogue).parse(ImportKind.RATIOS, file, content), atEpochMillis);
    }

    private static MeasureFigure figure(MonthlyReport report, String id) {
        return report.measures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode measure(JsonNode report, String id) {
        for (JsonNode measure : report.path("measures")) {
            if (measure.path("id").asText().equals(id)) {
                return measure;
            }
        }
        throw new AssertionError("no measure " + id);
    }
}
