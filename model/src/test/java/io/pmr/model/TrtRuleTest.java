package io.pmr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's TRT syntax beyond a fixed duration, and its exact verdict rules (UK time, DST days, bounds). */
class TrtRuleTest {
    private static final TrtRule BATCH = Trt.parseRule("by 06:59 next day in 07:00-18:00");
    private static final TrtRule CORE_15S = Trt.parseRule("15s in core hours");

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @ParameterizedTest
    @ValueSource(strings = {"25s", "15s in core hours", "by 06:59 next day", "by 06:59 next day in 07:00-18:00",
            "30s in 08:00-18:00 mon-fri", "10s in 00:00-23:59", "2h in 09:00-17:30 sat-sun", "500ms in core hours"})
    void readsBackItsCanonicalText(String text) {
        TrtRule rule = Trt.parseRule(text);
        assertEquals(text, rule.text());
        assertEquals(rule, Trt.parseRule(rule.text()));
    }

    @Test
    void readsThePartsItNames() {
        assertEquals(TrtRule.of(Duration.ofSeconds(25)), Trt.parseRule("25s"));
        assertTrue(Trt.parseRule("25s").isFixed());
        assertFalse(CORE_15S.isFixed());
        assertEquals(Duration.ofSeconds(15), CORE_15S.duration());
        assertEquals(ServiceHours.CORE, CORE_15S.hours());
        assertNull(BATCH.duration());
        assertFalse(BATCH.isFixed());
        assertEquals(LocalTime.of(6, 59), BATCH.byLocalTime());
        assertEquals(ServiceHours.daily(LocalTime.of(7, 0), LocalTime.of(18, 0)), BATCH.hours());
        ServiceHours weekdays = Trt.parseRule("30s in 08:00-18:00 mon-fri").hours();
        assertEquals(DayOfWeek.MONDAY, weekdays.firstDay());
        assertEquals(DayOfWeek.FRIDAY, weekdays.lastDay());
        assertFalse(weekdays.core(), "explicit hours equal to the placeholder stay explicit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "by 06:59|'by 06:59' is not a TRT: expected a duration (25s) or 'by HH:MM next day', optionally followed by ' in core hours' or ' in HH:MM-HH:MM' with optional days (' in 07:00-18:00 mon-fri')",
            "by 24:00 next day|'by 24:00 next day' is not a TRT: '24:00' is not a time of day 00:00..23:59",
            "by 06:60 next day|'by 06:60 next day' is not a TRT: '06:60' is not a time of day 00:00..23:59",
            "15s in core|'15s in core' is not a TRT: hours 'core' are not 'core hours' or HH:MM-HH:MM with optional days (07:00-18:00 mon-fri)",
            "15s in 7:00-18:00|'15s in 7:00-18:00' is not a TRT: hours '7:00-18:00' are not 'core hours' or HH:MM-HH:MM with optional days (07:00-18:00 mon-fri)",
            "15s in 18:00-07:00|'15s in 18:00-07:00' is not a TRT: hours 18:00-07:00 end at or before they start: a window is within one day (e.g. 07:00-18:00)",
            "15s in 07:00-18:00 fri-mon|'15s in 07:00-18:00 fri-mon' is not a TRT: days fri-mon run backwards: write them Monday first (e.g. mon-fri)",
            "15S in core hours|'15S in core hours' is not a TRT: '15S' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)",
            "0s in core hours|'0s in core hours' is not a TRT: '0s' is not positive"})
    void refusesNamingTheTextAndThePartThatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parseRule(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"25 sec", "25", "", " 25s", "25s ", "-5s", "1h30m"})
    void aPlainDurationIsRefusedExactlyAsTrtParseRefusesIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parseRule(text));
        assertEquals("'" + text + "' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)", e.getMessage());
        assertEquals("'0s' is not positive",
                assertThrows(IllegalArgumentException.class, () -> Trt.parseRule("0s")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"15s  in core hours", "by 6:59 next day", " 15s in core hours", "15s in core hours ",
            "by 06:59 tomorrow", "by 06:59 next day ", "15s in core hours in core hours x", "by 06:59 next day in "})
    void refusesLooseSpellings(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parseRule(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not a TRT: "), e.getMessage());
    }

    @Test
    void refusesNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trt.parseRule(null));
        assertTrue(e.getMessage().startsWith("'null' is not a TRT: expected a duration (25s) or 'by HH:MM next day'"));
    }

    @ParameterizedTest
    @CsvSource({
            // received (UTC)            deadline (UTC): 06:59 UK time on the next UK day
            "2026-01-13T12:00:00Z,       2026-01-14T06:59:00Z",   // winter, GMT
            "2026-06-16T06:00:00Z,       2026-06-17T05:59:00Z",   // 07:00 BST, deadline 06:59 BST
            "2026-06-16T23:30:00Z,       2026-06-18T05:59:00Z",   // 00:30 BST on the 17th: the UK day is the 17th
            "2026-03-28T10:00:00Z,       2026-03-29T05:59:00Z",   // clocks go forward overnight: 19h59m allowed
            "2026-10-24T09:00:00Z,       2026-10-25T06:59:00Z"})  // clocks go back overnight: 21h59m allowed
    void aWallClockDeadlineIsTheLocalTimeOnTheNextUkDay(String received, String deadline) {
        assertEquals(nanos(deadline), BATCH.deadlineEpochNanos(nanos(received)));
        assertEquals(nanos(deadline) - nanos(received), BATCH.trtNanos(nanos(received)));
    }

    @Test
    void theClockChangeShortensOrLengthensTheTimeAllowedByAnHour() {
        assertEquals(Duration.ofHours(19).plusMinutes(59).toNanos(), BATCH.trtNanos(nanos("2026-03-28T10:00:00Z")));
        assertEquals(Duration.ofHours(21).plusMinutes(59).toNanos(), BATCH.trtNanos(nanos("2026-10-24T09:00:00Z")));
    }

    @Test
    void exactlyAtTheDeadlineIsWithinANanosecondLaterIsNot() {
        long start = nanos("2026-06-16T12:00:00Z");
        long deadline = nanos("2026-06-17T05:59:00Z");
        assertTrue(BATCH.within(true, start, deadline));
        assertFalse(BATCH.within(true, start, deadline + 1));
        assertFalse(BATCH.within(false, start, start + 1), "a failure is never within");
        // the latency form the agent's verdict uses agrees
        assertTrue(Trt.within(true, deadline - start, BATCH.trtNanos(start)));
        assertFalse(Trt.within(true, deadline + 1 - start, BATCH.trtNanos(start)));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-06-16T06:00:00Z,          true",    // 07:00:00 BST: the window's first instant
            "2026-06-16T05:59:59.999999999Z, false",  // a nanosecond before
            "2026-06-16T16:59:59.999999999Z, true",   // 17:59:59.999999999 BST
            "2026-06-16T17:00:00Z,          false",   // 18:00:00 BST: the window is half-open
            "2026-01-13T18:00:00Z,          false",   // 18:00 GMT
            "2026-01-13T07:00:00Z,          true",    // 07:00 GMT
            "2026-06-20T10:00:00Z,          true"})   // a Saturday: 07:00-18:00 names no days, so every day
    void onlyRequestsReceivedInTheHoursCount(String received, boolean counts) {
        assertEquals(counts, BATCH.counts(nanos(received)));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-06-15T07:00:00Z, true",    // Monday 08:00 BST
            "2026-06-15T06:59:59Z, false",   // Monday 07:59:59 BST
            "2026-06-19T16:59:59Z, true",    // Friday 17:59:59 BST
            "2026-06-19T17:00:00Z, false",   // Friday 18:00 BST
            "2026-06-20T10:00:00Z, false",   // Saturday
            "2026-06-21T10:00:00Z, false",   // Sunday
            "2026-03-30T07:00:00Z, true",    // Monday after the clocks went forward: 08:00 BST
            "2026-03-27T08:00:00Z, true",    // Friday before: 08:00 GMT
            "2026-03-27T07:59:59Z, false"})  // 07:59:59 GMT
    void coreHoursAreThePlaceholderWeekdaysEightToSixUkTime(String received, boolean counts) {
        assertEquals(counts, CORE_15S.counts(nanos(received)));
        assertEquals(counts, Trt.parseRule("15s in 08:00-18:00 mon-fri").counts(nanos(received)));
    }

    @Test
    void aDeadlineIsNotCutShortAtTheEndOfTheHours() {
        long start = nanos("2026-06-19T16:59:59Z"); // Friday 17:59:59 BST: counts
        assertTrue(CORE_15S.counts(start));
        assertEquals(start + Duration.ofSeconds(15).toNanos(), CORE_15S.deadlineEpochNanos(start));
        assertTrue(CORE_15S.within(true, start, nanos("2026-06-19T17:00:14Z")));
        assertFalse(CORE_15S.within(true, start, nanos("2026-06-19T17:00:14.000000001Z")));
    }

    @Test
    void aSkippedLocalTimeIsTheInstantTheClocksJumpARepeatedOneItsFirstOccurrence() {
        TrtRule skipped = Trt.parseRule("by 01:30 next day");
        // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 never shows: due at the jump, 01:00Z
        assertEquals(nanos("2026-03-29T01:00:00Z"), skipped.deadlineEpochNanos(nanos("2026-03-28T12:00:00Z")));
        // 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 shows twice: due at the first, 00:30Z
        assertEquals(nanos("2026-10-25T00:30:00Z"), skipped.deadlineEpochNanos(nanos("2026-10-24T12:00:00Z")));
    }

    @Test
    void bothReadingsOfARepeatedLocalTimeAreInTheSameHours() {
        TrtRule night = Trt.parseRule("10s in 01:00-02:00");
        assertTrue(night.counts(nanos("2026-10-25T00:30:00Z")), "01:30 BST");
        assertTrue(night.counts(nanos("2026-10-25T01:30:00Z")), "01:30 GMT");
        assertFalse(night.counts(nanos("2026-10-25T02:00:00Z")), "02:00 GMT");
        assertFalse(night.counts(nanos("2026-03-29T01:30:00Z")), "02:30 BST: the hour 01:00-02:00 never shows");
    }

    @Test
    void aFixedRuleIsTheFixedTrtEveryRequestCountsUnder() {
        TrtRule fixed = Trt.parseRule("25s");
        long start = nanos("2026-06-20T03:00:00Z");
        assertTrue(fixed.counts(start));
        assertEquals(Trt.deadlineEpochNanos(start, Duration.ofSeconds(25).toNanos()), fixed.deadlineEpochNanos(start));
        assertEquals(Duration.ofSeconds(25).toNanos(), fixed.trtNanos(start));
    }

    @Test
    void aRuleIsADurationOrADeadlineNotBothNorNeither() {
        assertThrows(IllegalArgumentException.class, () -> new TrtRule(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new TrtRule(Duration.ofSeconds(1), LocalTime.NOON, null));
        assertThrows(IllegalArgumentException.class, () -> new TrtRule(Duration.ZERO, null, null));
    }
}
