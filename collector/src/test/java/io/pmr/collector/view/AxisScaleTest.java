package io.pmr.collector.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AxisScaleTest {
    private static final double SECOND = 1e9;

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("2.8 s", AxisScale.duration(2.78 * SECOND));
        assertEquals("46 min", AxisScale.duration(2_780 * SECOND));
        assertEquals("2.1 h", AxisScale.duration(7_560 * SECOND));
        assertEquals("86 d", AxisScale.duration(2_060 * 3600 * SECOND));
        assertEquals("25 s", AxisScale.duration(25 * SECOND));
        assertEquals("30 s", AxisScale.duration(30 * SECOND));
        assertEquals("2 h", AxisScale.duration(2 * 3600 * SECOND));
        assertEquals("22 h", AxisScale.duration(22 * 3600 * SECOND));
        assertEquals("1 d", AxisScale.duration(24 * 3600 * SECOND));
        assertEquals("1.5 ms", AxisScale.duration(1_500_000));
        assertEquals("125 ms", AxisScale.duration(125_000_000));
        assertEquals("100 ns", AxisScale.duration(100));
        assertEquals("20 \u00b5s", AxisScale.duration(20_000));
        assertEquals("1 min", AxisScale.duration(60 * SECOND));
        // a value that rounds up to the next unit is written in it, never "60 s" or "1000 ms"
        assertEquals("1 min", AxisScale.duration(59.99 * SECOND));
        assertEquals("1 s", AxisScale.duration(999.7e6));
        assertEquals("10 s", AxisScale.duration(9.96 * SECOND));
        assertEquals("0 s", AxisScale.duration(0));
    }

    @Property(tries = 300, seed = "20201001")
    void aDurationIsNeverAnExponentNorMoreThanThreeDigits(@ForAll @DoubleRange(min = 1, max = 1e17) double nanos) {
        String text = AxisScale.duration(nanos);
        assertTrue(text.matches("[0-9]{1,3}(\\.[0-9])? (ns|\u00b5s|ms|s|min|h|d)") || text.matches("[0-9]+ d"), text);
    }

    @Test
    void linearTicksFollowOneTwoFive() {
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0), AxisScale.linear(0, 39, 4, 0).ticks());
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), AxisScale.linear(0, 100, 5, 0).ticks());
        assertEquals(List.of(90.0, 95.0, 100.0), AxisScale.linear(90, 100, 4, 0).ticks());
        assertEquals(List.of(0.0, 0.5, 1.0), AxisScale.linear(0, 1, 4, 0).ticks());
        // a count axis never ticks half an event
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), AxisScale.counts(1, 4).ticks());
        assertEquals(List.of(98.0, 98.5, 99.0, 99.5, 100.0), AxisScale.linear(98.2, 100, 4, 0).ticks());
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0), AxisScale.linear(0, 1234, 4, 0).ticks());
        // the floor keeps a level axis from going below 0 %
        assertEquals(0.0, AxisScale.linear(-3, 100, 4, 0).low());
    }

    @Test
    void tickLabelsHaveTheStepsDecimalsAndNoMore() {
        List<String> labels = new ArrayList<>();
        AxisScale.Linear axis = AxisScale.linear(98.2, 100, 4, 0);
        for (double tick : axis.ticks()) {
            labels.add(AxisScale.tick(tick, axis.step()));
        }
        assertEquals(List.of("98.0", "98.5", "99.0", "99.5", "100.0"), labels);
        assertEquals("95", AxisScale.tick(95, 5));
        assertEquals("1500", AxisScale.tick(1500, 500));
    }

    @Property(tries = 300, seed = "20201001")
    void linearAxesCoverTheirRangeInFewEvenSteps(@ForAll @DoubleRange(min = 0, max = 99.9) double min,
            @ForAll @LongRange(min = 1, max = 8) long maxSteps) {
        AxisScale.Linear axis = AxisScale.linear(min, 100, (int) maxSteps, 0);
        assertTrue(axis.low() <= min && axis.high() >= 100, axis.toString());
        assertTrue(axis.ticks().size() - 1 <= 2 * maxSteps + 1, axis.toString());
        String step = Double.toString(axis.step() / Math.pow(10, Math.floor(Math.log10(axis.step()))));
        assertTrue(step.startsWith("1.0") || step.startsWith("2.0") || step.startsWith("5.0"), axis.toString());
    }

    @Test
    void timeAxesTickDurationsPeopleUseFromOneLadder() {
        long s = 1_000_000_000L;
        AxisScale.TimeAxis seconds = AxisScale.timeAxis(s, 60 * s, 7);
        assertEquals(List.of(s, 2 * s, 5 * s, 10 * s, 30 * s, 60 * s), seconds.ticksNanos());
        assertEquals(30 * s, AxisScale.timeAxis(2 * s, 25 * s, 7).highNanos());
        assertEquals(List.of("1 ms", "1 s", "1 min", "1 h", "1 d"),
                labels(AxisScale.timeAxis(1_000_000L, 86_400 * s, 7)));
        assertEquals(List.of("1 ms", "10 ms", "100 ms", "1 s", "10 s", "1 min"),
                labels(AxisScale.timeAxis(3_000_000L, 25 * s, 7)));
        assertEquals(List.of("30 min", "1 h", "2 h", "6 h", "12 h", "1 d"),
                labels(AxisScale.timeAxis(2_780 * s, 22 * 3600 * s, 7)));
    }

    private static List<String> labels(AxisScale.TimeAxis axis) {
        List<String> labels = new ArrayList<>();
        for (long tick : axis.ticksNanos()) {
            labels.add(AxisScale.duration(tick));
        }
        return labels;
    }
}
