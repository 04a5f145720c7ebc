package io.pmr.collector.store;

import static io.pmr.collector.store.StoreImportsTest.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.IncidentRegister;
import io.pmr.collector.report.MonthlyReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impact columns, re-openings and commentary in a real database of each {@link StoreEngine}, across closing and
 * reopening it.
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreIncidentHistoryTest {
    private static final String OLD_HEADER = "incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason";
    private static final String NEW_HEADER = OLD_HEADER + ",provider,impacted_at,restored_at";
    private static final long LATER = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final TestStores stores;

    StoreIncidentHistoryTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    @Test
    void rowsStoredWithoutImpactColumnsAreUnchangedByTheSameRowsInTheNewLayoutAndCorrectedByImpactTimes() {
        try (SqliteStore store = stores.open()) {
            store.storeImport(batch(ImportKind.INCIDENTS, "old.csv", OLD_HEADER + "\n"
                    + "INC1,1,2020-09-15T01:23:00Z,2020-09-15T07:26:00Z,2020-09-15T08:00:00Z,\n"), 1_000);
        }
        // the database file written before reopens; the same incident in the 9-column layout, impact blank,
        // is the same data: no correction, no restatement
        try (SqliteStore store = stores.open()) {
            String fingerprint = store.dataFingerprint();
            ImportOutcome same = store.storeImport(batch(ImportKind.INCIDENTS, "new.csv", NEW_HEADER + "\n"
                    + "INC1,1,2020-09-15T01:23:00Z,2020-09-15T07:26:00Z,2020-09-15T08:00:00Z,,DCC,,\n"), 2_000);
            assertEquals(0, same.record().changedRows());
            assertEquals(fingerprint, store.dataFingerprint());

            ImportOutcome withImpact = store.storeImport(batch(ImportKind.INCIDENTS, "impact.csv", NEW_HEADER + "\n"
                    + "INC1,1,2020-09-15T01:23:00Z,2020-09-15T07:26:00Z,2020-09-15T08:00:00Z,,DCC,"
                    + "2020-09-15T01:00:00Z,2020-09-15T02:42:00Z\n"), 3_000);
            assertEquals(1, withImpact.correctedRows());
            Incident current = store.imported().incidents().get(0);
            assertEquals(Instant.parse("2020-09-15T01:00:00Z"), current.impactedAt());
            assertEquals("impact.csv:2", current.source().text());
            Incident replaced = store.imported().replacedIncidents().get(0);
            assertNull(replaced.impactedAt());
            assertEquals("old.csv:2", replaced.source().text());
        }
    }

    @Test
    void aReopenedIncidentIsReadFromTheStoresHistoryAndCountsWhereItFinallyCloses() {
        try (SqliteStore store = stores.open()) {
            store.storeImport(batch(ImportKind.INCIDENTS, "aug.csv", OLD_HEADER + "\n"
                    + "R1,2,2020-08-20T08:00:00Z,2020-08-20T09:00:00Z,2020-08-20T10:00:00Z,\n"), 1_000);
            store.storeImport(batch(ImportKind.INCIDENTS, "reopened.csv", OLD_HEADER + "\n"
                    + "R1,2,2020-08-20T08:00:00Z,,,\n"), 2_000);
            store.storeImport(batch(ImportKind.INCIDENTS, "sep.csv", OLD_HEADER + "\n"
                    + "R1,2,2020-08-20T08:00:00Z,2020-09-10T09:00:00Z,2020-09-10T10:00:00Z,\n"), 3_000);
            ImportedData imported = store.imported();
            assertEquals(2, imported.replacedIncidents().size(), "the closed and the re-opened versions");

            MeasureEngine engine = new MeasureEngine(Catalogue.shipped());
            MonthlyReport september = engine.compute(YearMonth.of(2020, 9), store, LATER);
            IncidentRegister.Reopened listed = new IncidentRegister.Reopened("R1", 2,
                    List.of(Instant.parse("2020-08-20T10:00:00Z")), List.of("aug.csv:2"),
                    Instant.parse("2020-09-10T10:00:00Z"), "2020-09", "sep.csv:2");
            assertEquals(List.of(listed), september.incidents().reopened());
            assertEquals(1, september.measures().stream().filter(f -> f.id().equals("CPM4")).findFirst()
                    .orElseThrow().denominator());
            MonthlyReport august = engine.compute(YearMonth.of(2020, 8), store, LATER);
            assertEquals(List.of(listed), august.incidents().reopened());
            assertEquals(0, august.measures().stream().filter(f -> f.id().equals("CPM4")).findFirst()
                    .orElseThrow().denominator());
        }
    }

    @Test
    void commentaryIsStoredKeyedByMeasureAndPeriodAndCorrected() {
        try (SqliteStore store = stores.open()) {
            String header = "measure,period,status,reason,mitigation\n";
            store.storeImport(batch(ImportKind.COMMENTARY, "c1.csv", header
                    + "CPM4,2020-09,below_minimum,first words,\n"), 1_000);
            ImportOutcome again = store.storeImport(batch(ImportKind.COMMENTARY, "c1.csv", header
                    + "CPM4,2020-09,below_minimum,first words,\n"), 2_000);
            assertEquals(0, again.record().changedRows());
            ImportOutcome corrected = store.storeImport(batch(ImportKind.COMMENTARY, "c2.csv", header
                    + "CPM4,2020-09,below_minimum,better words,a plan\n"), 3_000);
            assertEquals(1, corrected.correctedRows());
            assertEquals("better words", store.imported().commentary().get(0).reason());
            assertEquals("a plan", store.imported().commentary().get(0).mitigation());
            assertEquals(1, store.replacedRows().size(), "the first words are kept in history");
        }
    }
}
