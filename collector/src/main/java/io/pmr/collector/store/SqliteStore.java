package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.collector.data.IdentityClash;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import io.pmr.collector.data.SourceDeclaration;
import io.pmr.collector.data.SourceExpectation;
import io.pmr.collector.imports.ImportFeed;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportRecord;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.data.AgentDownWindow;
import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.data.MeasureData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} in one SQLite file: WAL journal, {@code synchronous=FULL} (a committed batch survives power loss); or,
 * with the same classes and SQL, in a PostgreSQL database ({@link #open(StoreLocation)}, {@link Dialect}: the engines'
 * differences in one place).
 * One connection, guarded by this object's monitor ({@link StoreTransactions}: the connection, its transactions and
 * rollbacks): writes come from the single ingest writer thread, reads (reports) are rare, so there is nothing to gain
 * from a pool. It is also the {@link ImportStore}, the {@link ReportVersionStore} and
 * the measure engine's {@link MeasureData} (each read one consistent snapshot).
 */
public final class SqliteStore extends StoreTransactions
        implements Store, ImportStore, ReportVersionStore, MeasureData, SourceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    private final SqliteEnvelopeWriter writer;
    private final SqliteConflicts conflicts;
    private final SqliteImports imports;
    private final SqliteMeasureData measureData;
    private final SqliteRecordReads records;
    private final SqliteAgentDays agentDays;
    private final SqliteReportVersions reportVersions;
    private final SqliteSources sources;
    private final SourceCache sourceCache;

    private SqliteStore(String file, Dialect dialect, Connection connection) throws SQLException {
        super(file, dialect, connection);
        this.conflicts = new SqliteConflicts(connection);
        this.writer = new SqliteEnvelopeWriter(connection, conflicts, dialect);
        this.imports = new SqliteImports(connection);
        this.measureData = new SqliteMeasureData(connection);
        this.records = new SqliteRecordReads(connection, dialect);
        this.agentDays = new SqliteAgentDays(connection, dialect);
        this.reportVersions = new SqliteReportVersions(connection);
        this.sources = new SqliteSources(connection);
        this.sourceCache = new SourceCache(connection);
    }

    /**
     * Opens (creating if needed) the database file and its schema ({@link SqliteConnections#open}: an emptied, foreign
     * or unreadable file is refused naming it); pages damaged inside a valid file are found by
     * {@link #verifyIntegrity()}.
     */
    public static SqliteStore open(Path file) {
        return open(new StoreLocation.SqliteFile(file));
    }

    /**
     * Opens the store at a location: a SQLite file as {@link #open(Path)}, or a PostgreSQL database, whose schema is
     * created or migrated first ({@link PostgresConnections}).
     *
     * @throws StoreException naming the location when it cannot be opened
     */
    public static SqliteStore open(StoreLocation location) {
        Dialect dialect = Dialect.of(location);
        Connection connection = dialect.connect(location);
        String file = location.display();
        try {
            return new SqliteStore(file, dialect, connection);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing: the first error is reported
            }
            throw new StoreException("cannot prepare the statements of store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a damaged store, naming it and the first problems found, rather than serving figures from it or writing
     * into it ({@link Dialect#checkIntegrity}: SQLite reads every page, seconds per GB). Run once at start.
     *
     * @throws StoreException naming the file and the problems
     */
    public synchronized void verifyIntegrity() {
        checkOpen();
        try {
            dialect.checkIntegrity(file, connection);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("database " + file + " is damaged (the integrity check could not run: "
                    + e.getMessage() + "). Restore it from a backup", e);
        }
    }

    /**
     * {@inheritDoc} On PostgreSQL a batch that lost a race with another collector's transaction (a serialization
     * failure or a deadlock, which the server detects and rolls back) is written again from the start, a few times,
     * before it fails: nothing of the lost attempt was kept.
     */
    @Override
    public synchronized List<WriteOutcome> write(List<StoreWrite> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(batch);
            } catch (StoreException e) {
                if (attempt >= RACE_ATTEMPTS || !lostRace(e)) {
                    throw e;
                }
                LOG.info("Write of {} items to {} lost a race with another writer (attempt {}): written again",
                        batch.size(), file, attempt);
            }
        }
    }

    /** Attempts of a batch that keeps losing races with other writers (PostgreSQL only). */
    private static final int RACE_ATTEMPTS = 5;

    private boolean lostRace(StoreException e) {
        return e.getCause() instanceof SQLException sql && dialect.lostRace(sql);
    }

    private List<WriteOutcome> writeOnce(List<StoreWrite> batch) {
        checkOpen();
        List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
        sourceCache.invalidate();
        try {
            dialect.beginWrite(connection);
            writer.beginBatch();
            for (StoreWrite item : batch) {
                if (item instanceof StoreWrite.Accept accept) {
                    outcomes.add(writer.accept(accept));
                } else if (item instanceof StoreWrite.Duplicate duplicate) {
                    outcomes.add(writer.duplicate(duplicate));
                } else if (item instanceof StoreWrite.Quarantine quarantine) {
                    writer.quarantine(quarantine);
                    outcomes.add(WriteOutcome.QUARANTINED);
                }
            }
            writer.finishBatch();
            if (outcomes.contains(WriteOutcome.STORED)) {
                SourceCache.bump(connection); // declarations, watermarks or first data may have changed
            }
            connection.commit();
            writer.committed();
            return outcomes;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("write of " + batch.size() + " items to " + file + " failed: " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    @Override
    public synchronized Set<EnvelopeKey> storedKeys(Collection<EnvelopeKey> keys) {
        return transaction("reading stored keys", () -> {
            Set<EnvelopeKey> stored = new HashSet<>();
            for (EnvelopeKey key : keys) {
                if (writer.isStored(key)) {
                    stored.add(key);
                }
            }
            return stored;
        });
    }

    @Override
    public synchronized List<EnvelopeKey> heldKeys(String agentId) {
        return transaction("reading held keys of an agent", () -> SqliteEnvelopeReads.heldKeys(connection, agentId));
    }

    @Override
    public synchronized List<EnvelopeKey> conflictedKeys(String agentId) {
        return transaction("reading conflicted keys", () -> conflicts.conflictedKeys(agentId));
    }

    @Override
    public synchronized List<EnvelopeConflict> conflicts(int limit) {
        return transaction("reading conflicts", () -> conflicts.conflicts(limit));
    }

    @Override
    public synchronized void recordIdentityClash(IdentityClash clash) {
        checkOpen();
        try {
            conflicts.recordClash(clash);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("recording an identity clash in " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<IdentityClash> identityClashes() {
        return transaction("reading identity clashes", conflicts::clashes);
    }

    @Override
    public synchronized PeriodData periodData(long fromEpochMillis, long toEpochMillis) {
        return transaction("reading period data", () -> SqliteEnvelopeReads.periodData(connection, dialect, fromEpochMillis,
                toEpochMillis, sourceCache.sources()));
    }

    @Override
    public synchronized long envelopeCount() {
        return transaction("counting envelopes", () -> SqliteEnvelopeReads.envelopeCount(connection));
    }

    @Override
    public synchronized List<QuarantinedMessage> quarantined(int limit) {
        return transaction("reading the quarantine", () -> SqliteEnvelopeReads.quarantined(connection, limit));
    }

    @Override
    public MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading interval counts of " + measureId,
                () -> measureData.intervalCounts(measureId, scope, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading device records of " + measureId,
                () -> records.deviceRecords(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading down windows of " + measureId,
                () -> records.downWindows(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public org.HdrHistogram.Histogram latencyHistogram(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading latency histograms of " + measureId,
                () -> measureData.latencyHistogram(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<io.pmr.collector.data.DailyCount> dailyCounts(String measureId, long fromEpochMillis,
            long toEpochMillis) {
        return transaction("reading daily counts of " + measureId,
                () -> measureData.dailyCounts(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<io.pmr.collector.data.AgentDay> agentDays(long fromEpochMillis, long toEpochMillis) {
        return transaction("reading agents' daily completeness",
                () -> agentDays.agentDays(fromEpochMillis, toEpochMillis, sourceCache.sources()));
    }

    @Override
    public List<DeviceRecord> deviceRecordGroups(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading device record groups of " + measureId,
                () -> records.deviceRecordGroups(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public ImportOutcome storeImport(ImportFeed feed, long importedAtEpochMillis) {
        checkOpen();
        ImportOutcome outcome = StagedImport.run(feed, importedAtEpochMillis, imports, this::transaction);
        LOG.info("Import #{} ({}, {}, sha256 {}): {} rows, {} new, {} corrected, {} unchanged",
                outcome.record().importId(), outcome.record().kind(), outcome.record().file(),
                outcome.record().sha256(), outcome.record().rows(), outcome.newRows(), outcome.correctedRows(),
                outcome.unchangedRows());
        return outcome;
    }

    @Override
    public ImportedData imported() {
        return transaction("reading imported data", imports::imported);
    }

    @Override
    public List<ImportRecord> imports() {
        return transaction("reading import runs", imports::imports);
    }

    @Override
    public List<ReplacedImportRow> replacedRows() {
        return transaction("reading import history", imports::replacedRows);
    }

    @Override
    public ReportVersion saveReportVersion(String period, long computedAtEpochMillis, String reason,
            String fingerprint, String reportJson) {
        return transaction("saving a report version of " + period,
                () -> reportVersions.save(dialect, period, computedAtEpochMillis, reason, fingerprint,
                        reportJson));
    }

    @Override
    public Optional<ReportVersion> recordReportVersion(String period, int version, long computedAtEpochMillis,
            String reason, String fingerprint, String reportJson) {
        return transaction("recording version " + version + " of " + period, () -> reportVersions.saveAfterLatest(
                dialect, period, version, computedAtEpochMillis, reason, fingerprint, reportJson));
    }

    @Override
    public List<ReportVersion> reportVersions(String period) {
        return transaction("reading report versions of " + period, () -> reportVersions.versions(period));
    }

    @Override
    public Optional<ReportVersion> reportVersion(String period, int version) {
        return transaction("reading report version " + version + " of " + period,
                () -> reportVersions.version(period, version));
    }

    @Override
    public String dataFingerprint() {
        return transaction("reading the data fingerprint", reportVersions::fingerprint);
    }

    @Override
    public List<SourceExpectation> recordExpectations(List<String> agentIds, List<String> measureIds,
            SourceExpectation.Action action, long recordedAtEpochMillis) {
        List<SourceExpectation> recorded = transaction("recording expected sources",
                () -> sources.record(agentIds, measureIds, action, recordedAtEpochMillis));
        LOG.info("Recorded {} source expectation entries: {}", recorded.size(), recorded);
        return recorded;
    }

    @Override
    public List<SourceExpectation> sourceExpectations() {
        return transaction("reading expected sources", sources::expectations);
    }

    @Override
    public List<SourceDeclaration> sourceDeclarations() {
        return transaction("reading source declarations", () -> sourceCache.declarations(sources));
    }

    /**
     * Work that only reads, on the store's connection in one transaction ({@link #transaction}): for the store's
     * helpers (the rollup check). What the store keeps derived from the file (declarations, the writer's rollups) stays.
     */
    <T> T onConnection(String what, java.util.function.Function<Connection, SqlWork<T>> work) {
        return transaction(what, work.apply(connection));
    }

    /**
     * {@link #onConnection} for work that rewrites what ingest batches write (rebuild-rollups): what the store keeps
     * derived from those rows is forgotten first (the declarations' cache, the rollups the writer keeps), and it takes
     * the writers' lock a batch takes ({@link Dialect#beginWrite}; PostgreSQL only), so it waits for another
     * collector's batch in progress and reads from a snapshot taken after that batch committed, and batches wait for it.
     */
    <T> T writingOnConnection(String what, java.util.function.Function<Connection, SqlWork<T>> work) {
        return transaction(what, () -> {
            dialect.beginWrite(connection);
            // under the store's lock, so no batch refills them before the rewrite
            sourceCache.invalidate(); // the work rewrites what declarations are derived from (first data)
            writer.rollupsRewritten(); // ... and the rollups the writer keeps
            return work.apply(connection).run();
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
            conflicts.close();
            connection.close();
            LOG.info("Closed store {}", file);
        } catch (SQLException e) {
            LOG.warn("Closing store {} failed: {}", file, e.getMessage());
        }
    }

    @Override
    void rolledBack() {
        writer.rolledBack();
    }
}
