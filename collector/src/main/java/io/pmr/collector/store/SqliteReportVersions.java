package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report_version table and the data fingerprint. Not thread-safe and never commits: used inside
 * {@link SqliteStore}'s lock.
 */
final class SqliteReportVersions {
    /**
     * Data rows are only ever added (rowid tables, no deletes), so their highest rowids move exactly when data is
     * added; MAX(rowid) is a single index step. The watermark table is small (agents x measures) and updated in
     * place, so it is summed, in two halves ({@link ExactSums}): a plain SUM raised "integer overflow" on a watermark
     * near 2^63 and so failed every report for good. Import runs count only when they changed rows.
     */
    private static final String FINGERPRINT_SQL = "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM interval_report),"
            + " (SELECT COALESCE(MAX(rowid), 0) FROM exclusion), (SELECT COALESCE(MAX(rowid), 0) FROM event_record),"
            + " (SELECT COALESCE(MAX(rowid), 0) FROM agent_status),"
            + " (SELECT COALESCE(MAX(rowid), 0) FROM declared_measure),"
            + " (SELECT count(*) FROM watermark), (SELECT COALESCE(SUM(final_through_epoch_millis >> 32), 0) FROM watermark),"
            + " (SELECT COALESCE(SUM(final_through_epoch_millis & 4294967295), 0) FROM watermark),"
            + " (SELECT COALESCE(MAX(import_id), 0) FROM import_run WHERE changed_rows > 0),"
            + " (SELECT COALESCE(MAX(id), 0) FROM source_expectation)";
    private static final String COLUMNS = "period, version, computed_at_epoch_millis, reason, fingerprint, report_json";

    private final Connection connection;

    SqliteReportVersions(Connection connection) {
        this.connection = connection;
    }

    /** The next version of the period (its latest + 1, or 1), recorded by {@link #saveAfterLatest}. */
    ReportVersion save(Dialect dialect, String period, long computedAtEpochMillis, String reason, String fingerprint,
            String reportJson) throws SQLException {
        int next;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM report_version WHERE period = ?")) {
            query.setString(1, period);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                next = rs.getInt(1) + 1;
            }
        }
        Optional<ReportVersion> saved = saveAfterLatest(dialect, period, next, computedAtEpochMillis, reason,
                fingerprint, reportJson);
        if (saved.isEmpty()) { // another writer recorded version `next` between the query and the insert
            throw new SQLException("version " + next + " of " + period + " was recorded concurrently");
        }
        return saved.get();
    }

    /**
     * Inserts {@code version} when the period's latest version is {@code version - 1}; empty (nothing written) when
     * another publish got there first. One statement, so SQLite evaluates its condition under the write lock; on
     * PostgreSQL a lock that only other recorders wait for is taken first, so the REPEATABLE READ snapshot the
     * condition reads is taken after the previous recorder committed.
     */
    Optional<ReportVersion> saveAfterLatest(Dialect dialect, String period, int version, long computedAtEpochMillis,
            String reason, String fingerprint, String reportJson) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE report_version IN SHARE ROW EXCLUSIVE MODE");
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO report_version (" + COLUMNS
                + ") SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT COALESCE(MAX(version), 0) FROM report_version"
                + " WHERE period = ?) = ?")) {
            insert.setString(1, period);
            insert.setInt(2, version);
            insert.setLong(3, computedAtEpochMillis);
            insert.setString(4, reason);
            insert.setString(5, fingerprint);
            insert.setString(6, reportJson);
            insert.setString(7, period);
            insert.setInt(8, version - 1);
            if (insert.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new ReportVersion(period, version, computedAtEpochMillis, reason, fingerprint, reportJson));
    }

    List<ReportVersion> versions(String period) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM report_version WHERE period = ? ORDER BY version")) {
            query.setString(1, period);
            return read(query);
        }
    }

    Optional<ReportVersion> version(String period, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM report_version WHERE period = ? AND version = ?")) {
            query.setString(1, period);
            query.setInt(2, version);
            return read(query).stream().findFirst();
        }
    }

    String fingerprint() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(FINGERPRINT_SQL)) {
            rs.next();
            // The watermark sum is printed as its exact value (high x 2^32 + low), so the text is what it was before for
            // every store whose plain SUM did not overflow, and a stored fingerprint still matches.
            java.math.BigInteger watermarkSum = java.math.BigInteger.valueOf(rs.getLong(7)).shiftLeft(32)
                    .add(java.math.BigInteger.valueOf(rs.getLong(8)));
            String fingerprint = String.format(Locale.ROOT, "i%d.x%d.e%d.s%d.d%d.w%d.%s.m%d", rs.getLong(1),
                    rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), watermarkSum,
                    rs.getLong(9));
            // an operator's expect/retire changes finality: appended only once there is one, so the fingerprint of a
            // store without any is what it was before
            long expectations = rs.getLong(10);
            return expectations == 0 ? fingerprint : fingerprint + ".o" + expectations;
        }
    }

    private static List<ReportVersion> read(PreparedStatement query) throws SQLException {
        List<ReportVersion> versions = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                versions.add(new ReportVersion(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return versions;
    }
}
