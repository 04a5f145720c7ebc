package io.pmr.collector.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.DailyCount;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SvgPlotsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void latencyPlotWritesTheExactShareAndSplitsBarsAtTheTrt() {
        Histogram nanos = new Histogram(3);
        nanos.setAutoResize(true);
        nanos.recordValueWithCount(SECOND, 39);
        nanos.recordValueWithCount(60 * SECOND, 1);

        String svg = SvgPlots.latency("CSPN/PM4.3", "25s", nanos, 25 * SECOND, 39, 40);

        assertTrue(svg.startsWith("<svg class=\"plot latency\""), svg);
        assertTrue(svg.contains("<title>Latency distribution of CSPN/PM4.3</title>"), svg);
        assertTrue(svg.contains(">within TRT 25s: 97.50% (39 of 40 counted events)</text>"), svg);
        assertEquals(List.of("39"), barCounts(svg, "bar within"));
        assertEquals(List.of("1"), barCounts(svg, "bar beyond"));
        // the time axis runs from the tick at or below 1 s (1 s) to the one at or above 60 s (1 min), ticked in
        // durations people use; the TRT line sits at log10(25 s) on it, its label above the plot area
        assertEquals(List.of("1 s", "2 s", "5 s", "10 s", "30 s", "1 min"), labels(svg, "tick-label x"));
        double expectedX = SvgPlots.LEFT + (Math.log10(25) / Math.log10(60)) * (SvgPlots.RIGHT - SvgPlots.LEFT);
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "<line class=\"trt\" x1=\"%.1f\"", expectedX)),
                svg);
        // the count axis: 39 events in the tallest bin, 1-2-5 ticks 0, 10, 20, 30, 40
        assertEquals(List.of("0", "10", "20", "30", "40"), labels(svg, "tick-label y"));
        assertEquals(List.of("latency (log scale)", "events per bin"), labels(svg, "axis-label (?:x|y)"));
        assertTrue(svg.contains(">40 completed events; p50 1 s, p99 1 min, max 1 min</text>"), svg);
    }

    @Test
    void latencyAxisOfHoursReadsInHumanDurationsNeverExponents() {
        Histogram nanos = new Histogram(3);
        nanos.setAutoResize(true);
        nanos.recordValueWithCount(2_780 * SECOND, 5);
        nanos.recordValueWithCount(7_560 * SECOND, 2);

        String svg = SvgPlots.latency("CSPS/PM1.1", "22h", nanos, 22 * 3600 * SECOND, 7, 7);

        assertEquals(List.of("30 min", "1 h", "2 h", "6 h", "12 h", "1 d"), labels(svg, "tick-label x"));
        assertTrue(svg.contains(">7 completed events; p50 46 min, p99 2.1 h, max 2.1 h</text>"), svg);
        assertTrue(!svg.contains("e+"), svg);
    }

    @Property(tries = 200, seed = "20201001")
    void shareTextIsTheHalfUpLevelOfTheCounts(@ForAll @LongRange(min = 1, max = 10_000_000) long denominator,
            @ForAll @LongRange(min = 0, max = 10_000_000) long numeratorSeed) {
        long numerator = numeratorSeed % (denominator + 1);
        BigDecimal exact = BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(denominator), 2, java.math.RoundingMode.HALF_UP);
        assertEquals("within TRT 30s: " + exact.toPlainString() + "% (" + numerator + " of " + denominator
                + " counted events)", SvgPlots.shareText("30s", numerator, denominator));
    }

    @Test
    void dailyPlotDrawsTargetAndMinimumAtTheirLevels() {
        List<DailyCount> days = new ArrayList<>();
        days.add(new DailyCount(LocalDate.of(2020, 9, 1), 100, 90));
        days.add(new DailyCount(LocalDate.of(2020, 9, 2), 0, 0));
        days.add(new DailyCount(LocalDate.of(2020, 9, 3), 200, 200));

        String svg = SvgPlots.daily("CSPN/PM4.3", days, new BigDecimal("99.00"), new BigDecimal("96.00"));

        // lowest shown: 90% less a little room is 89.5; 1-2-5 steps of 5 from 85 to 100 (y 208 .. 50, 158 px)
        AxisScale.Linear axis = SvgPlots.levelAxis(days, new BigDecimal("99.00"), new BigDecimal("96.00"));
        assertEquals(85.0, axis.low());
        assertEquals(List.of("85%", "90%", "95%", "100%"), labels(svg, "tick-label y"));
        assertTrue(svg.contains("<line class=\"target\" x1=\"64.0\" y1=\"60.5\" x2=\"548.0\" y2=\"60.5\"/>"), svg);
        assertTrue(svg.contains("<line class=\"minimum\" x1=\"64.0\" y1=\"92.1\" x2=\"548.0\" y2=\"92.1\"/>"), svg);
        // the lines' labels sit in the right margin, past the plot area's data
        assertTrue(svg.contains("<text class=\"target-label\" x=\"552.0\" y=\"64.5\">target 99%</text>"), svg);
        // two points: the empty day has none
        assertTrue(svg.contains("<polyline class=\"level\" points=\"144.7,155.3 467.3,50.0\"/>"), svg);
        assertEquals(List.of("1"), labels(svg, "tick-label x"));
        assertTrue(svg.contains("<title>2020-09-01: 90.00% (90 of 100)</title>"), svg);
    }

    @Test
    void titlesAndSubjectsAreEscaped() {
        String svg = SvgPlots.daily("<b>x</b>", List.of(new DailyCount(LocalDate.of(2020, 9, 1), 1, 1)),
                BigDecimal.TEN, null);
        assertTrue(svg.contains("data-subject=\"&lt;b&gt;x&lt;/b&gt;\""), svg);
        assertTrue(!svg.contains("<b>"), svg);
    }

    private static List<String> labels(String svg, String cls) {
        Matcher m = Pattern.compile("<text class=\"" + cls + "\"[^>]*>([^<]*)</text>").matcher(svg);
        List<String> labels = new ArrayList<>();
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    private static List<String> barCounts(String svg, String cls) {
        Matcher m = Pattern.compile("<rect class=\"" + cls + "\"[^>]*><title>(\\d+) events</title>").matcher(svg);
        List<String> counts = new ArrayList<>();
        while (m.find()) {
            counts.add(m.group(1));
        }
        return counts;
    }
}
