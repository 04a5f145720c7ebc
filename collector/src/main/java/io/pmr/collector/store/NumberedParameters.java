package io.pmr.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL written with numbered parameters ({@code ?1}, {@code ?2}, each usable several times), as SQLite takes them,
 * turned into the plain {@code ?} every JDBC driver takes (PostgreSQL's does not number them), with the values bound in
 * the order the plain parameters need. Immutable; thread-safe.
 */
final class NumberedParameters {
    private final String sql;
    private final int[] numbers;

    private NumberedParameters(String sql, int[] numbers) {
        this.sql = sql;
        this.numbers = numbers;
    }

    /**
     * Parses {@code ?N} (N from 1) outside quoted text.
     *
     * @throws IllegalArgumentException for a bare {@code ?} (mixing both forms is ambiguous)
     */
    static NumberedParameters of(String numbered) {
        StringBuilder plain = new StringBuilder(numbered.length());
        List<Integer> order = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < numbered.length(); i++) {
            char c = numbered.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c != '?' || quoted) {
                plain.append(c);
                continue;
            }
            int end = i + 1;
            while (end < numbered.length() && Character.isDigit(numbered.charAt(end))) {
                end++;
            }
            if (end == i + 1) {
                throw new IllegalArgumentException("bare ? at " + i + " in numbered SQL: " + numbered);
            }
            order.add(Integer.parseInt(numbered.substring(i + 1, end)));
            plain.append('?');
            i = end - 1;
        }
        return new NumberedParameters(plain.toString(), order.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The SQL with plain {@code ?} parameters. */
    String sql() {
        return sql;
    }

    /**
     * Prepares the statement and binds {@code values[N-1]} wherever {@code ?N} stood ({@code setObject}: Long, String,
     * Integer or byte[] values).
     */
    PreparedStatement prepare(Connection connection, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < numbers.length; i++) {
                statement.setObject(i + 1, values[numbers[i] - 1]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
