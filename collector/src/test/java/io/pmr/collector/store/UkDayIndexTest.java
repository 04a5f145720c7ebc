package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.millis;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A minute row lands in the UK day its start lies in, across both clock changes (23- and 25-hour days). */
class UkDayIndexTest {

    @Test
    void theStartsAreTheUkMidnights() {
        List<LocalDate> days = List.of(LocalDate.parse("2020-03-28"), LocalDate.parse("2020-03-29"),
                LocalDate.parse("2020-03-30"));
        assertArrayEquals(new long[] {millis("2020-03-28T00:00:00Z"), millis("2020-03-29T00:00:00Z"),
            millis("2020-03-29T23:00:00Z")}, UkDayIndex.starts(days));
    }

    @Test
    void anInstantFallsInTheDayWhoseStartIsTheLastAtOrBeforeIt() {
        // 2020-10-25 is 25 hours long in the UK: 2020-10-24T23:00Z to 2020-10-26T00:00Z
        long[] starts = UkDayIndex.starts(List.of(LocalDate.parse("2020-10-24"), LocalDate.parse("2020-10-25"),
                LocalDate.parse("2020-10-26")));
        assertEquals(-1, UkDayIndex.of(starts, millis("2020-10-23T22:59:00Z")), "before the first day");
        assertEquals(0, UkDayIndex.of(starts, millis("2020-10-23T23:00:00Z")));
        assertEquals(0, UkDayIndex.of(starts, millis("2020-10-24T22:59:00Z")));
        assertEquals(1, UkDayIndex.of(starts, millis("2020-10-24T23:00:00Z")));
        assertEquals(1, UkDayIndex.of(starts, millis("2020-10-25T23:59:00Z")), "the 25th hour");
        assertEquals(2, UkDayIndex.of(starts, millis("2020-10-26T00:00:00Z")));
        assertEquals(2, UkDayIndex.of(starts, millis("2020-10-26T23:59:00Z")));
    }
}
