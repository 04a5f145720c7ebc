package io.pmr.collector.store;

import io.pmr.collector.data.MeasureCounts;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Sums of stored wire integers that SQLite cannot overflow. SQLite's {@code SUM} raises "integer overflow" once a
 * running total passes 2^63-1, so one hostile row (a watermark of 2^63-1) or enough large counts would make every
 * read fail for good. Each value is summed as two halves instead, {@code v >> 32} and {@code v & 0xFFFFFFFF}, whose
 * sums stay far inside a long for any row count SQLite can hold (under 2^31 rows even at the extreme values), and the
 * halves are combined exactly in Java. Stateless.
 */
final class ExactSums {
    private static final long LOW_MASK = 0xFFFF_FFFFL;

    private ExactSums() {
    }

    /** Two result columns, the high then the low half's sum of {@code column}; read them with {@link #read}. */
    static String sumOf(String column) {
        return "SUM(" + column + " >> 32), SUM(" + column + " & " + LOW_MASK + ")";
    }

    /**
     * The exact sum from the two columns {@link #sumOf} made, starting at {@code firstColumn} (0 for no rows).
     *
     * @throws StoreException naming {@code what} when the exact sum is beyond a long (with counts bounded by ingest to
     *                        2^40 a row, over 2^23 rows at the bound in one range): never a silently wrapped figure
     */
    static long read(ResultSet rs, int firstColumn, String what) throws SQLException {
        long high = rs.getLong(firstColumn);
        long low = rs.getLong(firstColumn + 1);
        try {
            return Math.addExact(Math.multiplyExact(high, 1L << 32), low);
        } catch (ArithmeticException e) {
            throw overflow(what);
        }
    }

    /** Events, within TRT, timed out and failed from eight columns of {@link #sumOf}, in that order. */
    static MeasureCounts counts(ResultSet rs, int firstColumn, String what) throws SQLException {
        return new MeasureCounts(read(rs, firstColumn, what), read(rs, firstColumn + 2, what),
                read(rs, firstColumn + 4, what), read(rs, firstColumn + 6, what));
    }

    /** {@code a + b}, or a StoreException naming {@code what} when the sum is beyond a long. */
    static long add(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw overflow(what);
        }
    }

    /**
     * {@code a + b}, naming {@code subject} (its {@code toString}) only when the sum is beyond a long: the ingest
     * writer adds every stored interval to a rollup and a total, and builds no message for the sums that fit.
     */
    static long add(long a, long b, Object subject) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw overflow(String.valueOf(subject));
        }
    }

    private static StoreException overflow(String what) {
        return new StoreException("the stored " + what + " sum beyond 2^63-1: the store holds more than any agent"
                + " can have counted (see the ingest log and the quarantine)");
    }
}
