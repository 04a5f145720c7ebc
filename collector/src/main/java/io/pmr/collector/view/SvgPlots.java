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
    static final int HEIGHT = 250;
    /** The plot area: room on the left for the y ticks and title, on the right for the lines' labels. */
    static final double LEFT = 64;
    static final double RIGHT = WIDTH - 92;
    static final double TOP = 50;
    static final double BOTTOM = HEIGHT - 42;
    /** Bins per decade of the latency plot's log axis. */
    static final int BINS_PER_DECADE = 10;
    /** At most this many ticks on a log time axis, so their labels never run into each other. */
    static final int MAX_TIME_TICKS = 7;

    private SvgPlots() {
    }

    /**
     * The latency distribution of a measure's completed events (nanoseconds) on a log axis, bars within the TRT
     * apart from those beyond it, the TRT as a vertical line, and the report's exact share within TRT written on it.
     * The time axis runs between durations people use ({@link AxisScale#TIME_TICKS_NANOS}), the count axis on a 1-2-5
     * scale; both are titled with their unit.
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
        // the histogram's min and max are the ends of their buckets (3 significant digits): take the end nearer the
        // value recorded, so 1 s is not read as 999.8 ms and given an axis from 500 ms
        AxisScale.TimeAxis time = AxisScale.timeAxis(nanos.highestEquivalentValue(nanos.getMinValue()),
                Math.max(nanos.lowestEquivalentValue(nanos.getMaxValue()), trtNanos), MAX_TIME_TICKS);
        long low = time.lowNanos();
        long high = time.highNanos();
        double logLow = Math.log10(low);
        double logSpan = Math.log10(high) - logLow;
        int bins = Math.max(BINS_PER_DECADE, (int) Math.ceil(logSpan * BINS_PER_DECADE - 1e-9));
        long[] counts = new long[bins];
        for (HistogramIterationValue value : nanos.recordedValues()) {
            double at = (Math.log10(Math.max(1, value.getValueIteratedTo())) - logLow) / logSpan * bins;
            counts[Math.max(0, Math.min(bins - 1, (int) Math.floor(at)))] += value.getCountAtValueIteratedTo();
        }
        long tallest = 1;
        for (long count : counts) {
            tallest = Math.max(tallest, count);
        }
        AxisScale.Linear countAxis = AxisScale.counts(tallest, 4);
        yTicks(svg, countAxis, "");
        double binWidth = (RIGHT - LEFT) / bins;
        for (int i = 0; i < bins; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double height = (BOTTOM - TOP) * counts[i] / countAxis.high();
            double upperNanos = Math.pow(10, logLow + (i + 1.0) / bins * logSpan);
            String cls = trtNanos == 0 ? "bar" : upperNanos <= trtNanos * 1.0001 ? "bar within" : "bar beyond";
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%d events</title></rect>",
                    cls, LEFT + i * binWidth, BOTTOM - height, Math.max(1, binWidth - 1), height, counts[i]));
        }
        axes(svg);
        for (long tick : time.ticksNanos()) {
            xTick(svg, LEFT + (Math.log10(tick) - logLow) / logSpan * (RIGHT - LEFT), duration(tick));
        }
        if (trtNanos > 0) {
            double x = LEFT + (Math.log10(trtNanos) - logLow) / logSpan * (RIGHT - LEFT);
            svg.append(String.format(Locale.ROOT, "<line class=\"trt\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    x, TOP - 2, x, BOTTOM));
            // above the plot area, so it never sits on a bar
            svg.append(String.format(Locale.ROOT, "<text class=\"trt-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                    x, TOP - 5, x > RIGHT - 60 ? "end" : "middle")).append(esc("TRT " + trtText)).append("</text>");
        }
        text(svg, "share", LEFT, 14, shareText(trtText, numerator, denominator));
        text(svg, "stats", LEFT, 30, String.format(Locale.ROOT,
                "%d completed events; p50 %s, p99 %s, max %s", total, duration(nanos.getValueAtPercentile(50)),
                duration(nanos.getValueAtPercentile(99)), duration(nanos.getMaxValue())));
        axisTitles(svg, "latency (log scale)", "events per bin");
        return svg.append("</svg>").toString();
    }

    /** The exact share within TRT, as the report states it: level from the counts, HALF_UP to 2 decimals. */
    static String shareText(String trtText, long numerator, long denominator) {
        BigDecimal level = Levels.level(numerator, denominator);
        return String.format(Locale.ROOT, "within TRT%s: %s%% (%d of %d counted events)",
                trtText == null ? "" : " " + trtText, level == null ? "n/a" : level.toPlainString(), numerator,
                denominator);
    }

    /**
     * The daily level (100 x within / events per UK day) against the target and minimum lines, on a level axis with
     * 1-2-5 steps ending at 100% ({@code 90%, 95%, 100%}); the lines are labelled in the right margin, off the data.
     */
    static String daily(String measureId, List<DailyCount> days, BigDecimal target, BigDecimal minimum) {
        StringBuilder svg = open("daily", measureId, "Daily level of " + measureId + " against target and minimum");
        AxisScale.Linear axis = levelAxis(days, target, minimum);
        double lowest = axis.low();
        yTicks(svg, axis, "%");
        axes(svg);
        double targetY = y(target.doubleValue(), lowest);
        line(svg, "target", targetY);
        text(svg, "target-label", RIGHT + 4, targetY + 4, "target " + percent(target));
        if (minimum != null) {
            double minimumY = y(minimum.doubleValue(), lowest);
            line(svg, "minimum", minimumY);
            // two lines close together: the minimum's label goes below the target's, never over it
            text(svg, "minimum-label", RIGHT + 4, Math.max(minimumY + 4, targetY + 16),
                    "min " + percent(minimum));
        }
        StringBuilder points = new StringBuilder();
        double step = (RIGHT - LEFT) / Math.max(1, days.size());
        for (int i = 0; i < days.size(); i++) {
            DailyCount day = days.get(i);
            double x = LEFT + (i + 0.5) * step;
            dayTick(svg, x, day.day().getDayOfMonth());
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
        text(svg, "share", LEFT, 14, "daily level: % of the day's events within TRT (agents' interval counts)");
        axisTitles(svg, "day of month (UK days)", "% within TRT");
        return svg.append("</svg>").toString();
    }

    /** A line's level as its label says it, without trailing zeros: {@code 99%}, {@code 96.5%}. */
    private static String percent(BigDecimal level) {
        return level.stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * The daily plot's level axis: from a 1-2-5 step at or below every level and line shown (with a little room under
     * the lowest, so no point sits on the axis) up to 100, at most 4 steps, never below 0.
     */
    static AxisScale.Linear levelAxis(List<DailyCount> days, BigDecimal target, BigDecimal minimum) {
        double lowest = Math.min(target.doubleValue(), minimum == null ? 100 : minimum.doubleValue());
        for (DailyCount day : days) {
            if (day.events() > 0) {
                lowest = Math.min(lowest, 100.0 * day.withinTrt() / day.events());
            }
        }
        double room = Math.max(0.5, (100 - lowest) * 0.05);
        return AxisScale.linear(Math.max(0, lowest - room), 100, 4, 0);
    }

    /** The y of a level on the daily plot, whose axis runs from {@code lowest} (bottom) to 100 (top). */
    static double y(double level, double lowest) {
        return BOTTOM - (level - lowest) / (100 - lowest) * (BOTTOM - TOP);
    }

    /** An agent's completeness per UK day: minutes final (bars) and intervals reported of those owed (dots). */
    static String completeness(String agentId, List<AgentDay> days) {
        StringBuilder svg = open("completeness", agentId, "Data completeness of agent " + agentId);
        yTicks(svg, AxisScale.linear(0, 100, 5, 0), "%");
        axes(svg);
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
            dayTick(svg, x + step / 2, day.day().getDayOfMonth());
        }
        text(svg, "share", LEFT, 14, "bars: minutes final (watermark); dots: measure-minutes with a report"
                + " (quiet minutes send none)");
        axisTitles(svg, "day of month (UK days)", "% of the day");
        return svg.append("</svg>").toString();
    }

    /** A duration in nanoseconds as people write it ({@code 25 s}, {@code 46 min}): {@link AxisScale#duration}. */
    static String duration(double nanos) {
        return AxisScale.duration(nanos);
    }

    private static StringBuilder open(String kind, String subject, String title) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT, "<svg class=\"plot %s\" data-subject=\"%s\" role=\"img\""
                + " xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">",
                kind, esc(subject), WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(esc(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<text class=\"subject\" x=\"%d.0\" y=\"14.0\" text-anchor=\"end\">",
                WIDTH - 8)).append(esc(subject)).append("</text>");
        return svg;
    }

    private static void axes(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\"/>", LEFT, TOP, BOTTOM,
                RIGHT));
    }

    /** The y axis' ticks, labels left of the axis and light grid lines across the plot area, under the data. */
    private static void yTicks(StringBuilder svg, AxisScale.Linear axis, String unit) {
        for (double tick : axis.ticks()) {
            double yy = BOTTOM - (tick - axis.low()) / (axis.high() - axis.low()) * (BOTTOM - TOP);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                    + " y2=\"%.1f\"/>", LEFT - 4, yy, RIGHT, yy));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick-label y\" x=\"%.1f\" y=\"%.1f\""
                    + " text-anchor=\"end\">%s</text>", LEFT - 7, yy + 4,
                    esc(AxisScale.tick(tick, axis.step()) + unit)));
        }
    }

    /** An x tick with its label centred under it. */
    private static void xTick(StringBuilder svg, double x, String label) {
        svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                x, BOTTOM, x, BOTTOM + 4));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"tick-label x\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x,
                BOTTOM + 16, esc(label)));
    }

    /** Days 1, 5, 10, 15 ... 30 are ticked: a 5-day step people count in. */
    private static void dayTick(StringBuilder svg, double x, int dayOfMonth) {
        if (dayOfMonth == 1 || dayOfMonth % 5 == 0) {
            xTick(svg, x, Integer.toString(dayOfMonth));
        }
    }

    /** The axes' titles: x centred under the tick labels, y turned up the left edge. */
    private static void axisTitles(StringBuilder svg, String x, String y) {
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-label x\" x=\"%.1f\" y=\"%d.0\""
                + " text-anchor=\"middle\">%s</text>", (LEFT + RIGHT) / 2, HEIGHT - 6, esc(x)));
        double middle = (TOP + BOTTOM) / 2;
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-label y\" x=\"14.0\" y=\"%.1f\""
                + " text-anchor=\"middle\" transform=\"rotate(-90 14.0 %.1f)\">%s</text>", middle, middle, esc(y)));
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
