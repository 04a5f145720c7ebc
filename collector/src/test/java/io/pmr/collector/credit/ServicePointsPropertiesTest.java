package io.pmr.collector.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.catalogue.MeasureScope;
import io.pmr.collector.catalogue.ServiceCreditSchedule;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the points schedule over random targets, minimums, schedules and levels (hundredths). */
class ServicePointsPropertiesTest {

    @Property(tries = 500, seed = "20201129")
    void pointsStayWithinZeroAndTheCapAndGrowWithTheShortfall(
            @ForAll @IntRange(min = 1, max = 10_000) int targetHundredths,
            @ForAll @IntRange(min = 1, max = 10_000) int spanHundredths,
            @ForAll @IntRange(min = 1, max = 5_000) int atMinimumHundredths,
            @ForAll @IntRange(min = 0, max = 5_000) int capExtraHundredths,
            @ForAll @IntRange(min = 0, max = 10_000) int levelHundredths) {
        int minimum = Math.max(0, targetHundredths - spanHundredths);
        if (minimum == targetHundredths) {
            return;
        }
        MeasureDefinition measure = measure(MeasureKind.WITHIN_TRT, hundredths(targetHundredths),
                hundredths(minimum));
        ServiceCreditSchedule schedule = new ServiceCreditSchedule("M", hundredths(atMinimumHundredths),
                hundredths(atMinimumHundredths + capExtraHundredths), 1);

        BigDecimal points = ServicePoints.points(measure, schedule, hundredths(levelHundredths));
        BigDecimal worse = ServicePoints.points(measure, schedule, hundredths(Math.max(0, levelHundredths - 1)));

        assertEquals(2, points.scale());
        assertTrue(points.signum() >= 0);
        assertTrue(points.compareTo(schedule.maxPoints()) <= 0, "capped");
        assertTrue(worse.compareTo(points) >= 0, "a lower level never earns fewer points");
        if (levelHundredths >= targetHundredths) {
            assertEquals(0, points.signum(), "at or above target");
        }
        if (levelHundredths == minimum) {
            assertEquals(0, points.compareTo(schedule.pointsAtMinimum().setScale(2, java.math.RoundingMode.HALF_UP)),
                    "at minimum");
        }
    }

    @Property(tries = 200, seed = "20201129")
    void countMeasureMirrorsAPercentageMeasure(@ForAll @IntRange(min = 0, max = 50) int excess) {
        // A count measure with target 0, minimum 5 earns for target + excess what a percentage measure with
        // target 100, minimum 95 earns for 100 - excess.
        ServiceCreditSchedule schedule = new ServiceCreditSchedule("M", new BigDecimal("10"), new BigDecimal("20"), 1);
        BigDecimal count = ServicePoints.points(measure(MeasureKind.COUNT, BigDecimal.ZERO, new BigDecimal("5")),
                schedule, BigDecimal.valueOf(excess));
        BigDecimal percent = ServicePoints.points(measure(MeasureKind.WITHIN_TRT, new BigDecimal("100"),
                new BigDecimal("95")), schedule, BigDecimal.valueOf(100 - excess));
        assertEquals(percent, count);
    }

    private static BigDecimal hundredths(int value) {
        return BigDecimal.valueOf(value, 2);
    }

    private static MeasureDefinition measure(MeasureKind kind, BigDecimal target, BigDecimal minimum) {
        return new MeasureDefinition("M", "P", "G", "N", kind, null, null, "monthly", target, minimum, null,
                MeasureScope.ANY, io.pmr.collector.catalogue.MeasureMethod.defaultFor(kind), 1);
    }
}
