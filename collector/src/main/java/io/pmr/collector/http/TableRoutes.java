package io.pmr.collector.http;

import io.pmr.collector.report.ReportTable;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/periods/{p}/tables} (the listing: each table's name, columns, row count and both URLs) and
 * {@code /api/periods/{p}/tables/{name}.csv|.json}: one table of the page, as CSV (the exact text of its {@code .csv}
 * file, formula-guarded) or as JSON ({@code period, table, columns, rows}: each row an object of column to cell text,
 * the cells as they are, empty for none). An unknown name or extension is 404 naming the known tables. Built per
 * request over that request's tables; not shared.
 */
final class TableRoutes {
    private static final String CSV = ".csv";
    private static final String JSON = ".json";

    private final Map<String, Supplier<ReportTable>> tables;
    private final YearMonth period;

    TableRoutes(Map<String, Supplier<ReportTable>> tables, YearMonth period) {
        this.tables = tables;
        this.period = period;
    }

    ApiResponse list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        tables.forEach((name, supplier) -> {
            ReportTable table = supplier.get();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("columns", table.columns());
            row.put("rows", table.rows().size());
            row.put("csv", base() + name + CSV);
            row.put("json", base() + name + JSON);
            rows.add(row);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.toString());
        body.put("tables", rows);
        return ApiResponse.json(body);
    }

    /** {@code file} is the path after {@code tables/}: a table's name and {@code .csv} or {@code .json}. */
    ApiResponse table(String file) {
        boolean csv = file.endsWith(CSV);
        boolean json = file.endsWith(JSON);
        String name = csv ? file.substring(0, file.length() - CSV.length())
                : json ? file.substring(0, file.length() - JSON.length()) : file;
        Supplier<ReportTable> known = tables.get(name);
        if (known == null || !(csv || json)) {
            String why = known == null ? "unknown table '" + name + "'" : "table '" + name + "' has no format '" + file
                    + "'";
            return ApiResponse.error(404, why + " for period '" + period + "': known tables are "
                    + String.join(", ", tables.keySet()) + ", each as .csv or .json", Map.of("table", file,
                            "period", period.toString(), "tables", List.copyOf(tables.keySet()),
                            "formats", List.of("csv", "json")));
        }
        ReportTable table = known.get();
        if (csv) {
            return ApiResponse.text(200, ApiResponse.CSV, table.csv());
        }
        List<Map<String, String>> rows = new ArrayList<>(table.rows().size());
        for (List<String> cells : table.rows()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                row.put(table.columns().get(i), cells.get(i));
            }
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.toString());
        body.put("table", name);
        body.put("columns", table.columns());
        body.put("rows", rows);
        return ApiResponse.json(body);
    }

    private String base() {
        return "/api/periods/" + period + "/tables/";
    }
}
