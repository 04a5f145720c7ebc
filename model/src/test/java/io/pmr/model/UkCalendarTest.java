package io.pmr.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UkCalendarTest {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theDayTheClocksGoForwardInMarchLasts23Hours() {
        LocalDate change = LocalDate.of(2021, 3, 28);
        assertEquals(millis("2021-03-28T00:00:00Z"), UkCalendar.dayStartEpochMillis(change));
        assertEquals(millis("2021-03-28T23:00:00Z"), UkCalendar.dayStartEpochMillis(change.plusDays(1)));
        assertEquals(1_380, UkCalendar.minutesOf(change));
        assertEquals(1_440, UkCalendar.minutesOf(change.minusDays(1)));
        assertEquals(1_440, UkCalendar.minutesOf(change.plusDays(1)));
    }

    @Test
    void theDayTheClocksGoBackInOctoberLasts25Hours() {
        LocalDate change = LocalDate.of(2020, 10, 25);
        assertEquals(millis("2020-10-24T23:00:00Z"), UkCalendar.dayStartEpochMillis(change));
        assertEquals(millis("2020-10-26T00:00:00Z"), UkCalendar.dayStartEpochMillis(change.plusDays(1)));
        assertEquals(1_500, UkCalendar.minutesOf(change));
    }

    @Test
    void anInstantBelongsToTheLocalDayNotTheUtcOne() {
        assertEquals(LocalDate.of(2020, 9, 2), UkCalendar.dayOf(millis("2020-09-01T23:00:00Z")));
        assertEquals(LocalDate.of(2020, 9, 1), UkCalendar.dayOf(millis("2020-09-01T22:59:59.999Z")));
        assertEquals(LocalDate.of(2020, 12, 1), UkCalendar.dayOf(millis("2020-12-01T00:00:00Z")));
        assertEquals(LocalDate.of(2020, 11, 30), UkCalendar.dayOf(millis("2020-11-30T23:59:59.999Z")));
        // the repeated hour of the October change belongs to the one long day
        assertEquals(LocalDate.of(2020, 10, 25), UkCalendar.dayOf(millis("2020-10-25T00:30:00Z")));
        assertEquals(LocalDate.of(2020, 10, 25), UkCalendar.dayOf(millis("2020-10-25T01:30:00Z")));
    }

    @Test
    void daysStartingInAHalfOpenRange() {
        long from = millis("2021-03-27T00:00:00Z");
        long to = millis("2021-03-29T23:00:00Z");
        assertEquals(List.of(LocalDate.of(2021, 3, 27), LocalDate.of(2021, 3, 28), LocalDate.of(2021, 3, 29)),
                UkCalendar.daysStartingIn(from, to));
        // `to` is 30 March's start (23:00 UTC, in summer time): excluded, until the range ends after it
        assertEquals(List.of(LocalDate.of(2021, 3, 28), LocalDate.of(2021, 3, 29), LocalDate.of(2021, 3, 30)),
                UkCalendar.daysStartingIn(from + 1, to + 1));
        // one millisecond after a day's start leaves that day out
        assertEquals(List.of(LocalDate.of(2021, 3, 28), LocalDate.of(2021, 3, 29)), UkCalendar.daysStartingIn(from + 1, to));
        assertTrue(UkCalendar.daysStartingIn(to, from).isEmpty());
        assertTrue(UkCalendar.daysStartingIn(from, from).isEmpty());
    }

    @Test
    void aSummerPeriodStartsAt2300UtcTheDayBeforeAndAWinterOneAtMidnight() {
        assertEquals(millis("2020-08-31T23:00:00Z"), UkCalendar.periodStartEpochMillis(YearMonth.of(2020, 9)));
        assertEquals(millis("2020-08-31T23:00:00Z") * NANOS_PER_MILLI,
                UkCalendar.periodStartEpochNanos(YearMonth.of(2020, 9)));
        assertEquals(millis("2020-11-01T00:00:00Z"), UkCalendar.periodStartEpochMillis(YearMonth.of(2020, 11)));
        assertEquals(YearMonth.of(2020, 9), UkCalendar.periodOf(millis("2020-08-31T23:00:00Z")));
        assertEquals(YearMonth.of(2020, 8), UkCalendar.periodOf(millis("2020-08-31T22:59:59.999Z")));
    }

    @Test
    void monthsAttributeEachBoundaryToTheMonthItStarts() {
        UkCalendar.Months months = UkCalendar.months(YearMonth.of(2020, 9), YearMonth.of(2021, 4));
        assertEquals(8, months.months());
        assertEquals(YearMonth.of(2020, 9), months.first());
        long octoberStart = millis("2020-09-30T23:00:00Z") * NANOS_PER_MILLI;
        assertEquals(YearMonth.of(2020, 9), months.periodOf(octoberStart - 1));
        assertEquals(YearMonth.of(2020, 10), months.periodOf(octoberStart));
        // November starts at midnight UTC (after the October change), April at 23:00 UTC (after the March one)
        assertEquals(YearMonth.of(2020, 11), months.periodOf(millis("2020-11-01T00:00:00Z") * NANOS_PER_MILLI));
        assertEquals(YearMonth.of(2021, 3), months.periodOf(millis("2021-03-31T22:59:59.999Z") * NANOS_PER_MILLI));
        assertEquals(YearMonth.of(2021, 4), months.periodOf(millis("2021-03-31T23:00:00Z") * NANOS_PER_MILLI));
        assertEquals(7, months.indexOf(millis("2021-04-30T22:59:59.999Z") * NANOS_PER_MILLI));
    }

    @Test
    void monthsRefuseInstantsOutsideTheirRange() {
        UkCalendar.Months months = UkCalendar.months(YearMonth.of(2020, 9), YearMonth.of(2020, 9));
        long start = UkCalendar.periodStartEpochNanos(YearMonth.of(2020, 9));
        long end = UkCalendar.periodStartEpochNanos(YearMonth.of(2020, 10));
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class, () -> months.periodOf(start - 1));
        assertEquals("epochNanos " + (start - 1) + " outside the covered months from 2020-09 to 2020-09", before.getMessage());
        assertThrows(IllegalArgumentException.class, () -> months.periodOf(end));
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class,
                () -> UkCalendar.months(YearMonth.of(2020, 9), YearMonth.of(2020, 8)));
        assertEquals("last must not be before first: 2020-09 > 2020-08", inverted.getMessage());
    }
}
