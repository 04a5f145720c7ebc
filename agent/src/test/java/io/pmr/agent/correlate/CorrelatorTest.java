package io.pmr.agent.correlate;

import io.pmr.agent.AgentSettings;
import io.pmr.agent.TestPort;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

import static io.pmr.hardware.EventKind.CAT2_HAN_COMMAND;
import static io.pmr.hardware.EventKind.RTT4;
import static io.pmr.hardware.HubVariant.SKU1;
import static io.pmr.hardware.HubVariant.SKU2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelatorTest {
    /** 12:00:00 UTC: the start of a minute. */
    private static final long T0 = Instant.parse("2020-09-01T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final Duration TRT = Duration.ofSeconds(25);

    private TestPort port;
    private IntervalTable table;
    private Correlator correlator;

    @BeforeEach
    void setUp() {
        port = new TestPort(Region.NORTH, new VirtualClock(T0));
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(RTT4, TRT);
        trts.put(CAT2_HAN_COMMAND, Duration.ofSeconds(30));
        table = new IntervalTable(new Measures(Region.NORTH, trts));
        correlator = new Correlator(table, 4);
        port.attach(correlator);
    }

    private IntervalCell cell(EventKind kind, HubVariant variant, long intervalStartNanos) {
        return correlator.intervals().cellFor(kind, variant, intervalStartNanos);
    }

    @Test
    void otherThreadsSeeTheCountersAsOfTheLastExpire() {
        port.start(1, RTT4, SKU1);
        port.start(2, RTT4, SKU2);
        port.start(2, RTT4, SKU2); // duplicate
        port.advance(Duration.ofSeconds(1));
        port.end(1, true);
        port.end(9, true); // unknown
        assertEquals(new CorrelatorCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), correlator.publishedCounts(),
                "nothing published before a tick");

        correlator.expire(port.timeSource().epochNanos());
        assertEquals(new CorrelatorCounts(2, 1, 1, 0, 0, 0, 1, 1, 0, 0), correlator.publishedCounts());

        port.advance(TRT.plusSeconds(1));
        correlator.expire(port.timeSource().epochNanos()); // event 2 times out
        CorrelatorCounts published = correlator.publishedCounts();
        assertEquals(1, published.timedOut());
        assertEquals(correlator.starts(), published.starts());
        assertEquals(correlator.timedOut() + correlator.withinTrt(), published.timedOut() + published.withinTrt());
    }

    @Test
    void endWithinTrtIsWithin() {
        port.start(1, RTT4, SKU1);
        port.advance(Duration.ofSeconds(3));
        port.end(1, true);

        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(1, cell.events());
        assertEquals(1, cell.withinTrt());
        assertEquals(0, cell.failed() + cell.timedOut() + cell.pending());
        assertEquals(1, cell.latencyMicros().getTotalCount());
        assertTrue(cell.latencyMicros().getMaxValue() >= 2_999_000L && cell.latencyMicros().getMaxValue() <= 3_001_000L);
        assertEquals(1, correlator.withinTrt());
        assertEquals(1, correlator.ends());
    }

    @Test
    void endExactlyAtTrtIsWithin() {
        port.start(1, RTT4, SKU1);
        port.advance(TRT);
        port.end(1, true);

        assertEquals(1, cell(RTT4, SKU1, T0).withinTrt());
        assertEquals(0, correlator.failed());
    }

    @Test
    void endOneMillisecondOverTrtIsFailed() {
        port.start(1, RTT4, SKU1);
        port.advance(TRT.plusMillis(1));
        port.end(1, true);

        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(0, cell.withinTrt());
        assertEquals(1, cell.failed());
        assertEquals(1, cell.latencyMicros().getTotalCount());
        assertEquals(1, correlator.failed());
    }

    @Test
    void unsuccessfulEndIsFailedEvenWhenFast() {
        port.start(1, RTT4, SKU2);
        port.advance(Duration.ofMillis(5));
        port.end(1, false);

        IntervalCell cell = cell(RTT4, SKU2, T0);
        assertEquals(1, cell.failed());
        assertEquals(0, cell.withinTrt());
    }

    @Test
    void lostResponseTimesOutOnlyOnceTheClockIsPastTheDeadline() {
        port.start(1, RTT4, SKU1);
        long deadline = T0 + TRT.toNanos();

        assertEquals(0, correlator.expire(deadline));
        assertEquals(1, correlator.pendingEvents());
        assertEquals(0, cell(RTT4, SKU1, T0).timedOut());

        assertEquals(1, correlator.expire(deadline + 1));
        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(1, cell.timedOut());
        assertEquals(0, cell.pending());
        assertNull(cell.latencyMicros());
        assertEquals(1, correlator.timedOut());
        assertEquals(0, correlator.expire(deadline + 2), "expires once");
    }

    @Test
    void lateEndAfterExpiryIsCountedAndChangesNothing() {
        port.start(1, RTT4, SKU1);
        port.advance(TRT.plusSeconds(1));
        correlator.expire(port.clock().epochNanos());
        port.end(1, true);

        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(1, cell.timedOut());
        assertEquals(0, cell.failed() + cell.withinTrt());
        assertEquals(1, correlator.lateEnds());
        assertEquals(0, correlator.unknownEnds());
        assertEquals(0, correlator.ends());
    }

    @Test
    void unknownEndIsCountedAndChangesNothing() {
        port.end(42, true);

        assertEquals(1, correlator.unknownEnds());
        assertEquals(0, correlator.lateEnds());
        assertEquals(0, correlator.intervals().openIntervals(RTT4, SKU1));
    }

    @Test
    void secondEndOfACompletedEventIsUnknownAndChangesNothing() {
        port.start(1, RTT4, SKU1);
        port.end(1, true);
        port.end(1, false);

        assertEquals(1, cell(RTT4, SKU1, T0).withinTrt());
        assertEquals(0, cell(RTT4, SKU1, T0).failed());
        assertEquals(1, correlator.unknownEnds());
    }

    @Test
    void duplicateStartIsCountedAndIgnored() {
        port.start(7, RTT4, SKU1);
        port.advance(Duration.ofSeconds(1));
        port.start(7, RTT4, SKU1);
        port.advance(Duration.ofSeconds(1));
        port.end(7, true);

        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(1, cell.events());
        assertEquals(1, cell.withinTrt());
        assertTrue(cell.latencyMicros().getMaxValue() > 1_990_000L, "latency from the first start");
        assertEquals(1, correlator.duplicateStarts());
        assertEquals(1, correlator.starts());
    }

    @Test
    void aStartOfAnIdPendingInTheOverflowIsADuplicateThoughItsRingPositionIsFree() {
        // A ring of 64 positions: id 65 takes id 1's and moves it to the overflow; once 65 ends the position is free,
        // but id 1 is still pending: its second start is a duplicate (the usual start's one look at the ring is not
        // enough), not a second pending event.
        port.start(1, RTT4, SKU1);
        port.start(65, RTT4, SKU1);
        port.advance(Duration.ofSeconds(1));
        port.end(65, true);
        port.start(1, RTT4, SKU1);
        assertEquals(1, correlator.duplicateStarts());
        assertEquals(1, correlator.pendingEvents());

        port.advance(Duration.ofSeconds(1));
        port.end(1, true);
        IntervalCell cell = cell(RTT4, SKU1, T0);
        assertEquals(2, cell.withinTrt());
        assertTrue(cell.latencyMicros().getMaxValue() > 1_990_000L, "id 1's latency from its first start");
        assertEquals(0, correlator.pendingEvents());
    }

    @Test
    void eventBelongsToTheMinuteOfItsStart() {
        port.advance(Duration.ofMillis(59_900));
        port.start(1, RTT4, SKU1);
        port.advance(Duration.ofMillis(600)); // ends in the next minute
        port.end(1, true);

        List<IntervalCell> finals = new ArrayList<>();
        correlator.intervals().collectFinal(T0 + Duration.ofMinutes(5).toNanos(), finals);
        assertEquals(1, finals.size());
        assertEquals(T0, finals.get(0).intervalStartEpochNanos());
        assertEquals(1, finals.get(0).withinTrt());
    }

    @Test
    void intervalIsNotFinalWhilePendingNorBeforeItEnds() {
        port.start(1, RTT4, SKU1);
        port.start(2, RTT4, SKU1);
        port.advance(Duration.ofSeconds(2));
        port.end(1, true);
        List<IntervalCell> finals = new ArrayList<>();

        assertEquals(0, correlator.intervals().collectFinal(T0 + IntervalTable.INTERVAL_NANOS - 1, finals), "minute not ended");
        port.end(2, true);
        assertEquals(0, correlator.intervals().collectFinal(T0 + IntervalTable.INTERVAL_NANOS - 1, finals), "minute not ended, nothing pending");
        assertEquals(1, correlator.intervals().collectFinal(T0 + IntervalTable.INTERVAL_NANOS, finals));
        assertEquals(2, finals.get(0).events());
        assertEquals(0, correlator.intervals().openIntervals(RTT4, SKU1));
    }

    @Test
    void pendingEventKeepsItsIntervalOpenUntilItTimesOut() {
        port.advance(Duration.ofSeconds(50));
        port.start(1, CAT2_HAN_COMMAND, SKU1); // deadline 12:01:20
        port.advance(Duration.ofSeconds(15));
        List<IntervalCell> finals = new ArrayList<>();

        correlator.expire(port.clock().epochNanos());
        assertEquals(0, correlator.intervals().collectFinal(port.clock().epochNanos(), finals), "ended but pending");

        long afterDeadline = T0 + Duration.ofSeconds(80).toNanos() + 1;
        correlator.expire(afterDeadline);
        assertEquals(1, correlator.intervals().collectFinal(afterDeadline, finals));
        assertEquals(1, finals.get(0).timedOut());
    }

    @Test
    void badInputIsRejectedWithoutThrowing() {
        port.start(1, EventKind.RTT2, SKU1); // no TRT configured in this test
        correlator.onStart(2, null, SKU1, T0);
        correlator.onStart(3, RTT4, null, T0);
        port.start(4, RTT4, SKU1);
        correlator.onEnd(4, T0 - 1, true); // before its start: rejected, stays pending
        correlator.onStart(5, RTT4, SKU1, Long.MIN_VALUE); // its minute would start before Long.MIN_VALUE

        assertEquals(5, correlator.rejected());
        assertEquals(1, correlator.starts());
        assertEquals(1, correlator.pendingEvents());
        port.end(4, true);
        assertEquals(1, correlator.withinTrt());
    }

    @Test
    void expiryIsPerMeasureInDeadlineOrder() {
        port.start(1, RTT4, SKU1);                  // deadline +25 s
        port.start(2, CAT2_HAN_COMMAND, SKU2);      // deadline +30 s
        port.advance(Duration.ofSeconds(1));
        port.start(3, RTT4, SKU1);                  // deadline +26 s
        port.end(1, true);

        assertEquals(1, correlator.expire(T0 + Duration.ofSeconds(26).toNanos() + 1));
        assertEquals(1, correlator.pendingEvents());
        assertEquals(1, correlator.expire(T0 + Duration.ofSeconds(30).toNanos() + 1));
        assertEquals(0, correlator.pendingEvents());
        assertEquals(2, correlator.timedOut());
        assertEquals(1, correlator.withinTrt());
    }

    @Test
    void aStartOlderThanTheOneBeforeItTimesOutAtItsOwnDeadline() {
        long later = T0 + Duration.ofSeconds(10).toNanos();
        correlator.onStart(1, RTT4, SKU1, later);   // deadline +35 s
        correlator.onStart(2, RTT4, SKU1, T0);      // out of start order: deadline +25 s

        assertEquals(1, correlator.expire(T0 + TRT.toNanos() + 1), "not held behind the later deadline");
        correlator.onEnd(2, T0 + TRT.toNanos() + 2, true);
        assertEquals(1, correlator.timedOut());
        assertEquals(1, correlator.lateEnds(), "its end came after it timed out");
        assertEquals(0, correlator.failed());
        assertEquals(1, correlator.pendingEvents());
    }

    @Test
    void anIdUsedAgainIsNotTimedOutByItsFirstEventsDeadline() {
        port.start(7, RTT4, SKU1);                  // deadline +25 s
        port.advance(Duration.ofSeconds(1));
        port.end(7, true);
        port.advance(Duration.ofSeconds(9));
        port.start(7, RTT4, SKU1);                  // the same id again, deadline +35 s

        assertEquals(0, correlator.expire(T0 + TRT.toNanos() + 1), "the first event's entry is stale");
        assertEquals(1, correlator.pendingEvents());
        assertEquals(1, correlator.expire(T0 + Duration.ofSeconds(35).toNanos() + 1));
        assertEquals(1, correlator.withinTrt());
        assertEquals(1, correlator.timedOut());
    }

    @Test
    void entriesOfEndedEventsDoNotPileUpBehindALongTrt() {
        // Ids below the one before: every start but the first has a deadline entry (not the start-order scan).
        pileUpScenario(n -> -n, longTrt -> {
            assertEquals(2, longTrt.timeouts().deadlinesQueued(), "behind a pending event an ended one waits (FIFO)");
            assertEquals(0, longTrt.timeouts().idsAheadOfTheScan());
        });
    }

    @Test
    void startsInIdOrderHaveNoDeadlineEntries() {
        pileUpScenario(n -> n, longTrt -> {
            assertEquals(0, longTrt.timeouts().deadlinesQueued(), "the start-order scan stands for their entries");
            assertEquals(2, longTrt.timeouts().idsAheadOfTheScan(), "the scan stopped at the pending event, younger than the TRT");
        });
    }

    /**
     * 60,000 events of a 22-hour TRT that end at once, then one pending and one ended; ends with the two events'
     * expiry, {@code idOf} giving the n-th start's message id; {@code whileOnePending} checks the deadlines then.
     */
    private static void pileUpScenario(LongUnaryOperator idOf, Consumer<Correlator> whileOnePending) {
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(EventKind.RTT2, Duration.ofHours(22));
        Correlator longTrt = new Correlator(new IntervalTable(new Measures(Region.NORTH, trts)), 4);
        long start = T0;
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 1_000; i++) {
                long id = idOf.applyAsLong(minute * 1_000L + i);
                longTrt.onStart(id, EventKind.RTT2, SKU1, start);
                longTrt.onEnd(id, start + 1_000_000L, true);
                start += 60_000_000L;
            }
            longTrt.expire(start);
            assertEquals(0, longTrt.timeouts().deadlinesQueued(), "minute " + minute + ": every event ended, nothing is due");
        }
        longTrt.onStart(idOf.applyAsLong(60_000), EventKind.RTT2, SKU1, start);   // one stays pending
        longTrt.onStart(idOf.applyAsLong(60_001), EventKind.RTT2, SKU1, start + 1);
        longTrt.onEnd(idOf.applyAsLong(60_001), start + 2, true);
        longTrt.expire(start + 3);
        whileOnePending.accept(longTrt);
        assertEquals(60_001, longTrt.withinTrt());
        assertEquals(0, longTrt.expire(start + Duration.ofHours(22).toNanos()), "exactly at the deadline is not past");
        assertEquals(1, longTrt.expire(start + Duration.ofHours(22).toNanos() + 1));
        assertEquals(1, longTrt.timedOut());
        assertEquals(0, longTrt.timeouts().deadlinesQueued());
        assertEquals(0, longTrt.timeouts().idsAheadOfTheScan());
    }

    /**
     * Starts so near the end of the long range that their deadlines saturate at {@code Long.MAX_VALUE}, in a ring of 64
     * positions, so thousands are evicted to the overflow and get a deadline entry: one queue of the kind's TRT holds
     * them all (a queue per event before, each of 256 entries: unbounded growth), and every one ends exactly.
     */
    @Test
    void saturatedDeadlinesShareTheirKindsQueue() {
        Correlator nearTheEnd = new Correlator(new IntervalTable(new Measures(Region.NORTH, Map.of(RTT4, TRT))), 4);
        int queuesBefore = nearTheEnd.timeouts().deadlineQueues();
        int n = 10_000;
        long firstStart = Long.MAX_VALUE - Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < n; i++) {
            nearTheEnd.onStart(i, RTT4, SKU1, firstStart + i);
        }
        assertEquals(queuesBefore, nearTheEnd.timeouts().deadlineQueues(), "no queue per event");
        assertEquals(n - 64, nearTheEnd.timeouts().deadlinesQueued(), "every evicted event has its entry");
        assertEquals(0, nearTheEnd.expire(Long.MAX_VALUE), "no instant is past a saturated deadline");
        for (int i = 0; i < n; i += 2) {
            nearTheEnd.onEnd(i, firstStart + i + Duration.ofSeconds(1).toNanos(), true);
        }
        assertEquals(n / 2, nearTheEnd.withinTrt());
        assertEquals(n / 2, nearTheEnd.pendingEvents());
        for (int i = 1; i < n; i += 2) {
            nearTheEnd.onEnd(i, Long.MAX_VALUE, i % 4 == 1); // at the saturated deadline: within when successful
        }
        assertEquals(n / 2 + n / 4, nearTheEnd.withinTrt());
        assertEquals(n / 4, nearTheEnd.failed());
        assertEquals(0, nearTheEnd.pendingEvents());
        assertEquals(0, nearTheEnd.timedOut());
        assertEquals(queuesBefore, nearTheEnd.timeouts().deadlineQueues());
    }

    /** Deadlines just short of saturating: evicted events keep their TRT's queue and time out exactly at theirs. */
    @Test
    void deadlinesNearTheEndOfTheRangeTimeOutExactly() {
        Correlator nearTheEnd = new Correlator(new IntervalTable(new Measures(Region.NORTH, Map.of(RTT4, TRT))), 4);
        int queuesBefore = nearTheEnd.timeouts().deadlineQueues();
        int n = 1_000;
        long firstStart = Long.MAX_VALUE - TRT.toNanos() - n;
        for (int i = 0; i < n; i++) {
            nearTheEnd.onStart(i, RTT4, SKU2, firstStart + i);
        }
        assertEquals(queuesBefore, nearTheEnd.timeouts().deadlineQueues());
        long lastDeadline = firstStart + n - 1 + TRT.toNanos();
        assertEquals(n / 2, nearTheEnd.expire(firstStart + TRT.toNanos() + n / 2), "due strictly after the deadline");
        assertEquals(n / 2 - 1, nearTheEnd.expire(lastDeadline));
        assertEquals(1, nearTheEnd.expire(lastDeadline + 1));
        assertEquals(n, nearTheEnd.timedOut());
        assertEquals(0, nearTheEnd.pendingEvents());
        assertEquals(0, nearTheEnd.timeouts().deadlinesQueued());
    }

    @Test
    void tableGrowsBeyondItsInitialCapacityWithoutLosingEvents() {
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            port.start(i * 7919L, RTT4, i % 2 == 0 ? SKU1 : SKU2);
        }
        port.advance(Duration.ofSeconds(1));
        for (int i = 0; i < n; i += 2) {
            port.end(i * 7919L, true);
        }
        assertEquals(n / 2, correlator.pendingEvents());
        correlator.expire(T0 + TRT.toNanos() + 1);
        assertEquals(n / 2, correlator.withinTrt());
        assertEquals(n / 2, correlator.timedOut());
        assertEquals(0, correlator.pendingEvents());
    }

    @Test
    void defaultSettingsTrtsAreUsable() {
        assertEquals(Duration.ofHours(22), AgentSettings.defaultTrts().get(EventKind.RTT2));
        assertEquals(Duration.ofSeconds(60), AgentSettings.defaultTrts().get(EventKind.CAT3_ALERT));
    }
}
