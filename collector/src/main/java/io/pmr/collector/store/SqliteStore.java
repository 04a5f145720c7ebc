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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} in one SQLite file: WAL journal, {@code synchronous=FULL} (a committed batch survives power loss).
 * One connection, guarded by this object's monitor: writes come from the single ingest worker, reads (reports) are
 * rare, so there is nothing to gain from a pool. It is also the {@link ImportStore}, the {@link ReportVersionStore} and
 * the measure engine's {@link MeasureData} (each read one consistent snapshot).
 */
public final class SqliteStore implements Store, ImportStore, ReportVersionStore, MeasureData, SourceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    /**
     * Both halves are searches of an index led by agent_id (the envelope primary key, the quarantine_key index), so
     * loading one agent's keys does not scan other agents' rows. Package-private for the query-plan test.
     */
    static final String HELD_KEYS_SQL = "SELECT boot_epoch, sequence FROM envelope WHERE agent_id = ?"
            + " UNION ALL SELECT boot_epoch, sequence FROM quarantine WHERE agent_id = ?"
            + " AND boot_epoch IS NOT NULL AND sequence IS NOT NULL";

    private final Path file;
    private final Connection connection;
    private final SqliteEnvelopeWriter writer;
    private final SqliteConflicts conflicts;
    private final SqliteImports imports;
    private final SqliteMeasureData measureData;
    private final SqliteReportVersions reportVersions;
    private final SqliteSources sources;
    private boolean closed;

    private SqliteStore(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.conflicts = new SqliteConflicts(connection);
        this.writer = new SqliteEnvelopeWriter(connection, conflicts);
        this.imports = new SqliteImports(connection);
        this.measureData = new SqliteMeasureData(connection);
        this.reportVersions = new SqliteReportVersions(connection);
        this.sources = new SqliteSources(connection);
    }

    /** Adds the columns an older database lacks ({@link SqliteSchema#MIGRATIONS}). */
    private static void migrate(Statement statement) throws SQLException {
        for (SqliteSchema.AddedColumn added : SqliteSchema.MIGRATIONS) {
            boolean present = false;
            try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + added.table() + ")")) {
                while (columns.next()) {
                    present |= added.column().equalsIgnoreCase(columns.getString("name"));
                }
            }
            if (!present) {
                statement.execute("ALTER TABLE " + added.table() + " ADD COLUMN " + added.definition());
                LOG.info("Migrated store: added {}.{}", added.table(), added.column());
            }
        }
    }

    /**
     * Opens (creating if needed) the database file and its schema. An existing file must be a pmr database: an empty
     * file (a truncated or zeroed store: SQLite would take it for a new, empty database) and a SQLite database of
     * something else are refused, naming the file, as is a file that is not SQLite at all; pages damaged inside a valid
     * file are found by {@link #verifyIntegrity()}.
     */
    public static SqliteStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean existed = SqliteFileChecks.existingNotEmpty(file);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                try (Statement statement = connection.createStatement()) {
                    if (existed) {
                        SqliteFileChecks.refuseForeign(file, statement);
                    }
                    statement.execute("PRAGMA journal_mode=WAL");
                    statement.execute("PRAGMA synchronous=FULL");
                    statement.execute("PRAGMA busy_timeout=10000");
                    for (String ddl : SqliteSchema.DDL) {
                        statement.execute(ddl);
                    }
                    migrate(statement);
                    for (String ddl : SqliteSchema.AFTER_MIGRATIONS) {
                        statement.execute(ddl);
                    }
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM schema_version")) {
                        if (rs.next() && rs.getLong(1) == 0) {
                            statement.execute("INSERT INTO schema_version VALUES (" + SqliteSchema.VERSION + ")");
                        }
                    }
                    // the DDL above has just brought an older database up to this version
                    statement.execute("UPDATE schema_version SET version = " + SqliteSchema.VERSION
                            + " WHERE version < " + SqliteSchema.VERSION);
                }
                connection.setAutoCommit(false);
                LOG.info("Opened store {} (SQLite WAL, synchronous=FULL)", file);
                return new SqliteStore(file, connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")) {
                // the same words whether the damage shows while opening or in the integrity check
                throw new StoreException("database " + file + " is damaged or not a database (" + message
                        + "). Restore it from a backup", e);
            }
            throw new StoreException("cannot open SQLite store " + file + ": " + message, e);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot open SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs SQLite's {@code PRAGMA quick_check} over the whole file (a read of every page: seconds per GB) and refuses
     * a damaged store, naming the file and the first problems found, rather than serving figures from it or writing
     * into it. The collector runs it once at start.
     *
     * @throws StoreException naming the file and the problems
     */
    public synchronized void verifyIntegrity() {
        checkOpen();
        try {
            SqliteFileChecks.quickCheck(file, connection);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("database " + file + " is damaged (the integrity check could not run: "
                    + e.getMessage() + "). Restore it from a backup", e);
        }
    }

    @Override
    public synchronized List<WriteOutcome> write(List<StoreWrite> batch) {
        checkOpen();
        List<WriteOutcome> outcomes = new ArrayList<>(batch.size());
        try {
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
            connection.commit();
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
        checkOpen();
        try {
            Set<EnvelopeKey> stored = new HashSet<>();
            for (EnvelopeKey key : keys) {
                if (writer.isStored(key)) {
                    stored.add(key);
                }
            }
            connection.commit();
            return stored;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("reading stored keys from " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<EnvelopeKey> heldKeys(String agentId) {
        checkOpen();
        List<EnvelopeKey> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(HELD_KEYS_SQL)) {
            query.setString(1, agentId);
            query.setString(2, agentId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(new EnvelopeKey(agentId, rs.getLong(1), rs.getLong(2)));
                }
            }
            connection.commit();
            return keys;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("reading held keys of an agent from " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<EnvelopeKey> conflictedKeys(String agentId) {
        return read("reading conflicted keys", () -> conflicts.conflictedKeys(agentId));
    }

    @Override
    public synchronized List<EnvelopeConflict> conflicts(int limit) {
        return read("reading conflicts", () -> conflicts.conflicts(limit));
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
        return read("reading identity clashes", conflicts::clashes);
    }

    private interface SqlRead<T> {
        T get() throws SQLException;
    }

    private <T> T read(String what, SqlRead<T> query) {
        checkOpen();
        try {
            T result = query.get();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException(what + " from " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized PeriodData periodData(long fromEpochMillis, long toEpochMillis) {
        checkOpen();
        try {
            Map<String, MeasureCounts> counts = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT measure_id, "
                    + ExactSums.sumOf("events") + ", " + ExactSums.sumOf("within_trt") + ", "
                    + ExactSums.sumOf("timed_out") + ", " + ExactSums.sumOf("failed") + " FROM interval_report"
                    + " WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
                    + " GROUP BY measure_id")) {
                query.setLong(1, fromEpochMillis);
                query.setLong(2, toEpochMillis);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), ExactSums.counts(rs, 2, "interval counts of " + rs.getString(1)));
                    }
                }
            }
            Map<String, Map<String, Long>> exclusions = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT measure_id, reason, "
                    + ExactSums.sumOf("count")
                    + " FROM exclusion WHERE interval_start_epoch_millis >= ? AND interval_start_epoch_millis < ?"
                    + " GROUP BY measure_id, reason")) {
                query.setLong(1, fromEpochMillis);
                query.setLong(2, toEpochMillis);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        exclusions.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                                .put(rs.getString(2),
                                        ExactSums.read(rs, 3, "exclusion counts of " + rs.getString(1)));
                    }
                }
            }
            Map<String, Set<String>> declaredBy = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT measure_id, agent_id FROM declared_measure");
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    declaredBy.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            Map<String, Map<String, Long>> watermarks = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT measure_id, agent_id, final_through_epoch_millis FROM watermark");
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    watermarks.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(rs.getString(2), rs.getLong(3));
                }
            }
            connection.commit();
            return new PeriodData(counts, exclusions, declaredBy, watermarks);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("reading period data from " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long envelopeCount() {
        checkOpen();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM envelope")) {
            rs.next();
            long count = rs.getLong(1);
            connection.commit();
            return count;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("counting envelopes in " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<QuarantinedMessage> quarantined(int limit) {
        checkOpen();
        List<QuarantinedMessage> messages = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id, topic, reason, detail, agent_id,"
                + " boot_epoch, sequence, payload_size, payload, received_epoch_millis FROM quarantine"
                + " ORDER BY id LIMIT ?")) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String agentId = rs.getString(5);
                    EnvelopeKey key = agentId == null ? null : new EnvelopeKey(agentId, rs.getLong(6), rs.getLong(7));
                    messages.add(new QuarantinedMessage(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), key, rs.getInt(8), rs.getBytes(9), rs.getLong(10)));
                }
            }
            connection.commit();
            return messages;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("reading quarantine of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading interval counts of " + measureId,
                () -> measureData.intervalCounts(measureId, scope, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading device records of " + measureId,
                () -> measureData.deviceRecords(measureId, fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading down windows of " + measureId,
                () -> measureData.downWindows(measureId, fromEpochMillis, toEpochMillis));
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
                () -> measureData.agentDays(fromEpochMillis, toEpochMillis));
    }

    @Override
    public List<DeviceRecord> deviceRecordGroups(String measureId, long fromEpochMillis, long toEpochMillis) {
        return transaction("reading device record groups of " + measureId,
                () -> measureData.deviceRecordGroups(measureId, fromEpochMillis, toEpochMillis));
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
                () -> reportVersions.save(period, computedAtEpochMillis, reason, fingerprint, reportJson));
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
        return transaction("reading source declarations", sources::declarations);
    }

    /** SQL work inside the store's transaction. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs the work under the lock and commits it; on failure rolls back, so nothing of it is kept. */
    private synchronized <T> T transaction(String what, SqlWork<T> work) {
        checkOpen();
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException(what + " in " + file + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
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

    /**
     * Rolls the open transaction back and opens the next one. On some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has
     * already rolled back by itself; sqlite-jdbc's rollback then fails before it begins the next transaction, and every
     * later statement would run in autocommit mode, one statement at a time (an envelope's key stored without its
     * data). So the next transaction is begun here.
     */
    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback on {} failed ({}); beginning the next transaction", file, e.getMessage());
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN");
            } catch (SQLException again) {
                LOG.error("Beginning a transaction on {} failed: {}", file, again.getMessage());
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store " + file + " is closed");
        }
    }
}
