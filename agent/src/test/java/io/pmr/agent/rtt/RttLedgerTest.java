package io.pmr.agent.rtt;

import io.pmr.agent.rtt.RttLedger.Outcome;
import io.pmr.hardware.EventKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-command verdicts alone, at their exact nanosecond edges, without a schedule or a clock. */
class RttLedgerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long TRT_25S = 25 * SECOND;
    private static final long TRT_2H = 7_200 * SECOND;

    /** One command a second for 10 s, TRTs 25 s and 2 h: command i is intended i s after the start. */
    private static RttLedger ledger(long sent) {
        RttLedger ledger = new RttLedger(new RttSettings(EventKind.RTT4, 1, Duration.ofSeconds(10),
                List.of(Duration.ofNanos(TRT_25S), Duration.ofNanos(TRT_2H)), Duration.ofSeconds(5), Duration.ZERO));
        for (long id = 0; id < sent; id++) {
            assertEquals(id, ledger.markSent());
        }
        return ledger;
    }

    private static Snapshot snapshot(RttLedger ledger) {
        return ledger.snapshot(0, false, 0);
    }

    @Test
    void aResponseIsWithinEachTrtItMeetsToTheNanosecondAndLostOnePastTheLargest() {
        RttLedger ledger = ledger(6);
        assertEquals(Outcome.ANSWERED, ledger.respond(0, TRT_25S, true));
        assertEquals(Outcome.ANSWERED, ledger.respond(1, TRT_25S + 1, true));
        assertEquals(Outcome.ANSWERED, ledger.respond(2, TRT_2H, true));
        assertEquals(Outcome.LOST, ledger.respond(3, TRT_2H + 1, true), "past the deadline before any sweep");
        assertEquals(Outcome.ANSWERED, ledger.respond(4, SECOND, false), "a failure is recorded, never within");
        assertFalse(ledger.allSettled(), "command 5 is pending");
        assertEquals(Outcome.ANSWERED, ledger.respond(5, 0, true), "a latency of zero is a response");
        assertTrue(ledger.allSettled());

        Snapshot s = snapshot(ledger);
        assertEquals(5, s.answered());
        assertEquals(1, s.failed());
        assertEquals(1, s.lost());
        assertEquals(1, s.late(), "the response that made command 3 lost is late");
        assertEquals(0, s.pending());
        assertEquals(List.of(2L, 4L), s.withinCounts(), "25 s: ids 0, 5; 2 h: ids 0, 1, 2, 5");
        assertEquals(List.of(2.0 / 6, 4.0 / 6), s.withinShares(), "over answered + lost");
        assertEquals(TRT_2H, s.maxNanos(), TRT_2H / 1000, "failed responses count in the histogram, lost ones not");
        assertEquals(5, ledger.histogramCopy().getTotalCount());
    }

    @Test
    void unknownDuplicateAndEarlyResponsesAreRejectedAndChangeNothingElse() {
        RttLedger ledger = ledger(0);
        assertEquals(Outcome.UNKNOWN, ledger.respond(0, SECOND, true), "nothing sent yet");
        ledger.markSent();
        ledger.markSent();
        assertEquals(Outcome.UNKNOWN, ledger.respond(2, SECOND, true));
        assertEquals(Outcome.UNKNOWN, ledger.respond(-1, SECOND, true));
        assertEquals(Outcome.BEFORE_SEND, ledger.respond(0, -1, true));
        assertEquals(Outcome.ANSWERED, ledger.respond(0, SECOND, true), "the command is still pending");
        assertEquals(Outcome.DUPLICATE, ledger.respond(0, SECOND, true));
        assertEquals(Outcome.DUPLICATE, ledger.respond(0, -1, true), "a second response is a duplicate first");

        Snapshot s = snapshot(ledger);
        assertEquals(6, s.rejected());
        assertEquals(2, s.sent());
        assertEquals(1, s.answered());
        assertEquals(1, s.pending());
        assertEquals(0, s.late());
        assertEquals(List.of(1L, 1L), s.withinCounts());
    }

    @Test
    void theSweepDeclaresLostOnlyStrictlyPastTheDeadlineAndSaysWhenToLookAgain() {
        RttLedger ledger = ledger(3);
        assertEquals(TRT_2H + 1, ledger.nextLossOffsetNanos(), "command 0, intended at 0, is lost 1 ns past 2 h");
        ledger.sweepLost(TRT_2H);
        assertEquals(0, snapshot(ledger).lost(), "at its deadline a command is still pending");
        ledger.sweepLost(TRT_2H + 1);
        assertEquals(1, snapshot(ledger).lost());
        assertEquals(SECOND + TRT_2H + 1, ledger.nextLossOffsetNanos(), "command 1 next");

        assertEquals(Outcome.ANSWERED, ledger.respond(1, SECOND, true));
        ledger.sweepLost(3 * TRT_2H);
        Snapshot s = snapshot(ledger);
        assertEquals(2, s.lost(), "commands 0 and 2, not the answered 1");
        assertEquals(-1, ledger.nextLossOffsetNanos(), "nothing left pending");
        assertTrue(ledger.allSettled());

        assertEquals(Outcome.LATE, ledger.respond(2, SECOND, true), "a response after the sweep changes nothing");
        s = snapshot(ledger);
        assertEquals(1, s.late());
        assertEquals(1, s.answered());
        assertEquals(2, s.lost());
    }

    @Test
    void whatIsPendingAtTheEndIsUnansweredAtStopWithoutAVerdict() {
        RttLedger ledger = ledger(4);
        assertEquals(Outcome.ANSWERED, ledger.respond(0, SECOND, true));
        ledger.sweepLost(TRT_2H + SECOND + 1); // command 1 is lost; 2 and 3 are not past their deadline
        ledger.settlePendingAsUnanswered();

        Snapshot s = snapshot(ledger);
        assertEquals(1, s.lost());
        assertEquals(2, s.unansweredAtStop());
        assertEquals(0, s.pending());
        assertEquals(2, s.settled(), "unanswered at stop are outside the shares' denominator");
        assertEquals(List.of(0.5, 0.5), s.withinShares());
        assertEquals(-1, ledger.nextLossOffsetNanos());

        assertEquals(Outcome.LATE, ledger.respond(3, SECOND, true));
        assertEquals(1, snapshot(ledger).late());
        assertEquals(1, snapshot(ledger).answered());
        assertEquals("4 sent, 1 answered, 1 lost, 2 unanswered at stop", ledger.toString());
    }
}
