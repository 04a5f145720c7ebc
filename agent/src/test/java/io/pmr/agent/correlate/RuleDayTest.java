package io.pmr.agent.correlate;

import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link RuleDay} gives exactly the rule's own answers ({@link TrtRule#counts}, {@link TrtRule#deadlineEpochNanos}) at
 * every instant tried: window edges to the nanosecond, both days the clocks change (a window and a deadline inside the
 * skipped and the repeated hour), random instants over a decade in random order, and the ends of the range.
 */
class RuleDayTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final long SECOND = 1_000_000_000L;
    private static final List<TrtRule> RULES = List.of(
            Trt.parseRule("by 06:59 next day in 07:00-18:00"),
            Trt.parseRule("15s in core hours"),
            Trt.parseRule("15s in 01:30-02:30"),        // inside the hour the clocks skip or repeat
            Trt.parseRule("by 01:30 next day"),          // due in the skipped or the repeated hour
            Trt.parseRule("by 00:00 next day in 00:00-23:59 sat-sun"),
            Trt.parseRule("25s"));

    private static long uk(String localDateTime) {
        Instant instant = LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }

    private static void assertSameAnswers(RuleDay day, TrtRule rule, long instant) {
        assertEquals(rule.counts(instant), day.counts(rule, instant), () -> "counts of " + rule + " at " + instant);
        assertEquals(rule.deadlineEpochNanos(instant), day.deadlineEpochNanos(rule, instant),
                () -> "deadline of " + rule + " at " + instant);
    }

    @Test
    void sameAnswersAtTheEdgesAndAcrossTheClockChanges() {
        List<Long> instants = new ArrayList<>();
        for (String day : List.of("2026-03-29", "2026-10-25", "2026-06-15", "2027-03-28", "2027-10-31", "2026-12-31")) {
            for (String time : List.of("00:00", "00:59:59.999999999", "01:00", "01:30", "01:59:59.999999999", "02:00",
                    "02:30", "06:59", "07:00", "08:00", "17:59:59.999999999", "18:00", "23:59", "23:59:59.999999999")) {
                long at = uk(day + "T" + (time.length() == 5 ? time + ":00" : time));
                for (long delta : new long[] {-1, 0, 1, 3_600 * SECOND, -3_600 * SECOND}) {
                    instants.add(at + delta);
                }
            }
        }
        // Every minute of both clock-change days, in UTC (each of the repeated hour's two readings).
        for (long at = uk("2026-03-28T22:00:00"); at < uk("2026-03-30T02:00:00"); at += 60 * SECOND) {
            instants.add(at);
        }
        for (long at = uk("2026-10-24T22:00:00"); at < uk("2026-10-26T02:00:00"); at += 60 * SECOND) {
            instants.add(at);
        }
        for (TrtRule rule : RULES) {
            RuleDay day = new RuleDay();
            for (long instant : instants) {
                assertSameAnswers(day, rule, instant);
            }
        }
    }

    @Test
    void sameAnswersAtRandomInstantsInAnyOrderAndAtTheEndsOfTime() {
        SplittableRandom random = new SplittableRandom(20_261_205L);
        long from = uk("2020-01-01T00:00:00");
        long to = uk("2031-01-01T00:00:00");
        RuleDay[] days = new RuleDay[RULES.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = new RuleDay();
        }
        long previous = from;
        for (int i = 0; i < 20_000; i++) {
            // Mostly near the last instant (the record path's case), sometimes anywhere (a day reloaded).
            long instant = random.nextInt(4) == 0 ? random.nextLong(from, to)
                    : previous + random.nextLong(-3_600 * SECOND, 6 * 3_600 * SECOND);
            int r = random.nextInt(RULES.size());
            assertSameAnswers(days[r], RULES.get(r), instant);
            previous = instant;
        }
        for (TrtRule rule : RULES) {
            for (long instant : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE,
                    Long.MAX_VALUE - 3 * 86_400 * SECOND}) {
                if (rule.byLocalTime() == null || instant < Long.MAX_VALUE - 3 * 86_400 * SECOND + 1) {
                    assertSameAnswers(new RuleDay(), rule, instant);
                }
            }
        }
    }

    @Test
    void allocatesNothingWhileTheStartsStayInTheDay() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TrtRule batch = RULES.get(0);
        TrtRule core = RULES.get(1);
        RuleDay batchDay = new RuleDay(); // one per kind on the record path
        RuleDay coreDay = new RuleDay();
        long dayStart = uk("2026-06-15T00:00:00");
        long sink = 0;
        long allocated = -1;
        // The first round loads the day and warms the code up. Every round replays the same day, so an allocation of
        // RuleDay's (per call or per day) shows in every round; a round that allocates nothing ends the loop. More
        // rounds than two only absorb the JIT's own lag when the CPU is shared (920 bytes in round 2 was seen beside
        // another test JVM on 2 cores).
        for (int round = 0; round < 10 && allocated != 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (long at = dayStart; at < dayStart + 86_400 * SECOND; at += SECOND) {
                sink += batchDay.counts(batch, at) ? batchDay.deadlineEpochNanos(batch, at) : 1;
                sink += coreDay.counts(core, at) ? coreDay.deadlineEpochNanos(core, at) : 1;
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated for 172,800 ruled starts in one day (sink " + sink + ")");
    }
}
