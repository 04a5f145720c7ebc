package io.pmr.collector.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tests that two SQLite stores hold the same rows: a table's rows as text, every column named, in a stable order. */
public final class SqliteTableRows {
    private SqliteTableRows() {
    }

    /** Every row of {@code table} in the SQLite file {@code file}, every column as {@code name=value}, sorted. */
    public static List<String> rows(Path file, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    Object value = rs.getObject(column);
                    row.append(meta.getColumnName(column)).append('=')
                            .append(value instanceof byte[] bytes ? Arrays.toString(bytes) : value).append(' ');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }
}
