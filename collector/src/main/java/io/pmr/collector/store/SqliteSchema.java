package io.pmr.collector.store;

import java.util.List;

/**
 * The SQLite schema. Every data row keeps the envelope key (agent_id, boot_epoch, sequence) it came from, so any
 * figure can be traced back to the messages that made it. uint64 values are stored as the same 64 bits in INTEGER.
 */
final class SqliteSchema {
    /**
     * 2 adds imports, report versions and the event_record indexes (all CREATE IF NOT EXISTS); 3 adds
     * event_record.payload_id ({@link #MIGRATIONS}) and the indexes by payload and outage ({@link #AFTER_MIGRATIONS}); 4 adds
     * down_window (agents' availability probes; CREATE IF NOT EXISTS, so an older database gains it on open); 5 adds
     * envelope.payload_sha256 (NULL for envelopes stored before: a later copy of those keys is taken for a duplicate)
     * and the conflict and identity_clash tables; 6 adds
     * source_expectation (operators' expect/retire log, CREATE IF NOT EXISTS); 7 adds replayed_interval (intervals a
     * reinstalled agent measured again, CREATE IF NOT EXISTS); 8 adds daily_rollup (per agent, measure, scope and UK
     * day: summed counts, minutes covered, merged histogram; written at ingest in the minute rows' transaction, and
     * back-filled from the minute rows when a version 7 or older file is opened, {@link SqliteConnections}); 9 adds
     * daily_total (per measure, scope and UK day over every agent: the sum of that day's rollups, written with them;
     * back-filled from daily_rollup when a version 8 file is opened); 10 adds first_data (per agent and measure, the
     * start of the earliest interval minute or device record it sent) and agent_day (per agent and UK day, each
     * measure's count of reported minutes, its scopes' minutes ORed), both written with the rollups and back-filled
     * from them (and from event_record) when an older file is opened ({@link DerivedRows}), and source_generation (one
     * row raised by every transaction that may change declarations, watermarks or first data: {@link SourceCache}); 11
     * creates interval_report without its primary key (agent_id, boot_epoch, sequence, ordinal): a rowid table with
     * its two start indexes. Rows are only ever added for a newly stored envelope key ({@link SqliteEnvelopeWriter}),
     * so the envelope table's key is what makes them unique, as on PostgreSQL since schema 9; the key's b-tree cost the
     * ingest writer about 1.5 us an envelope and was read only by the replay probes, which now read the envelope key
     * ({@link SqliteReplays}). SQLite cannot drop a primary key but by rebuilding the table, so a file created at 10 or
     * earlier <b>keeps</b> its key: the step to 11 only records the version (no rewrite of hundreds of millions of rows
     * on open). Every query works, and answers the same, on both shapes: none reads the key, the rows' rowids are
     * allocated alike (the report fingerprint's MAX(rowid)), and rebuild-rollups' pass ({@link RollupAudit}), which
     * walked the key and sorted each agent's rows, now sorts them all: rows that tie on its sort key are only summed
     * into one rollup, so their order does not change it. 12 creates interval_report without its index led by the
     * start, interval_report_start (interval_start_epoch_millis, measure_id): the ingest writer kept two indexes of
     * every minute row, and inserting into one less takes it 0.7 to 0.9 us an envelope less (docs/performance.md).
     * The per-measure reads and the replay search lead with interval_report_measure (measure_id,
     * interval_start_epoch_millis); the
     * three that read every measure over a start range (a period's partial-day sums, the agent days' partial days,
     * the first month with data) list the measures first by a skip-scan of that index ({@link IntervalMeasures}) and
     * search it once per measure. A file created at 11 or earlier <b>keeps</b> interval_report_start, as 11 kept the
     * key: the step only records the version (a DROP INDEX would free every page of an index of hundreds of millions
     * of entries while the collector opens), and the rewritten reads search interval_report_measure on both shapes;
     * {@code pmr collector compact} ({@link SchemaCompaction}) drops it when the operator chooses, collector stopped.
     */
    static final int VERSION = 12;

    /** The first version with daily rollups: an older database is back-filled when opened. */
    static final int ROLLUPS_SINCE = 8;

    /** The first version with daily totals: a version 8 database is back-filled from its rollups when opened. */
    static final int TOTALS_SINCE = 9;

    /** The first version with first_data and agent_day: an older database is back-filled when opened. */
    static final int DERIVED_SINCE = 10;

    static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS envelope (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL,
              body_kind TEXT NOT NULL, created_epoch_millis INTEGER NOT NULL, received_epoch_millis INTEGER NOT NULL,
              payload_sha256 BLOB,
              PRIMARY KEY (agent_id, boot_epoch, sequence)) WITHOUT ROWID""",
            // Minute rows (schema 11: no primary key, see VERSION; a file created at 10 or earlier keeps its key on
            // (agent_id, boot_epoch, sequence, ordinal), since IF NOT EXISTS leaves its table as it is).
            """
            CREATE TABLE IF NOT EXISTS interval_report (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, scope TEXT NOT NULL, interval_start_epoch_millis INTEGER NOT NULL,
              interval_length_millis INTEGER NOT NULL, trt_millis INTEGER NOT NULL, events INTEGER NOT NULL,
              within_trt INTEGER NOT NULL, timed_out INTEGER NOT NULL, failed INTEGER NOT NULL,
              histogram BLOB, histogram_unit INTEGER NOT NULL)""",
            // One measure over a range of minute rows (a partial day's histograms and daily counts, SqliteMeasureData;
            // the views read the rollups), the replay search, and every measure's over a range, a search per measure
            // (IntervalMeasures). Schema 12: the only index of the minute rows; a file created at 11 or earlier keeps
            // its interval_report_start (interval_start_epoch_millis, measure_id), which nothing needs any more.
            """
            CREATE INDEX IF NOT EXISTS interval_report_measure
              ON interval_report (measure_id, interval_start_epoch_millis)""",
            """
            CREATE TABLE IF NOT EXISTS exclusion (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, scope TEXT NOT NULL, interval_start_epoch_millis INTEGER NOT NULL,
              reason TEXT NOT NULL, count INTEGER NOT NULL)""",
            """
            CREATE INDEX IF NOT EXISTS exclusion_start ON exclusion (interval_start_epoch_millis, measure_id)""",
            """
            CREATE TABLE IF NOT EXISTS agent_status (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL,
              state TEXT NOT NULL, software_version TEXT NOT NULL, region TEXT NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence))""",
            """
            CREATE TABLE IF NOT EXISTS declared_measure (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL,
              measure_id TEXT NOT NULL, trt_millis INTEGER NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence, measure_id))""",
            """
            CREATE TABLE IF NOT EXISTS watermark (
              agent_id TEXT NOT NULL, measure_id TEXT NOT NULL, final_through_epoch_millis INTEGER NOT NULL,
              boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL,
              PRIMARY KEY (agent_id, measure_id))""",
            """
            CREATE TABLE IF NOT EXISTS event_record (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, device_id TEXT NOT NULL, message_id TEXT NOT NULL,
              start_epoch_millis INTEGER NOT NULL, end_epoch_millis INTEGER NOT NULL, outcome TEXT NOT NULL,
              latency_micros INTEGER NOT NULL, outage_id TEXT NOT NULL, payload_id TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal))""",
            """
            CREATE TABLE IF NOT EXISTS quarantine (
              id INTEGER PRIMARY KEY AUTOINCREMENT, received_epoch_millis INTEGER NOT NULL, topic TEXT NOT NULL,
              reason TEXT NOT NULL, detail TEXT NOT NULL, agent_id TEXT, boot_epoch INTEGER, sequence INTEGER,
              payload_size INTEGER NOT NULL, payload BLOB NOT NULL)""",
            // Lets SqliteStore.heldKeys find an agent's quarantined keys without scanning the whole quarantine.
            """
            CREATE INDEX IF NOT EXISTS quarantine_key ON quarantine (agent_id, boot_epoch, sequence)""",
            // Device records of a measure by start (deviceRecords' range) and by key (its earliest-stored dedup).
            """
            CREATE INDEX IF NOT EXISTS event_record_start ON event_record (measure_id, start_epoch_millis)""",
            """
            CREATE INDEX IF NOT EXISTS event_record_key ON event_record (measure_id, device_id, message_id)""",
            // Imports: a run per file, the current row of each natural key, and every row a correction replaced.
            """
            CREATE TABLE IF NOT EXISTS import_run (
              import_id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, file TEXT NOT NULL,
              sha256 TEXT NOT NULL, imported_epoch_millis INTEGER NOT NULL, rows INTEGER NOT NULL,
              changed_rows INTEGER NOT NULL)""",
            """
            CREATE TABLE IF NOT EXISTS import_row (
              kind TEXT NOT NULL, natural_key TEXT NOT NULL, row_values TEXT NOT NULL,
              import_id INTEGER NOT NULL REFERENCES import_run (import_id), line INTEGER NOT NULL,
              PRIMARY KEY (kind, natural_key))""",
            """
            CREATE TABLE IF NOT EXISTS import_row_history (
              id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, natural_key TEXT NOT NULL,
              row_values TEXT NOT NULL, import_id INTEGER NOT NULL, line INTEGER NOT NULL,
              replaced_by_import_id INTEGER NOT NULL REFERENCES import_run (import_id))""",
            // Down windows of agents' availability probes, with the envelope key they came in (a duplicate envelope
            // adds none); read by measure and overlap with a period.
            """
            CREATE TABLE IF NOT EXISTS down_window (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, start_epoch_millis INTEGER NOT NULL, end_epoch_millis INTEGER NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal))""",
            """
            CREATE INDEX IF NOT EXISTS down_window_start ON down_window (measure_id, start_epoch_millis)""",
            // A payload received under a key the envelope table holds with another payload hash: kept apart, never
            // added to any figure, never acknowledged; one row per distinct payload, with how often it came.
            """
            CREATE TABLE IF NOT EXISTS conflict (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL,
              stored_sha256 BLOB NOT NULL, received_sha256 BLOB NOT NULL,
              first_received_epoch_millis INTEGER NOT NULL, last_received_epoch_millis INTEGER NOT NULL,
              receipts INTEGER NOT NULL, payload_size INTEGER NOT NULL, payload BLOB NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence, received_sha256))""",
            // Two live agents under one agent id (IdentityClashes): one row per agent id and pair of boot epochs.
            // intervals a second boot of an agent sent again with the same content (SqliteReplays): not in any figure
            """
            CREATE TABLE IF NOT EXISTS replayed_interval (
              agent_id TEXT NOT NULL, boot_epoch INTEGER NOT NULL, sequence INTEGER NOT NULL, ordinal INTEGER NOT NULL,
              measure_id TEXT NOT NULL, scope TEXT NOT NULL, interval_start_epoch_millis INTEGER NOT NULL,
              events INTEGER NOT NULL, original_boot_epoch INTEGER NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch, sequence, ordinal))""",
            """
            CREATE TABLE IF NOT EXISTS identity_clash (
              agent_id TEXT NOT NULL, boot_epoch_a INTEGER NOT NULL, boot_epoch_b INTEGER NOT NULL,
              first_seen_epoch_millis INTEGER NOT NULL, last_seen_epoch_millis INTEGER NOT NULL,
              PRIMARY KEY (agent_id, boot_epoch_a, boot_epoch_b))""",
            // Every computed version of a period's report, for restatement; never updated or deleted.
            """
            CREATE TABLE IF NOT EXISTS report_version (
              period TEXT NOT NULL, version INTEGER NOT NULL, computed_at_epoch_millis INTEGER NOT NULL,
              reason TEXT NOT NULL, fingerprint TEXT NOT NULL, report_json TEXT NOT NULL,
              PRIMARY KEY (period, version))""",
            // Daily rollups of interval_report (DailyRollup): what reports read for whole UK days; minute rows stay
            // for audit and for the partial days at a range's edges. day_start_epoch_millis: the UK day's start (UTC).
            // minutes and histogram: RollupCodec's encodings (histogram NULL when no interval had a latency). The key
            // leads with the measure and day: a measure's days (histograms, daily counts, completeness) are one range
            // of the table, read in order without a lookup per row.
            """
            CREATE TABLE IF NOT EXISTS daily_rollup (
              agent_id TEXT NOT NULL, measure_id TEXT NOT NULL, scope TEXT NOT NULL,
              day_start_epoch_millis INTEGER NOT NULL, intervals INTEGER NOT NULL, events INTEGER NOT NULL,
              within_trt INTEGER NOT NULL, timed_out INTEGER NOT NULL, failed INTEGER NOT NULL,
              minutes BLOB NOT NULL, histogram BLOB,
              PRIMARY KEY (measure_id, day_start_epoch_millis, agent_id, scope)) WITHOUT ROWID""",
            // An agent's earliest day of a measure (SqliteSources.firstData), without walking its minute rows.
            """
            CREATE INDEX IF NOT EXISTS daily_rollup_agent ON daily_rollup (agent_id, measure_id, day_start_epoch_millis)""",
            // Every measure's sums over a range of days (a period's sums), from the index alone.
            """
            CREATE INDEX IF NOT EXISTS daily_rollup_day
              ON daily_rollup (day_start_epoch_millis, measure_id, events, within_trt, timed_out, failed)""",
            // The sum over every agent of a measure and scope's rollups of a UK day (DailyTotal): what period sums,
            // daily counts, histograms and .hlog files read, (measure scopes x days) rows whatever the agent count.
            // Written in the rollups' transaction; histogram in RollupCodec's encoding (NULL: no latency).
            """
            CREATE TABLE IF NOT EXISTS daily_total (
              measure_id TEXT NOT NULL, scope TEXT NOT NULL, day_start_epoch_millis INTEGER NOT NULL,
              intervals INTEGER NOT NULL, events INTEGER NOT NULL, within_trt INTEGER NOT NULL,
              timed_out INTEGER NOT NULL, failed INTEGER NOT NULL, histogram BLOB,
              PRIMARY KEY (measure_id, day_start_epoch_millis, scope)) WITHOUT ROWID""",
            // Every measure's sums over a range of days (a period's sums) without reading other days' rows.
            """
            CREATE INDEX IF NOT EXISTS daily_total_day ON daily_total (day_start_epoch_millis, measure_id)""",
            // Per agent and measure, the start of the earliest data it sent: an interval's minute (its UK day's start
            // plus whole minutes, as the rollup's minutes say) or a device record's start, whichever is earlier. What
            // the declarations' first data reads (SqliteSources), one row per pair instead of a search of the rollups
            // per report. Written with the rollups (lowered when earlier data comes), back-filled in version 10.
            """
            CREATE TABLE IF NOT EXISTS first_data (
              agent_id TEXT NOT NULL, measure_id TEXT NOT NULL, first_epoch_millis INTEGER NOT NULL,
              PRIMARY KEY (agent_id, measure_id))""",
            // Per agent and UK day, how many minutes of the day it reported of each measure (the minutes of the
            // measure's scopes' rollups ORed, then counted): the completeness view reads agents x days rows, not every
            // rollup. measure_minutes: AgentDayMinutes' encoding. Written with the rollups, back-filled in version 10.
            """
            CREATE TABLE IF NOT EXISTS agent_day (
              day_start_epoch_millis INTEGER NOT NULL, agent_id TEXT NOT NULL, measure_minutes BLOB NOT NULL,
              PRIMARY KEY (day_start_epoch_millis, agent_id))""",
            // One row, raised in every transaction that may change declared_measure, watermark or first_data: a store's
            // cached copy of them (SourceCache) is current while it reads the same. Part of version 10 (IF NOT EXISTS
            // and the row's insert, so a version 10 file made before it gains both on open).
            """
            CREATE TABLE IF NOT EXISTS source_generation (
              id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)""",
            """
            INSERT INTO source_generation (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING""",
            // pmr collector agents expect|retire: an append-only log; the latest entry for an agent and measure decides.
            """
            CREATE TABLE IF NOT EXISTS source_expectation (
              id INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, measure_id TEXT NOT NULL,
              action TEXT NOT NULL CHECK (action IN ('expect', 'retire')), recorded_epoch_millis INTEGER NOT NULL)""");

    /**
     * A column added after its table was first shipped: added with {@code ALTER TABLE ... ADD COLUMN} when an older
     * database lacks it (SQLite has no ADD COLUMN IF NOT EXISTS).
     *
     * @param definition the column definition after {@code ADD COLUMN}; must give old rows a value (a DEFAULT)
     */
    record AddedColumn(String table, String column, String definition) {
    }

    /** Columns added since the tables were created; applied in order, after {@link #DDL}. */
    static final List<AddedColumn> MIGRATIONS = List.of(
            // Category 1 firmware: every attempt to one hub carries the payload id; old rows had none.
            new AddedColumn("event_record", "payload_id", "payload_id TEXT NOT NULL DEFAULT ''"),
            // Conflict detection: the SHA-256 of the payload as received; old rows have none (NULL).
            new AddedColumn("envelope", "payload_sha256", "payload_sha256 BLOB"));

    /** DDL that needs the {@link #MIGRATIONS}' columns. */
    static final List<String> AFTER_MIGRATIONS = List.of(
            // Every record of the payloads or outages that have a record in a range (deviceRecordGroups).
            """
            CREATE INDEX IF NOT EXISTS event_record_payload ON event_record (measure_id, payload_id)""",
            """
            CREATE INDEX IF NOT EXISTS event_record_outage ON event_record (measure_id, outage_id)""");

    private SqliteSchema() {
    }
}
