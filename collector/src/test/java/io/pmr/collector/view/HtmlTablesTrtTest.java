package io.pmr.collector.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TRT line of a latency plot: drawn at a rule's duration, not for a wall-clock deadline. */
class HtmlTablesTrtTest {

    @Test
    void drawsTheDurationOfAFixedTrtOrOfOneWithAnHoursCondition() {
        assertEquals(Duration.ofSeconds(25).toNanos(), HtmlTables.trtNanos("25s"));
        assertEquals(Duration.ofSeconds(15).toNanos(), HtmlTables.trtNanos("15s in core hours"));
    }

    @Test
    void drawsNoLineForAWallClockDeadlineABlankOrAnUnreadableTrt() {
        assertEquals(0, HtmlTables.trtNanos("by 06:59 next day in 07:00-18:00"));
        assertEquals(0, HtmlTables.trtNanos(null));
        assertEquals(0, HtmlTables.trtNanos("soon"));
    }
}
