package io.pmr.collector.report;

import io.pmr.collector.catalogue.MeasureKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders a report as an aligned text table (Locale.ROOT): composites, each with its contributors, then the rest. */
final class ConsoleTable {
    private static final String[] HEADER = {"MEASURE", "KIND", "PERIOD", "WITHIN", "EVENTS", "LEVEL", "TARGET",
        "MINIMUM", "STATUS", "FINAL", "PREVIOUS", "SOURCE"};
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, true, false, false, true,
        false};

    private ConsoleTable() {
    }

    static String render(MonthlyReport report) {
        Map<String, MeasureFigure> byId = report.measures().stream()
                .collect(Collectors.toMap(MeasureFigure::id, Function.identity()));
        List<String[]> rows = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (MeasureFigure figure : report.measures()) {
            if (figure.kind() != MeasureKind.COMPOSITE) {
                continue;
            }
            rows.add(row("", figure));
            shown.add(figure.id());
            for (String contributor : figure.contributors()) {
                rows.add(row("  ", byId.get(contributor)));
                shown.add(contributor);
            }
        }
        for (MeasureFigure figure : report.measures()) {
            if (!shown.contains(figure.id())) {
                rows.add(row("", figure));
            }
        }
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("Period ").append(report.period());
        if (report.publication() != null) {
            Publication.Version version = report.publication().current();
            out.append(", version ").append(version.version()).append(" (").append(version.reason()).append(')');
        }
        out.append('\n');
        appendLine(out, HEADER, widths);
        for (String[] row : rows) {
            appendLine(out, row, widths);
        }
        for (MeasureFigure figure : report.measures()) {
            if (figure.detail() instanceof FigureDetail.PowerOutage outage) {
                boolean perEvent = outage.headline().equals("per_event");
                out.append(figure.id()).append(perEvent ? ": level is the contract's per-event figure; as"
                        + " historically reported from the month's totals: " : ": level is as historically reported"
                        + " from the month's totals; the contract's per-event figure: ")
                        .append(plain(perEvent ? outage.historicalLevel() : outage.perEventLevel())).append('\n');
            } else if (figure.detail() instanceof FigureDetail.Composite composite) {
                boolean mean = composite.method().equals("mean_of_levels");
                out.append(figure.id()).append(mean ? ": level is the mean of its contributors' levels; pooled"
                        + " events: " : ": level pools its contributors' events; mean of their levels: ")
                        .append(plain(mean ? composite.pooledLevel() : composite.meanOfLevels()));
                if (!composite.notReported().isEmpty()) {
                    out.append("; not reported, left out: ").append(String.join(", ", composite.notReported()));
                }
                out.append('\n');
            }
        }
        if (!report.unsourced().isEmpty()) {
            out.append(report.unsourced().size()).append(" measures have no source this period (not_reported).\n");
        }
        if (report.publication() != null) {
            io.pmr.collector.credit.CreditTable credits = report.publication().credits();
            for (io.pmr.collector.credit.ProviderCredits provider : credits.providers()) {
                out.append("service credits ").append(provider.provider()).append(": ")
                        .append(provider.totalPoints().toPlainString()).append(" points, GBP ")
                        .append(provider.totalPounds().toPlainString())
                        .append(provider.rows().stream().noneMatch(io.pmr.collector.credit.CreditRow::charged)
                                ? " (not charged)" : "").append('\n');
            }
            out.append("service credits total: ").append(credits.totalPoints().toPlainString())
                    .append(" points, GBP ").append(credits.totalPounds().toPlainString()).append('\n');
        }
        for (MissingRange range : report.missing()) {
            out.append("missing: ").append(range.agentId()).append(' ').append(range.measureId()).append(" [")
                    .append(java.time.Instant.ofEpochMilli(range.fromEpochMillis())).append(", ")
                    .append(java.time.Instant.ofEpochMilli(range.toEpochMillis())).append(")\n");
        }
        return out.toString();
    }

    private static String[] row(String indent, MeasureFigure figure) {
        return new String[] {
            indent + figure.id(),
            figure.kind().code(),
            figure.period(),
            Long.toString(figure.numerator()),
            Long.toString(figure.denominator()),
            figure.level() == null ? "-" : figure.level().toPlainString(),
            figure.target().toPlainString(),
            figure.minimum() == null ? "-" : figure.minimum().toPlainString(),
            figure.status().code(),
            figure.isFinal() ? "final" : "provisional",
            figure.previousLevel() == null ? "-" : figure.previousLevel().toPlainString(),
            figure.source().code()};
    }

    private static String plain(java.math.BigDecimal value) {
        return value == null ? "-" : value.toPlainString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(RIGHT[i] ? pad + cells[i] : cells[i] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
