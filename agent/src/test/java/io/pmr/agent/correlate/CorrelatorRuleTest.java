package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import static io.pmr.hardware.EventKind.SMKI_BATCH_CERTIFICATE;
import static io.pmr.hardware.EventKind.SMKI_RA_CERTIFICATE;
import static io.pmr.hardware.EventKind.SMKI_S2S_CERTIFICATE;
import static io.pmr.hardware.HubVariant.SKU1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The correlator with TRTs that are not a fixed duration (docs/methodology.md, "Deadlines that are not a fixed
 * duration"): a UK wall-clock deadline (TSP/PM1.1, {@code by 06:59 next day in 07:00-18:00}) and an hours condition
 * (TSP/PM1.7, {@code 15s in core hours}), each taken from the rule in force at the event's start.
 */
class CorrelatorRuleTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final long NANO = 1L;
    private static final TrtRule BATCH = Trt.parseRule("by 06:59 next day in 07:00-18:00");
    private static final TrtRule CORE = Trt.parseRule("15s in core hours");

    private final Measures measures = new Measures(Region.NORTH, Map.of(SMKI_RA_CERTIFICATE, Duration.ofSeconds(30)),
            Map.of(SMKI_BATCH_CERTIFICATE, BATCH, SMKI_S2S_CERTIFICATE, CORE));
    private final IntervalTable table = new IntervalTable(measures);
    private final Correlator correlator = new Correlator(table, 4);

    private static long utc(String instant) {
        return Instant.parse(instant).getEpochSecond() * 1_000_000_000L + Instant.parse(instant).getNano();
    }

    private static long uk(String localDateTime) {
        Instant instant = LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private IntervalCell cell(EventKind kind, long startNanos) {
        return correlator.intervals().cellFor(kind, SKU1, startNanos);
    }

    @Test
    void wallClockDeadlineOnTheSpringDstDayIsAnHourShorterAndExactlyAtItIsWithin() {
        // Saturday 28 March 2026 10:00 GMT; due 06:59 BST on the 29th = 05:59 UTC: 19 h 59 min allowed.
        long start = utc("2026-03-28T10:00:00Z");
        long deadline = utc("2026-03-29T05:59:00Z");
        correlator.onStart(1, SMKI_BATCH_CERTIFICATE, SKU1, start);
        correlator.onStart(2, SMKI_BATCH_CERTIFICATE, SKU1, start);
        correlator.onStart(3, SMKI_BATCH_CERTIFICATE, SKU1, start);
        correlator.onEnd(1, deadline, true);
        correlator.onEnd(2, deadline + NANO, true);
        assertEquals(0, correlator.expire(deadline), "exactly at the deadline is not past it");
        assertEquals(1, correlator.expire(deadline + NANO), "a nanosecond later the lost one times out");
        IntervalCell cell = cell(SMKI_BATCH_CERTIFICATE, start);
        assertEquals(3, cell.events());
        assertEquals(1, cell.withinTrt(), "ended exactly at 06:59 BST");
        assertEquals(1, cell.failed(), "a nanosecond after 06:59 BST (19 h 59 min + 1 ns, not the 20 h 59 min of 24 h - 1 min)");
        assertEquals(1, cell.timedOut());
    }

    @Test
    void wallClockDeadlineOnTheAutumnDstDayIsAnHourLonger() {
        // Saturday 24 October 2026 10:00 BST (09:00 UTC); due 06:59 GMT on the 25th = 06:59 UTC: 21 h 59 min.
        long start = uk("2026-10-24T10:00:00");
        correlator.onStart(1, SMKI_BATCH_CERTIFICATE, SKU1, start);
        correlator.onStart(2, SMKI_BATCH_CERTIFICATE, SKU1, start);
        correlator.onEnd(1, utc("2026-10-25T06:59:00Z"), true);
        correlator.onEnd(2, utc("2026-10-25T05:59:00Z") + NANO, true); // within: past 06:59 BST would be, but GMT now
        assertEquals(2, cell(SMKI_BATCH_CERTIFICATE, start).withinTrt());
        assertEquals(utc("2026-10-25T06:59:00Z"), BATCH.deadlineEpochNanos(start));
    }

    @Test
    void aBatchReceivedAt18IsOutsideTheHoursAndLeftOutWhileOneJustBeforeCounts() {
        long inside = uk("2026-06-17T17:59:59.999999999");
        long outside = uk("2026-06-17T18:00:00");
        correlator.onStart(1, SMKI_BATCH_CERTIFICATE, SKU1, inside);
        correlator.onStart(2, SMKI_BATCH_CERTIFICATE, SKU1, outside);
        correlator.onStart(3, SMKI_BATCH_CERTIFICATE, SKU1, uk("2026-06-17T06:59:59.999"));
        assertEquals(1, correlator.starts(), "only the one inside 07:00-18:00 starts an event");
        assertEquals(2, correlator.outsideHours());
        correlator.onEnd(1, uk("2026-06-18T06:59:00"), true);
        correlator.onEnd(2, uk("2026-06-17T18:00:01"), true);
        correlator.onEnd(3, uk("2026-06-17T07:00:01"), true);
        assertEquals(0, correlator.unknownEnds(), "the ends of events left out are dropped, not unknown");
        assertEquals(0, correlator.lateEnds());
        assertEquals(1, cell(SMKI_BATCH_CERTIFICATE, inside).withinTrt());
        assertEquals(0, cell(SMKI_BATCH_CERTIFICATE, outside).events(), "nothing recorded for 18:00:00");
        assertEquals(0, correlator.pendingEvents(), "the one that counted has ended; none of the others is pending");
        correlator.publishCounters();
        assertEquals(2, correlator.publishedCounts().outsideHours(), "published for the agent's counters and metrics");
        assertEquals(0, correlator.expire(Long.MAX_VALUE));
    }

    @Test
    void inCoreHoursTheDeadlineIsStartPlusDurationAndNotCutAtTheHoursEnd() {
        // Friday 19 June 2026 17:59:59 BST counts; due 18:00:14; Saturday 10:00 and Friday 07:59:59.999 do not count.
        long friday = uk("2026-06-19T17:59:59");
        correlator.onStart(1, SMKI_S2S_CERTIFICATE, SKU1, friday);
        correlator.onStart(2, SMKI_S2S_CERTIFICATE, SKU1, uk("2026-06-20T10:00:00"));
        correlator.onStart(3, SMKI_S2S_CERTIFICATE, SKU1, uk("2026-06-19T07:59:59.999"));
        correlator.onStart(4, SMKI_S2S_CERTIFICATE, SKU1, uk("2026-06-19T08:00:00"));
        assertEquals(2, correlator.starts());
        assertEquals(2, correlator.outsideHours());
        assertEquals(1, correlator.expire(uk("2026-06-19T18:00:14")), "only 08:00:00's request, never answered");
        assertEquals(1, cell(SMKI_S2S_CERTIFICATE, uk("2026-06-19T08:00:00")).timedOut());
        assertEquals(0, cell(SMKI_S2S_CERTIFICATE, friday).timedOut(), "exactly at start + 15 s is not past");
        correlator.onEnd(1, uk("2026-06-19T18:00:14"), true);
        assertEquals(1, cell(SMKI_S2S_CERTIFICATE, friday).withinTrt());
        assertEquals(0, correlator.expire(uk("2026-06-19T18:00:15")));
    }

    @Test
    void deadlinesExpireInDeadlineOrderWhateverOrderTheirStartsCameIn() {
        // A trace may deliver a later batch's start first: its deadline is a day later and must not hold the other.
        long dayTwo = uk("2026-06-17T10:00:00");
        long dayOne = uk("2026-06-16T10:00:00");
        correlator.onStart(1, SMKI_BATCH_CERTIFICATE, SKU1, dayTwo);
        correlator.onStart(2, SMKI_BATCH_CERTIFICATE, SKU1, dayOne);
        assertEquals(1, correlator.expire(uk("2026-06-17T06:59:00") + NANO), "day one's batch is due 06:59 on day two");
        assertEquals(1, cell(SMKI_BATCH_CERTIFICATE, dayOne).timedOut());
        assertEquals(0, cell(SMKI_BATCH_CERTIFICATE, dayTwo).timedOut());
        correlator.onEnd(1, uk("2026-06-18T06:00:00"), true);
        assertEquals(1, cell(SMKI_BATCH_CERTIFICATE, dayTwo).withinTrt());
        assertEquals(0, correlator.lateEnds());
    }

    @Test
    void aRuleScheduledByConfigAppliesFromItsInstantAndEarlierStartsKeepTheFixedTrt() {
        Measures fixed = new Measures(Region.NORTH, Map.of(SMKI_S2S_CERTIFICATE, Duration.ofSeconds(15)));
        IntervalTable cells = new IntervalTable(fixed);
        Correlator scheduled = new Correlator(cells, 4);
        long from = uk("2026-06-20T00:00:00"); // Saturday
        fixed.schedule(Map.of("TSP/PM1.7", CORE), from);
        long before = uk("2026-06-19T23:59:00"); // Friday night: outside core hours, but before the rule
        long after = uk("2026-06-20T10:00:00");
        scheduled.onStart(1, SMKI_S2S_CERTIFICATE, SKU1, before);
        scheduled.onStart(2, SMKI_S2S_CERTIFICATE, SKU1, after);
        assertEquals(1, scheduled.starts());
        assertEquals(1, scheduled.outsideHours());
        scheduled.onEnd(1, before + 15_000_000_000L, true);
        assertEquals(1, scheduled.intervals().cellFor(SMKI_S2S_CERTIFICATE, SKU1, before).withinTrt());
        assertEquals(CORE, fixed.rule(SMKI_S2S_CERTIFICATE));
        assertEquals(15_000, fixed.trtMillis(SMKI_S2S_CERTIFICATE), "the rule's duration travels as trt_millis");
    }

    @Test
    void aFixedKindBesideRuleKindsKeepsItsFifoVerdicts() {
        long start = uk("2026-06-20T03:00:00"); // any hour: a plain duration has no hours condition
        correlator.onStart(1, SMKI_RA_CERTIFICATE, SKU1, start);
        correlator.onEnd(1, start + 30_000_000_000L, true);
        correlator.onStart(2, SMKI_RA_CERTIFICATE, SKU1, start);
        assertEquals(0, correlator.expire(start + 30_000_000_000L));
        assertEquals(1, correlator.expire(start + 30_000_000_001L));
        assertEquals(1, cell(SMKI_RA_CERTIFICATE, start).withinTrt());
        assertEquals(1, cell(SMKI_RA_CERTIFICATE, start).timedOut());
        assertEquals(0, correlator.outsideHours());
    }
}
