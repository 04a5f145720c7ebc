package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The month partitions of {@code interval_report} on PostgreSQL: one per UTC calendar month of interval start, created
 * in the writing transaction when a row first needs it (so it exists exactly when its rows are committed). Creation
 * takes a transaction-scoped advisory lock, so two collectors needing the same new month do not race on its name. The
 * months known to exist are cached; a rolled-back batch may have created (then lost) one, so {@link #forget} clears the
 * cache on rollback. Not thread-safe: used inside {@link SqliteStore}'s lock.
 */
final class MonthPartitions {
    /** The advisory lock key of partition creation ("pmrpart" in ASCII). */
    private static final long LOCK_KEY = 0x706d7270617274L;
    private final Connection connection;
    private final Set<Long> known = new HashSet<>();

    MonthPartitions(Connection connection) {
        this.connection = connection;
    }

    /** Makes sure the partition holding {@code intervalStartEpochMillis} exists (in the current transaction). */
    void ensure(long intervalStartEpochMillis) throws SQLException {
        YearMonth month = monthOf(intervalStartEpochMillis);
        long key = month.getYear() * 12L + month.getMonthValue() - 1;
        if (known.contains(key)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF interval_report FOR VALUES"
                    + " FROM (" + bound(month) + ") TO (" + bound(month.plusMonths(1)) + ")");
        }
        known.add(key);
    }

    /** Forgets the cached months (after a rollback, which also undoes a partition created in it). */
    void forget() {
        known.clear();
    }

    /** The partition's table name, e.g. {@code interval_report_2026_03} (year with sign for the far past). */
    static String name(YearMonth month) {
        int year = month.getYear();
        return String.format(Locale.ROOT, "interval_report_%s%04d_%02d", year < 0 ? "bc" : "", Math.abs(year),
                month.getMonthValue());
    }

    static YearMonth monthOf(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    /** The month's first millisecond, or MINVALUE / MAXVALUE where it lies beyond a bigint (hostile timestamps). */
    private static String bound(YearMonth month) {
        LocalDate first = month.atDay(1);
        try {
            return Long.toString(Math.multiplyExact(first.atStartOfDay(ZoneOffset.UTC).toEpochSecond(), 1000L));
        } catch (ArithmeticException e) {
            return first.getYear() < 0 ? "MINVALUE" : "MAXVALUE";
        }
    }
}
