package io.pmr.collector.view;

import static io.pmr.collector.view.Html.esc;

import io.pmr.collector.data.AgentDay;
import io.pmr.collector.data.DailyCount;
import io.pmr.collector.measure.Levels;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The report's plots as inline SVG ({@code class="plot"}, a {@code <title>}, no script): a latency distribution on a
 * log time axis with the TRT marked, a daily level against target and minimum, and an agent's daily completeness.
 * Coordinates are written with Locale.ROOT and one decimal, so the same data always gives the same text. Stateless.
 */
final class SvgPlots {
    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final double LEFT = 52;
    static final double RIGHT = WIDTH - 24;
    static final double TOP = 40;
    static final double BOTTOM = HEIGHT - 34;
    /** Bins per decade of the latency plot's log axis. */
    static final int BINS_PER_DECADE = 10;

    private SvgPlots() {
    }

    /**
     * The latency distribution of a measure's completed events (nanoseconds) on a log axis, bars within the TRT
     * apart from those beyond it, the TRT as a vertical line, and the report's exact share within TRT written on it.
     *
     * @param trtNanos    the TRT, or 0 for none (a composite pooling several TRTs): no line
     * @param numerator   the figure's events within TRT (exact, from counts, not from the histogram)
     * @param denominator the figure's events counted
     */
    static String latency(String measureId, String trtText, Histogram nanos, long trtNanos, long numerator,
            long denominator) {
        StringBuilder svg = open("latency", measureId, "Latency distribution of " + measureId);
        long total = nanos.getTotalCount();
        if (total == 0) {
            text(svg, "empty", LEFT, TOP + 40, "no completed event with a latency in the period");
            return svg.append("</svg>").toString();
        }
        long lowest = Math.max(1, nanos.getMinValue());
        long highest = Math.max(nanos.getMaxValue(), Math.max(1, trtNanos));
        int loDecade = (int) Math.floor(Math.log10(lowest));
        int hiDecade = Math.max(loDecade + 1, (int) Math.ceil(Math.log10(highest * 1.0001)));
        int bins = (hiDecade - loDecade) * BINS_PER_DECADE;
        long[] counts = new long[bins];
        for (HistogramIterationValue value : nanos.recordedValues()) {
            counts[bin(value.getValueIteratedTo(), loDecade, bins)] += value.getCountAtValueIteratedTo();
        }
        long tallest = 1;
        for (long count : counts) {
            tallest = Math.max(tallest, count);
        }
        double binWidth = (RIGHT - LEFT) / bins;
        for (int i = 0; i < bins; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double height = (BOTTOM - TOP) * counts[i] / tallest;
            double upperNanos = Math.pow(10, loDecade + (i + 1.0) / BINS_PER_DECADE);
            String cls = trtNanos == 0 ? "bar" : upperNanos <= trtNanos * 1.0001 ? "bar within" : "bar beyond";
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%d events</title></rect>",
                    cls, LEFT + i * binWidth, BOTTOM - height, Math.max(1, binWidth - 1), height, counts[i]));
        }
        axes(svg);
        for (int decade = loDecade; decade <= hiDecade; decade++) {
            double x = LEFT + (decade - loDecade) * BINS_PER_DECADE * binWidth;
            svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    x, BOTTOM, x, BOTTOM + 4));
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"tick-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x,
                    BOTTOM + 16, esc(duration(Math.pow(10, decade)))));
        }
        if (trtNanos > 0) {
            double x = LEFT + (Math.log10(trtNanos) - loDecade) * BINS_PER_DECADE * binWidth;
            svg.append(String.format(Locale.ROOT, "<line class=\"trt\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    x, TOP - 4, x, BOTTOM));
            text(svg, "trt-label", Math.min(x + 3, RIGHT - 60), TOP + 8, "TRT " + trtText);
        }
        text(svg, "share", LEFT, 14, shareText(trtText, numerator, denominator));
        text(svg, "stats", LEFT, 30, String.format(Locale.ROOT,
                "histogram: %d completed events; p50 %s, p99 %s, max %s (time axis logarithmic)", total,
                duration(nanos.getValueAtPercentile(50)), duration(nanos.getValueAtPercentile(99)),
                duration(nanos.getMaxValue())));
        text(svg, "axis-label", RIGHT - 70, HEIGHT - 4, "latency");
        return svg.append("</svg>").toString();
    }

    /** The exact share within TRT, as the report states it: level from the counts, HALF_UP to 2 decimals. */
    static String shareText(String trtText, long numerator, long denominator) {
        BigDecimal level = Levels.level(numerator, denominator);
        return String.format(Locale.ROOT, "within TRT%s: %s%% (%d of %d counted events)",
                trtText == null ? "" : " " + trtText, level == null ? "n/a" : level.toPlainString(), numerator,
                denominator);
    }

    /** The daily level (100 x within / events per UK day) against the target and minimum lines. */
    static String daily(String measureId, List<DailyCount> days, BigDecimal target, BigDecimal minimum) {
        StringBuilder svg = open("daily", measureId, "Daily level of " + measureId + " against target and minimum");
        double lowest = lowestShown(days, target, minimum);
        axes(svg);
        for (int pct = (int) lowest; pct <= 100; pct += Math.max(1, (int) ((100 - lowest) / 4))) {
            text(svg, "tick-label", 8, y(pct, lowest) + 4, pct + "%");
        }
        line(svg, "target", y(target.doubleValue(), lowest));
        text(svg, "target-label", RIGHT - 110, y(target.doubleValue(), lowest) - 3, "target " + target.toPlainString());
        if (minimum != null) {
            line(svg, "minimum", y(minimum.doubleValue(), lowest));
            text(svg, "minimum-label", RIGHT - 110, y(minimum.doubleValue(), lowest) + 11,
                    "minimum " + minimum.toPlainString());
        }
        StringBuilder points = new StringBuilder();
        double step = (RIGHT - LEFT) / Math.max(1, days.size());
        for (int i = 0; i < days.size(); i++) {
            DailyCount day = days.get(i);
            double x = LEFT + (i + 0.5) * step;
            if (i % 5 == 0) {
                text(svg, "tick-label", x - 4, BOTTOM + 16, Integer.toString(day.day().getDayOfMonth()));
            }
            if (day.events() == 0) {
                continue;
            }
            BigDecimal level = Levels.level(day.withinTrt(), day.events());
            double yy = y(level.doubleValue(), lowest);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yy));
            svg.append(String.format(Locale.ROOT, "<circle class=\"day\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\">"
                    + "<title>%s: %s%% (%d of %d)</title></circle>", x, yy, day.day(), level.toPlainString(),
                    day.withinTrt(), day.events()));
        }
        if (points.length() > 0) {
            svg.append("<polyline class=\"level\" points=\"").append(points.toString().trim()).append("\"/>");
        }
        text(svg, "share", LEFT, 14, "daily level, % within TRT per UK day (agents' interval counts)");
        text(svg, "axis-label", RIGHT - 90, HEIGHT - 4, "day of month");
        return svg.append("</svg>").toString();
    }

    /** The lowest level on the daily plot's axis: a multiple of 5 below every level and line shown, at least 0. */
    static double lowestShown(List<DailyCount> days, BigDecimal target, BigDecimal minimum) {
        double lowest = Math.min(target.doubleValue(), minimum == null ? 100 : minimum.doubleValue());
        for (DailyCount day : days) {
            if (day.events() > 0) {
                lowest = Math.min(lowest, 100.0 * day.withinTrt() / day.events());
            }
        }
        return Math.max(0, Math.floor((lowest - 1) / 5) * 5);
    }

    /** The y of a level on the daily plot, whose axis runs from {@code lowest} (bottom) to 100 (top). */
    static double y(double level, double lowest) {
        return BOTTOM - (level - lowest) / (100 - lowest) * (BOTTOM - TOP);
    }

    /** An agent's completeness per UK day: minutes final (bars) and intervals reported of those owed (dots). */
    static String completeness(String agentId, List<AgentDay> days) {
        StringBuilder svg = open("completeness", agentId, "Data completeness of agent " + agentId);
        axes(svg);
        for (int pct = 0; pct <= 100; pct += 25) {
            text(svg, "tick-label", 8, y(pct, 0) + 4, pct + "%");
        }
        double step = (RIGHT - LEFT) / Math.max(1, days.size());
        for (int i = 0; i < days.size(); i++) {
            AgentDay day = days.get(i);
            double finalPct = 100.0 * day.finalMinutes() / day.dayMinutes();
            double x = LEFT + i * step;
            svg.append(String.format(Locale.ROOT, "<rect class=\"final\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%.1f\"><title>%s: %d of %d minutes final</title></rect>", x + 1, y(finalPct, 0),
                    Math.max(1, step - 2), BOTTOM - y(finalPct, 0), day.day(), day.finalMinutes(), day.dayMinutes()));
            if (day.declaredMinutes() > 0) {
                double reportedPct = Math.min(100, 100.0 * day.reportedIntervals() / day.declaredMinutes());
                svg.append(String.format(Locale.ROOT, "<circle class=\"reported\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\">"
                        + "<title>%s: %d of %d measure-minutes reported</title></circle>", x + step / 2,
                        y(reportedPct, 0), day.day(), day.reportedIntervals(), day.declaredMinutes()));
            }
            if (i % 5 == 0) {
                text(svg, "tick-label", x + step / 2 - 4, BOTTOM + 16, Integer.toString(day.day().getDayOfMonth()));
            }
        }
        text(svg, "share", LEFT, 14, "bars: minutes final (watermark); dots: measure-minutes with a report"
                + " (quiet minutes send none)");
        return svg.append("</svg>").toString();
    }

    /** A duration in nanoseconds, in the largest unit that keeps it at least 1 (e.g. {@code 25s}, {@code 1.5ms}). */
    static String duration(double nanos) {
        String[] units = {"ns", "\u00b5s", "ms", "s"};
        double value = nanos;
        int unit = 0;
        while (unit < units.length - 1 && value >= 1000) {
            value /= 1000;
            unit++;
        }
        if (unit == units.length - 1 && value >= 3 * 3600) {
            return trim(value / 3600) + "h";
        }
        if (unit == units.length - 1 && value >= 600) {
            return trim(value / 60) + "min";
        }
        return trim(value) + units[unit];
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.3g", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static int bin(long nanos, int loDecade, int bins) {
        int bin = (int) Math.floor((Math.log10(Math.max(1, nanos)) - loDecade) * BINS_PER_DECADE);
        return Math.max(0, Math.min(bins - 1, bin));
    }

    private static StringBuilder open(String kind, String subject, String title) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT, "<svg class=\"plot %s\" data-subject=\"%s\" role=\"img\""
                + " xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">",
                kind, esc(subject), WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(esc(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<text class=\"subject\" x=\"%.1f\" y=\"14.0\" text-anchor=\"end\">",
                RIGHT)).append(esc(subject)).append("</text>");
        return svg;
    }

    private static void axes(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\"/>", LEFT, TOP, BOTTOM,
                RIGHT));
    }

    private static void line(StringBuilder svg, String cls, double yy) {
        svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                cls, LEFT, yy, RIGHT, yy));
    }

    private static void text(StringBuilder svg, String cls, double x, double yy, String text) {
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">%s</text>", cls, x, yy,
                esc(text)));
    }
}
