package io.pmr.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pmr's SMWAN connectivity level rule: check instants, installs, hub-level exclusions, clock-change days. */
class SmwanLevelRuleTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theCheckIsAtNoonUkTimeOnEveryDayIncludingBothClockChangeDays() {
        assertEquals(at("2020-09-10T11:00:00Z"), SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 9, 10)), "BST");
        assertEquals(at("2020-12-10T12:00:00Z"), SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 12, 10)), "GMT");
        // 2020-03-29 lasts 23 hours (clocks forward at 01:00 UTC), 2020-10-25 lasts 25: still one check each
        assertEquals(at("2020-03-29T11:00:00Z"), SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 3, 29)));
        assertEquals(at("2020-10-25T12:00:00Z"), SmwanLevelRule.checkEpochMillis(LocalDate.of(2020, 10, 25)));
        List<Long> march = SmwanLevelRule.checksOf(YearMonth.of(2020, 3));
        assertEquals(31, march.size());
        assertEquals(at("2020-03-28T12:00:00Z"), march.get(27));
        assertEquals(at("2020-03-29T11:00:00Z"), march.get(28));
        assertEquals(23 * 3_600_000L, march.get(28) - march.get(27), "23 hours between the checks across the change");
        List<Long> october = SmwanLevelRule.checksOf(YearMonth.of(2020, 10));
        assertEquals(25 * 3_600_000L, october.get(24) - october.get(23), "25 hours between the checks across the change");
        for (long check : october) {
            assertEquals(check, SmwanLevelRule.checkEpochMillis(SmwanLevelRule.dayOf(check)), "a check's day");
        }
    }

    @Test
    void aHubInstalledMidMonthCountsFromTheFirstCheckAfterItsInstall() {
        LocalDate day11 = LocalDate.of(2020, 9, 11);
        long noon = SmwanLevelRule.checkEpochMillis(day11);
        assertTrue(SmwanLevelRule.installedFor(noon - 1, day11), "installed 1 ms before the check");
        assertFalse(SmwanLevelRule.installedFor(noon, day11), "installed at the check: not yet");
        assertFalse(SmwanLevelRule.installedFor(at("2020-09-11T12:00:00Z"), day11), "13:00 UK: from the next day");
        assertTrue(SmwanLevelRule.installedFor(at("2020-09-11T12:00:00Z"), day11.plusDays(1)));
        // the worked example of docs/methodology.md: installed on day 11 at 13:00, in scope 19 days of September
        long install = at("2020-09-11T12:00:00Z");
        int days = 0;
        for (int d = 1; d <= 30; d++) {
            days += SmwanLevelRule.inScope(install, LocalDate.of(2020, 9, d), List.of()) ? 1 : 0;
        }
        assertEquals(19, days);
    }

    @Test
    void aHubExcludedMidDayIsOutOfScopeThatWholeDayEvenAfterTheCheck() {
        long installed = at("2020-01-01T00:00:00Z");
        // excluded from day 5 at 15:00 UK (after the check) to day 6 at 03:00 UK
        List<long[]> exclusion = List.of(new long[] {at("2020-09-05T14:00:00Z"), at("2020-09-06T02:00:00Z")});
        assertTrue(SmwanLevelRule.inScope(installed, LocalDate.of(2020, 9, 4), exclusion));
        assertFalse(SmwanLevelRule.inScope(installed, LocalDate.of(2020, 9, 5), exclusion), "excluded after the check");
        assertFalse(SmwanLevelRule.inScope(installed, LocalDate.of(2020, 9, 6), exclusion), "excluded before the check");
        assertTrue(SmwanLevelRule.inScope(installed, LocalDate.of(2020, 9, 7), exclusion));
        // an exclusion ending exactly at a day's first instant (00:00 UK = 23:00 UTC in BST) leaves that day alone
        assertFalse(SmwanLevelRule.excludedOn(LocalDate.of(2020, 9, 8), at("2020-09-07T10:00:00Z"),
                at("2020-09-07T23:00:00Z")));
        assertTrue(SmwanLevelRule.excludedOn(LocalDate.of(2020, 9, 8), at("2020-09-07T10:00:00Z"),
                at("2020-09-07T23:00:00.001Z")));
        assertThrows(IllegalArgumentException.class,
                () -> SmwanLevelRule.excludedOn(LocalDate.of(2020, 9, 8), 5, 5));
    }

    @Test
    void onTheLongClockChangeDayAnExclusionInTheRepeatedHourCountsForThatDay() {
        LocalDate day = LocalDate.of(2020, 10, 25); // 00:00 UK = 2020-10-24T23:00Z, 24:00 UK = 2020-10-26T00:00Z
        assertTrue(SmwanLevelRule.excludedOn(day, at("2020-10-25T01:10:00Z"), at("2020-10-25T01:20:00Z")),
                "01:10 GMT, the second 01:10 UK of the day");
        assertTrue(SmwanLevelRule.excludedOn(day, at("2020-10-24T23:00:00Z"), at("2020-10-24T23:00:01Z")),
                "the day's first second, still BST");
        assertFalse(SmwanLevelRule.excludedOn(day, at("2020-10-24T22:00:00Z"), at("2020-10-24T23:00:00Z")),
                "the day before");
        assertTrue(SmwanLevelRule.excludedOn(day, at("2020-10-25T23:59:59Z"), at("2020-10-26T00:00:00Z")),
                "the day's 25th hour");
        // the short day: 2020-03-29 runs from 2020-03-29T00:00Z to 2020-03-29T23:00Z
        LocalDate shortDay = LocalDate.of(2020, 3, 29);
        assertFalse(SmwanLevelRule.excludedOn(shortDay, at("2020-03-29T23:00:00Z"), at("2020-03-30T01:00:00Z")));
        assertTrue(SmwanLevelRule.excludedOn(shortDay, at("2020-03-29T22:59:00Z"), at("2020-03-30T01:00:00Z")));
    }
}
