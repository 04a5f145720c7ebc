package io.pmr.collector.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportBatch;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.imports.ImportRecord;
import io.pmr.collector.imports.ImportSource;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.Incident;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports into the store, on each {@link StoreEngine} (PostgreSQL stages them in a TEMP table and merges them in one
 * transaction).
 */
@ParameterizedClass
@EnumSource(StoreEngine.class)
class StoreImportsTest {
    private static final ImportParser PARSER = new ImportParser(Catalogue.shipped());
    private static final String INCIDENTS = """
            incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
            INC1,1,2020-09-01T10:00:00Z,2020-09-01T12:00:00Z,2020-09-02T09:00:00Z,
            INC2,3,2020-09-03T10:00:00Z,,,
            """;

    private final TestStores stores;

    StoreImportsTest(StoreEngine engine, @TempDir Path dir) {
        stores = engine.stores(dir);
    }

    /** {@code text} parsed as the import file {@code file} of {@code kind}, by the shipped catalogue's parser. */
    static ImportBatch batch(ImportKind kind, String file, String text) {
        return PARSER.parse(kind, file, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStreamedFileWithAKeyRepeatedChunksApartIsRejectedWholeWithProblemsInLineOrder() {
        StringBuilder text = new StringBuilder("incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason\n");
        int rows = StagedImport.CHUNK_ROWS * 2 + 10;
        for (int i = 0; i < rows; i++) {
            // line i + 2; the row on the last line repeats line 6's key, the one just before has a bad category
            String id = i == rows - 1 ? "INC4" : "INC" + i;
            String category = i == rows - 2 ? "9" : "1";
            text.append(id).append(',').append(category).append(",2020-09-01T10:00:00Z,,,\n");
        }
        try (SqliteStore store = stores.open()) {
            store.storeImport(batch(ImportKind.INCIDENTS, "inc.csv", INCIDENTS), 1_000);
            ImportedData before = store.imported();
            io.pmr.collector.imports.ImportException e = assertThrows(
                    io.pmr.collector.imports.ImportException.class, () -> store.storeImport(PARSER.stream(
                            ImportKind.INCIDENTS, "big.csv", new java.io.ByteArrayInputStream(
                                    text.toString().getBytes(StandardCharsets.UTF_8))), 2_000));
            assertEquals(2, e.problemCount());
            assertEquals(2, e.problems().size());
            assertTrue(e.problems().get(0).startsWith("big.csv:" + rows + ": category: "), e.problems().toString());
            assertEquals("big.csv:" + (rows + 1) + ": incident_id: duplicate key INC4 (first on line 6)",
                    e.problems().get(1));
            assertEquals(before, store.imported());
            assertEquals(1, store.imports().size(), "no run recorded for the rejected file");
        }
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() {
        try (SqliteStore store = stores.open()) {
            ImportOutcome first = store.storeImport(batch(ImportKind.INCIDENTS, "inc.csv", INCIDENTS), 1_000);
            assertEquals(new ImportOutcome(new ImportRecord(1, "incidents", "inc.csv", first.record().sha256(), 1_000,
                    2, 2), 2, 0, 0), first);
            ImportedData afterFirst = store.imported();
            String fingerprint = store.dataFingerprint();

            ImportOutcome second = store.storeImport(batch(ImportKind.INCIDENTS, "inc.csv", INCIDENTS), 2_000);
            assertEquals(0, second.record().changedRows());
            assertEquals(2, second.unchangedRows());
            assertEquals(2, second.record().importId());
            assertEquals("stored 2 rows (0 new, 0 corrected, 2 unchanged) from inc.csv as import #2; nothing"
                    + " changed: every row was already stored", second.summary());
            assertEquals(afterFirst, store.imported());
            // a re-import that changed nothing does not ask for a restatement
            assertEquals(fingerprint, store.dataFingerprint());
            assertEquals(List.of(1L, 2L), store.imports().stream().map(ImportRecord::importId).toList());
            assertEquals(List.of(), store.replacedRows());
        }
    }

    @Test
    void theSameTimesWrittenWithAnotherOffsetAreTheSameRow() {
        try (SqliteStore store = stores.open()) {
            store.storeImport(batch(ImportKind.INCIDENTS, "a.csv", INCIDENTS), 1_000);
            ImportOutcome again = store.storeImport(batch(ImportKind.INCIDENTS, "b.csv", """
                    incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
                    INC2,3,2020-09-03T11:00:00+01:00,,,
                    """), 2_000);
            assertEquals(1, again.unchangedRows());
            assertEquals(new ImportSource("a.csv", 3, 1), store.imported().incidents().get(1).source());
        }
    }

    @Test
    void aCorrectionReplacesTheRowAndKeepsTheOldOneInHistory() {
        try (SqliteStore store = stores.open()) {
            store.storeImport(batch(ImportKind.INCIDENTS, "inc.csv", INCIDENTS), 1_000);
            String before = store.dataFingerprint();
            ImportOutcome correction = store.storeImport(batch(ImportKind.INCIDENTS, "fix.csv", """
                    incident_id,category,raised_at,resolved_at,closed_at,exclusion_reason
                    INC2,3,2020-09-03T10:00:00Z,2020-09-04T10:00:00Z,2020-09-05T10:00:00Z,
                    INC3,4,2020-09-06T10:00:00Z,,,
                    """), 2_000);
            assertEquals("stored 2 rows (1 new, 1 corrected, 0 unchanged) from fix.csv as import #2",
                    correction.summary());
            assertTrue(!before.equals(store.dataFingerprint()), "a correction changes the fingerprint");

            List<Incident> incidents = store.imported().incidents();
            assertEquals(List.of("INC1", "INC2", "INC3"), incidents.stream().map(Incident::incidentId).toList());
            Incident corrected = incidents.get(1);
            assertEquals(Instant.parse("2020-09-05T10:00:00Z"), corrected.closedAt());
            assertEquals(new ImportSource("fix.csv", 2, 2), corrected.source());
            // INC1, absent from the correction file, is kept as it was
            assertEquals(new ImportSource("inc.csv", 2, 1), incidents.get(0).source());

            List<ReplacedImportRow> history = store.replacedRows();
            assertEquals(1, history.size());
            ReplacedImportRow old = history.get(0);
            assertEquals("incidents", old.kind());
            assertEquals("\"INC2\"", old.naturalKey());
            assertEquals("\"INC2\",\"3\",\"2020-09-03T10:00:00Z\",\"\",\"\",\"\",\"DCC\"", old.values());
            assertEquals(1, old.importId());
            assertEquals(3, old.lineNumber());
            assertEquals(2, old.replacedByImportId());
        }
    }

    @Test
    void everyKindRoundTripsThroughTheStoreAndSurvivesReopening() {
        ImportedData parsed;
        try (SqliteStore store = stores.open()) {
            ImportBatch availability = batch(ImportKind.AVAILABILITY, "av.csv", """
                    measure,kind,start,end
                    DSP/PM2.1,outage,2020-09-10T10:00:00Z,2020-09-10T11:30:00Z
                    """);
            ImportBatch ratios = batch(ImportKind.RATIOS, "r.csv", """
                    measure,period,numerator,denominator
                    DSP/PM11,2020-09,990,1000
                    DSP/PM3,2020-09,2,
                    """);
            ImportBatch outages = batch(ImportKind.POWER_OUTAGES, "po.csv", """
                    measure,event_id,started_at,hubs,alerts_within_trt
                    CSPN/PM12.2,E1,2020-09-05T02:00:00Z,4000,3990
                    """);
            ImportBatch exclusions = batch(ImportKind.EXCLUSIONS, "ex.csv", """
                    measure,scope,device_or_window,reason
                    CSPN/PM4.3,SKU1,D1,faulty hub
                    CSPN/PM4.3,*,2020-09-10T10:00:00Z/2020-09-10T12:00:00Z,"major, incident"
                    """);
            store.storeImport(availability, 1);
            store.storeImport(ratios, 2);
            store.storeImport(outages, 3);
            store.storeImport(exclusions, 4);
            parsed = new ImportedData(List.of(), availability.data().availability(), ratios.data().supplied(),
                    outages.data().powerOutages(), exclusions.data().exclusions());
        }
        try (SqliteStore store = stores.open()) {
            ImportedData stored = store.imported();
            // equal to what was parsed, but for the import id the store assigned
            assertEquals(withoutImportIds(parsed), withoutImportIds(stored));
            assertEquals(4, stored.exclusions().get(0).source().importId());
            assertEquals(4, store.imports().size());
        }
    }

    @Test
    void aFailedImportStoresNothing() {
        SqliteStore closed = stores.open();
        closed.close();
        assertThrows(StoreException.class,
                () -> closed.storeImport(batch(ImportKind.INCIDENTS, "inc.csv", INCIDENTS), 1));
        try (SqliteStore store = stores.open()) {
            assertEquals(List.of(), store.imports());
            assertEquals(List.of(), store.imported().incidents());
        }
    }

    private static String withoutImportIds(ImportedData data) {
        return data.toString().replaceAll("importId=\\d+", "importId=_");
    }
}
