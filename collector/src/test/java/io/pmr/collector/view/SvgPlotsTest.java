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
        // the TRT line sits at log10(25 s) on an axis of decades 10^8 .. 10^11 (1 s's bucket starts just below 1 s)
        assertTrue(svg.contains(">100ms</text>") && svg.contains(">100s</text>"), svg);
        double expectedX = SvgPlots.LEFT + (Math.log10(25 * SECOND) - 8) / 3 * (SvgPlots.RIGHT - SvgPlots.LEFT);
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "<line class=\"trt\" x1=\"%.1f\"", expectedX)),
                svg);
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

        // lowest shown: 90% rounds down to 85; the axis runs 85 (y 206) .. 100 (y 40), 166 px for 15 points
        assertEquals(85.0, SvgPlots.lowestShown(days, new BigDecimal("99.00"), new BigDecimal("96.00")));
        assertTrue(svg.contains("<line class=\"target\" x1=\"52.0\" y1=\"51.1\" x2=\"616.0\" y2=\"51.1\"/>"), svg);
        assertTrue(svg.contains("<line class=\"minimum\" x1=\"52.0\" y1=\"84.3\" x2=\"616.0\" y2=\"84.3\"/>"), svg);
        // two points: the empty day has none
        assertTrue(svg.contains("<polyline class=\"level\" points=\"146.0,150.7 522.0,40.0\"/>"), svg);
        assertTrue(svg.contains("<title>2020-09-01: 90.00% (90 of 100)</title>"), svg);
    }

    @Test
    void titlesAndSubjectsAreEscaped() {
        String svg = SvgPlots.daily("<b>x</b>", List.of(new DailyCount(LocalDate.of(2020, 9, 1), 1, 1)),
                BigDecimal.TEN, null);
        assertTrue(svg.contains("data-subject=\"&lt;b&gt;x&lt;/b&gt;\""), svg);
        assertTrue(!svg.contains("<b>"), svg);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("25s", SvgPlots.duration(25 * SECOND));
        assertEquals("1.5ms", SvgPlots.duration(1_500_000));
        assertEquals("22h", SvgPlots.duration(22 * 3600 * (double) SECOND));
        assertEquals("60s", SvgPlots.duration(60 * (double) SECOND));
        assertEquals("20min", SvgPlots.duration(1200 * (double) SECOND));
        assertEquals("100ns", SvgPlots.duration(100));
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
