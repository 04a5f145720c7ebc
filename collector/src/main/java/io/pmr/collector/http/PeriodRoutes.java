package io.pmr.collector.http;

import io.pmr.collector.data.ActivityData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pmr.collector.data.ReportPeriod;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/periods} and everything under {@code /api/periods/{yyyy-MM}/}: the report as JSON (the exact bytes of
 * {@link ReportWriter#json}), CSV, HTML, every table of the page as CSV or JSON ({@link TableRoutes}), one measure's
 * figure and its latency histogram. A period is
 * known when the store has data starting in it or a recorded version of it; any other is 404.
 */
final class PeriodRoutes {
    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("uuuu-MM")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String MEASURES = "measures/";
    private static final String TABLES = "tables/";

    private final CollectorView collector;
    private final ActivityData store;
    private final HistogramSource histograms;
    private final HtmlRenderer html;
    private final TableSource tables;

    PeriodRoutes(CollectorView collector, ActivityData store, HistogramSource histograms, HtmlRenderer html,
            TableSource tables) {
        this.collector = collector;
        this.store = store;
        this.histograms = histograms;
        this.html = html;
        this.tables = tables;
    }

    ApiResponse list() {
        Set<YearMonth> periods = knownPeriods();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("periods", periods.stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", p.toString());
            row.put("report", "/api/periods/" + p + "/report.json");
            return row;
        }).toList());
        return ApiResponse.json(body);
    }

    /** {@code rest} is the path after {@code /api/periods/}. */
    ApiResponse handle(String rest) {
        int slash = rest.indexOf('/');
        String periodText = slash < 0 ? rest : rest.substring(0, slash);
        String sub = slash < 0 ? "" : rest.substring(slash + 1);
        Optional<YearMonth> period = parse(periodText).filter(knownPeriods()::contains);
        if (period.isEmpty()) {
            return ApiResponse.error(404, "unknown period '" + periodText + "'", Map.of("period", periodText,
                    "expected", "yyyy-MM of a period with stored data or a published version (see /api/periods)"));
        }
        YearMonth month = period.get();
        switch (sub) {
            case "report.json":
                return ApiResponse.text(200, ApiResponse.JSON, ReportWriter.json(report(month)));
            case "report.csv":
                return ApiResponse.text(200, ApiResponse.CSV, ReportWriter.csv(report(month)));
            case "report.html":
                return html(month);
            case "tables":
                return new TableRoutes(tables.tables(month), month).list();
            default:
                break;
        }
        if (sub.startsWith(TABLES) && sub.length() > TABLES.length()) {
            return new TableRoutes(tables.tables(month), month).table(sub.substring(TABLES.length()));
        }
        if (sub.startsWith(MEASURES) && sub.length() > MEASURES.length()) {
            return measure(month, sub.substring(MEASURES.length()));
        }
        return ApiResponse.error(404, "no such path '/api/periods/" + rest + "'",
                Map.of("path", "/api/periods/" + rest));
    }

    private ApiResponse measure(YearMonth month, String idAndMore) {
        HistogramRoute.Format format = HistogramRoute.Format.of(idAndMore);
        String measureId = format == null ? idAndMore : format.measureId(idAndMore);
        String json = ReportWriter.json(report(month));
        JsonNode figure = null;
        try {
            for (JsonNode node : ApiResponse.MAPPER.readTree(json).get("measures")) {
                if (node.get("id").asText().equals(measureId)) {
                    figure = node;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's own JSON does not parse: " + e.getMessage(), e);
        }
        if (figure == null) {
            return ApiResponse.error(404, "unknown measure '" + measureId + "' in period '" + month + "'",
                    Map.of("measure", measureId, "period", month.toString()));
        }
        if (format == null) {
            return ApiResponse.json(figure);
        }
        return new HistogramRoute(histograms, collector.catalogue()).handle(month, measureId, format,
                ReportPeriod.of(month));
    }

    private ApiResponse html(YearMonth month) {
        try {
            return ApiResponse.text(200, ApiResponse.HTML, html.render(month));
        } catch (UnsupportedOperationException e) {
            return ApiResponse.error(501, "HTML report not available", Map.of("period", month.toString()));
        }
    }

    private MonthlyReport report(YearMonth month) {
        return collector.report(month).figuresOnly();
    }

    private Set<YearMonth> knownPeriods() {
        Set<YearMonth> periods = store.periodsWithData();
        periods.addAll(ImportedPeriods.of(collector.imported()));
        return periods;
    }

    private static Optional<YearMonth> parse(String text) {
        try {
            return Optional.of(YearMonth.parse(text, PERIOD));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
