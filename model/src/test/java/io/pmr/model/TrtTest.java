package io.pmr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrtTest {

    @ParameterizedTest
    @CsvSource({"25s,PT25S", "2h,PT2H", "22h,PT22H", "500ms,PT0.5S", "30m,PT30M", "90d,PT2160H", "1ms,PT0.001S"})
    void readsTheUnitsTheCatalogueUses(String text, String expected) {
        assertEquals(Duration.parse(expected), Trt.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25 sec", "25", "s", "", " 25s", "25s ", "25S", "-5s", "2.5s", "1h30m", "25sec", "999999999999s"})
    void refusesAnythingElseNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parse(text));
        assertEquals("'" + text + "' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)", e.getMessage());
    }

    @Test
    void refusesNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parse(null));
        assertEquals("'null' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)", e.getMessage());
    }

    @Test
    void aTrtIsPositiveButADurationMayBeZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parse("0s"));
        assertEquals("'0s' is not positive", e.getMessage());
        assertEquals(Duration.ZERO, Trt.parseDuration("0ms"));
    }

    @Test
    void refusesWhatDoesNotFitNanosecondsInALong() {
        assertEquals(Duration.ofDays(106_751), Trt.parse("106751d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parse("106752d"));
        assertEquals("'106752d' is too long: at most 106751d", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trt.parse("999999999d"));
    }

    @ParameterizedTest
    @CsvSource({"PT25S,25s", "PT2H,2h", "PT22H,22h", "PT1.5S,1500ms", "PT2160H,90d", "PT1M,1m", "PT0S,0ms"})
    void formatsTheShortestExactTextThatReadsBack(String duration, String text) {
        assertEquals(text, Trt.format(Duration.parse(duration)));
        assertEquals(Duration.parse(duration), Trt.parseDuration(text));
    }

    @Test
    void formatsAList() {
        assertEquals("22h,2h,25s", Trt.format(List.of(Duration.ofHours(22), Duration.ofHours(2), Duration.ofSeconds(25))));
    }

    @Test
    void theDeadlineIsStartPlusTrtAndSaturates() {
        assertEquals(1_025_000_000_000L, Trt.deadlineEpochNanos(1_000_000_000_000L, 25_000_000_000L));
        assertEquals(Long.MAX_VALUE, Trt.deadlineEpochNanos(Long.MAX_VALUE - 5, 25_000_000_000L));
    }

    @Test
    void aDeadlinePassesOnlyStrictlyAfterIt() {
        assertFalse(Trt.isPast(100, 99));
        assertFalse(Trt.isPast(100, 100));
        assertTrue(Trt.isPast(100, 101));
    }

    @Test
    void exactlyAtTheTrtIsWithinAndAFailureNeverIs() {
        assertTrue(Trt.within(true, 25_000_000_000L, 25_000_000_000L));
        assertFalse(Trt.within(true, 25_000_000_001L, 25_000_000_000L));
        assertFalse(Trt.within(false, 1, 25_000_000_000L));
    }

    /** The verdict from the deadline equals the verdict from the latency and TRT, at the edges and near overflow. */
    @Test
    void theVerdictByDeadlineIsTheVerdictByTrt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(104_729);
        long[] trts = {1, 25_000_000_000L, 79_200_000_000_000L, Long.MAX_VALUE / 2, Long.MAX_VALUE};
        long[] starts = {Long.MIN_VALUE, -1, 0, 1_598_961_600_000_000_000L, Long.MAX_VALUE - 25_000_000_000L,
                Long.MAX_VALUE - 1, Long.MAX_VALUE};
        int compared = 0;
        for (int i = 0; i < 200_000; i++) {
            long trt = i % 2 == 0 ? trts[random.nextInt(trts.length)] : 1 + random.nextLong(Long.MAX_VALUE);
            long start = i % 3 == 0 ? starts[random.nextInt(starts.length)] : random.nextLong();
            // Ends around the deadline (exactly at it, one either side) and anywhere after the start.
            long deadline = Trt.deadlineEpochNanos(start, trt);
            long around = deadline + (random.nextInt(3) - 1);
            long end = random.nextBoolean() ? around
                    : random.nextBoolean() ? random.nextLong() : start + random.nextLong(100_000_000_000_000L);
            long latency = end - start;
            if (end < start || latency < 0) {
                continue; // an end before its start (or so late its latency overflows) is rejected before any verdict
            }
            boolean success = random.nextInt(4) != 0;
            assertEquals(Trt.within(success, latency, trt), Trt.withinByDeadline(success, end, deadline),
                    "start " + start + ", trt " + trt + ", end " + end);
            compared++;
        }
        assertTrue(compared > 100_000, compared + " verdicts compared");
        assertTrue(Trt.withinByDeadline(true, 125, Trt.deadlineEpochNanos(100, 25)));
        assertFalse(Trt.withinByDeadline(true, 126, Trt.deadlineEpochNanos(100, 25)));
        assertTrue(Trt.withinByDeadline(true, Long.MAX_VALUE, Trt.deadlineEpochNanos(Long.MAX_VALUE - 1, 25)));
    }
}
