package io.pmr.agent.correlate;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;

/**
 * The {@link Correlator}'s deadlines: when each pending event is due, and what timing one out does. A usual start is
 * {@linkplain StartOrderScan tracked} (no entry of its own); any other start, and a tracked event the scan passes still
 * pending or that leaves the ring, has an entry in {@link Deadlines}. {@link #expire} makes final as timed out every
 * pending event strictly past its deadline, through the scan or its entry, never both, and remembers its id so that a
 * late end is told from an unknown one.
 *
 * <p>Threading: the record path's thread only, like the {@link Correlator} that owns it.
 */
final class Timeouts {
    /** Timed-out ids remembered to tell a late end from an unknown one (storage grows to it as ids time out). */
    static final int RECENTLY_EXPIRED = 65_536;

    private final Measures measures;
    private final IntervalTable intervals;
    private final PendingEvents pending;
    /** Per-device records and probe verdicts of events that time out. */
    private final FinalVerdicts verdicts;
    private final Deadlines deadlines;
    /** The deadlines of the usual starts, without an entry each. */
    private final StartOrderScan scan;
    /** Per kind, whether its plain-TRT starts may be {@linkplain StartOrderScan tracked}: no per-device record or
     *  probe verdict, whose order follows the deadline entries'. */
    private final boolean[] trackable = new boolean[EventKind.every().length];
    private final RecentlyExpired recentlyExpired = new RecentlyExpired(RECENTLY_EXPIRED);
    /** What the scan does with the events it reaches (one object, made once). */
    private final StartOrderScan.Events scanned = new StartOrderScan.Events() {
        @Override
        public void timeOut(int handle, long messageId) {
            timeOutAt(handle, messageId);
        }

        @Override
        public void park(int handle, long messageId) {
            pending.untrack(handle);
            entryFor(messageId, pending.startEpochNanos(handle), pending.deadlineEpochNanos(handle),
                    pending.cellId(handle));
        }
    };
    /** The expiry's view of the pending events (one object, made once: the tick allocates nothing). */
    private final Deadlines.Due due = new Deadlines.Due() {
        @Override
        public void timeOut(long messageId, long deadlineEpochNanos) {
            int found = pendingWithDeadline(messageId, deadlineEpochNanos);
            if (found != PendingEvents.NOT_PENDING) {
                timeOutAt(found, messageId);
            } // else ended already
        }

        @Override
        public boolean pending(long messageId, long deadlineEpochNanos) {
            return pendingWithDeadline(messageId, deadlineEpochNanos) != PendingEvents.NOT_PENDING;
        }
    };
    /** Events timed out (a plain counter: the record path's thread alone writes and reads it). */
    private long timedOut;

    Timeouts(Measures measures, IntervalTable intervals, PendingEvents pending, FinalVerdicts verdicts) {
        this.measures = measures;
        this.intervals = intervals;
        this.pending = pending;
        this.verdicts = verdicts;
        this.deadlines = new Deadlines(measures);
        long lagNanos = Long.MAX_VALUE;
        for (EventKind kind : EventKind.every()) {
            long trtNanos = measures.plainTrtNanos(kind, Long.MAX_VALUE);
            trackable[kind.ordinal()] = measures.measured(kind) && !kind.perDevice() && !kind.availabilityProbe()
                    && trtNanos >= 0;
            if (trackable[kind.ordinal()]) {
                lagNanos = Math.min(lagNanos, trtNanos);
            }
        }
        this.scan = new StartOrderScan(pending, lagNanos);
    }

    /**
     * Whether a start of a plain TRT is tracked by the scan (the caller inserts it tracked) or needs an entry ({@link
     * #startedPlain}, after the insert). Call before the event is inserted: tracking may park the events of a closing
     * run.
     */
    boolean tracks(int kind, long messageId, long startEpochNanos, long trtNanos) {
        return trackable[kind] && scan.track(messageId, startEpochNanos, trtNanos, scanned);
    }

    /** The deadline entry of an untracked start of a plain TRT (after the insert, as the entries of evictions). */
    void startedPlain(int kind, long messageId, long trtNanos, long deadlineEpochNanos) {
        deadlines.add(kind, trtNanos, messageId, deadlineEpochNanos);
    }

    /** The deadline of a start under a rule (one per event, in no particular order). */
    void startedRuled(int kind, long messageId, long deadlineEpochNanos) {
        deadlines.addRuled(kind, messageId, deadlineEpochNanos);
    }

    /**
     * A deadline entry for a tracked event that leaves the ring or that the scan passed still pending, in the queue of
     * the TRT it started under ({@code deadline - start}). A deadline saturated at {@code Long.MAX_VALUE} (a start near
     * the end of the long range) does not give it: each such event would have a TRT, and a new queue, of its own. Those
     * go to the queue of the kind's latest TRT (the queue only orders entries, one out of its order goes to the kind's
     * heap; it does not decide when they are due).
     */
    void entryFor(long messageId, long startEpochNanos, long deadlineEpochNanos, int cellId) {
        EventKind kind = intervals.cell(cellId).kind();
        long trtNanos = deadlineEpochNanos == Long.MAX_VALUE ? measures.trtNanos(kind)
                : deadlineEpochNanos - startEpochNanos;
        deadlines.add(kind.ordinal(), trtNanos, messageId, deadlineEpochNanos);
    }

    /**
     * Makes final as timed out every pending event whose deadline is strictly before {@code nowEpochNanos}.
     *
     * @return how many events timed out
     */
    int expire(long nowEpochNanos) {
        long timedOutBefore = timedOut;
        scan.expire(nowEpochNanos, scanned);
        deadlines.expire(nowEpochNanos, due);
        return (int) (timedOut - timedOutBefore); // every timeout goes through timeOutAt
    }

    /** Whether the id is among the last {@value #RECENTLY_EXPIRED} that timed out (its end is late, not unknown). */
    boolean expiredRecently(long messageId) {
        return recentlyExpired.contains(messageId);
    }

    long timedOut() {
        return timedOut;
    }

    /** The event's handle if it is pending with this deadline (the deadline tells a reused id apart). */
    private int pendingWithDeadline(long messageId, long deadlineEpochNanos) {
        int found = pending.find(messageId);
        return found != PendingEvents.NOT_PENDING && pending.deadlineEpochNanos(found) == deadlineEpochNanos
                ? found : PendingEvents.NOT_PENDING;
    }

    /** Times out the pending event at a handle. */
    private void timeOutAt(int found, long messageId) {
        IntervalCell cell = intervals.cell(pending.cellId(found));
        cell.expired();
        if (cell.verdicts()) {
            verdicts.timedOut(cell.kind(), pending.deviceId(found), pending.groupId(found), messageId,
                    pending.startEpochNanos(found));
        }
        recentlyExpired.add(messageId);
        pending.remove(found);
        timedOut++;
    }

    /** Deadline entries queued now (for tests: entries of ended events do not pile up behind a long TRT). */
    int deadlinesQueued() {
        return deadlines.queued();
    }

    /** Deadline queues now, over every kind (for tests: one per TRT a kind's events started under). */
    int deadlineQueues() {
        return deadlines.queues();
    }

    /** Ids the start-order scan has yet to pass (for tests). */
    long idsAheadOfTheScan() {
        return scan.unscanned();
    }
}
