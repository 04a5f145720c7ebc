package io.pmr.agent.correlate;

import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.model.Trt;

/**
 * The record path: matches each start with its end by message id and records the outcome, exactly, in the
 * start's one-minute interval of its (measure, scope) in an {@link IntervalTable}.
 *
 * <ul>
 *   <li>Within TRT iff {@code success && latencyNanos <= trtNanos} (exactly at the TRT is within), from the
 *       exact latency. An end that is unsuccessful, or later than the TRT, is <em>failed</em>.</li>
 *   <li>Deadline = start + TRT. {@link #expire(long)} makes an event with no end final as <em>timed out</em>
 *       once {@code now > deadline} (not at the deadline).</li>
 *   <li>An end for an event that timed out is a <em>late end</em>; for an id not pending (never started,
 *       or already completed) an <em>unknown end</em>. Both change nothing. A start whose id is pending is a
 *       <em>duplicate start</em>, ignored. Bad input (null kind or variant, a kind with no TRT, an end before
 *       its start) is <em>rejected</em>, counted and logged; it never throws.</li>
 * </ul>
 *
 * <p>A kind whose TRT is a {@link Measures#rule rule} rather than a plain duration (the SMKI measures {@code TSP/PM1.1},
 * {@code by 06:59 next day in 07:00-18:00}, and {@code TSP/PM1.7}, {@code 15s in core hours}) takes the rule in force
 * at the event's start: an event started outside the rule's hours does not count (it is in no interval, no counter
 * but {@link #outsideHours()}, and its end is dropped silently); one that counts has the deadline the rule gives its
 * start (a UK wall-clock deadline differs per event), and is within TRT iff successful and ended at or before it.
 * Such deadlines are kept in a {@link DeadlineHeap} per kind, not the FIFOs of the fixed TRTs, so the ones due first
 * expire first whatever order they were added in.
 *
 * <p>A {@link EventKind#perDevice() per-device} event also leaves one entry in {@link #records()} when it
 * becomes final (ended or timed out), with the hub and group its {@link #onDeviceStart} gave.
 *
 * <p>An {@link EventKind#availabilityProbe() availability probe}'s verdict (up = within TRT) also goes to
 * {@link #downWindows()}, which turns probe verdicts into down windows.
 *
 * <p>Hot path: no allocation per event in steady state (primitive open-addressing table, preallocated),
 * no exceptions. Which of failed or timed out an end later than the TRT becomes depends on whether
 * {@link #expire} ran past its deadline before the end arrived; both are outside TRT.
 *
 * <p>An end is recorded at the next call into the correlator, not when {@link #onEnd} returns (so that its ring
 * line's cache miss overlaps the work between: {@link #onEnd}); every method records it before it reads or changes
 * anything it touches. The {@link IntervalTable}, {@link DeviceRecords} and {@link DownWindows} it writes hold it once
 * the correlator was called again ({@link #expire} at a tick, or {@link #recordWaitingEnd}).
 *
 * <p>Threading: {@link #onStart}, {@link #onEnd} and {@link #expire} must be called from one thread (the
 * port's listener thread), which alone reads the exact counters ({@link #starts()} ...). Other threads read
 * {@link #publishedCounts()}, as of the last {@link #expire} (tick) or {@link #publishCounters()}.
 */
public final class Correlator implements HanListener {
    private final Measures measures;
    private final IntervalTable intervals;
    private final PendingEvents pending;
    /** When pending events are due, and their timing out. */
    private final Timeouts timeouts;
    /** Starts under a rule, and the ids of those outside its hours. */
    private final RuledStarts ruled;
    private final DeviceRecords records;
    private final DownWindows downWindows;
    /** Per-device records and probe verdicts of events that end. */
    private final FinalVerdicts verdicts;
    /*
     * Plain counters, written by the record path only: no atomic or fence per event. Other threads read the immutable
     * copy publishCounters() makes periodically. Fields of this object, not an array indexed by outcome: no array
     * header or bounds check to load per event. Timeouts are counted where they happen (Timeouts). Starts and ends are
     * not counted apart: every end is within TRT or failed, and every start is ended, timed out or pending (ends(),
     * starts()).
     */
    private long withinTrt;
    private long failed;
    private long lateEnds;
    private long unknownEnds;
    private long duplicateStarts;
    private final Rejections rejections;
    /* The end onEnd took last, not recorded yet (onEnd): its id, end and success; see recordWaitingEnd. */
    private boolean endWaiting;
    private long waitingId;
    private long waitingEndNanos;
    private boolean waitingSuccess;
    /** The key onEnd read at the position of the end it took: kept only so that the JIT keeps the read (onEnd). */
    private long touchedKey;
    private volatile CorrelatorCounts published = new CorrelatorCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @param intervals              where outcomes are recorded (its {@link Measures} gives ids and TRTs)
     * @param initialPendingCapacity pending events preallocated for; the table grows beyond it if needed
     */
    public Correlator(IntervalTable intervals, int initialPendingCapacity) {
        this(intervals, initialPendingCapacity, new DeviceRecords(16));
    }

    /**
     * @param records where final per-device events are appended (the caller drains it when it writes a batch)
     */
    public Correlator(IntervalTable intervals, int initialPendingCapacity, DeviceRecords records) {
        this(intervals, initialPendingCapacity, records, new DownWindows());
    }

    /**
     * @param records     where final per-device events are appended (the caller drains it when it writes a batch)
     * @param downWindows where the verdicts of availability probes go, in start order (they become down windows)
     */
    public Correlator(IntervalTable intervals, int initialPendingCapacity, DeviceRecords records,
                      DownWindows downWindows) {
        this.intervals = intervals;
        this.records = records;
        this.downWindows = downWindows;
        this.measures = intervals.measures();
        this.pending = new PendingEvents(initialPendingCapacity, this::trackedEvicted);
        this.verdicts = new FinalVerdicts(records, downWindows);
        this.timeouts = new Timeouts(measures, intervals, pending, verdicts);
        this.ruled = new RuledStarts(measures, intervals, pending, timeouts, downWindows);
        this.rejections = new Rejections(measures);
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        start(messageId, kind, variant, 0, 0, startEpochNanos);
    }

    @Override
    public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                              long startEpochNanos) {
        start(messageId, kind, variant, deviceId, groupId, startEpochNanos);
    }

    /**
     * The usual start (a plain TRT) in one method small enough for the JIT to inline into the port's call; bad input,
     * rules, duplicates and probes take methods of their own. Only the usual start leaves the end {@link #onEnd} keeps
     * waiting: its id is not the waiting end's ({@code waitingId}, that of the last end taken even when it no longer
     * waits) and its position is free, so the waiting end's event is not at it.
     */
    private void start(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                       long startEpochNanos) {
        if (kind == null || variant == null || startEpochNanos < IntervalTable.FIRST_INTERVAL_START_EPOCH_NANOS) {
            recordWaitingEnd();
            rejections.start(messageId, kind, variant, startEpochNanos);
            return;
        }
        // The TRT in force at the event's start, for its deadline and, at its end, its verdict: a plain duration (the
        // usual path); -1 for a rule (a wall-clock deadline or an hours condition), 0 for a kind not measured (or a
        // measured TRT of 0), both taken aside: no separate look-up of whether the kind is measured.
        long trtNanos = measures.plainTrtNanos(kind, startEpochNanos);
        if (trtNanos <= 0) {
            recordWaitingEnd();
            startUnusual(messageId, kind, variant, deviceId, groupId, startEpochNanos);
            return;
        }
        int at = pending.positionOf(messageId);
        if ((deviceId | groupId) == 0 && startEpochNanos <= Long.MAX_VALUE - trtNanos
                && pending.takesFree(at, messageId) && messageId != waitingId) { // one look at the ring: the usual start
            startFree(at, messageId, kind, variant, startEpochNanos, trtNanos); // the waiting end's position is not free
            return;
        }
        recordWaitingEnd(); // before the probe: the waiting end may be this id's, or hold its position
        int position = pending.placeFor(messageId); // the duplicate check and the insert's position: one probe
        if (position == PendingEvents.PENDING_ALREADY) {
            duplicateStarts++;
            return;
        }
        startPlain(position, messageId, kind, variant, deviceId, groupId, startEpochNanos, trtNanos);
    }

    /** A start whose first read of the schedule gave no positive plain TRT: not measured, a rule, or a TRT of 0. */
    private void startUnusual(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                              long startEpochNanos) {
        if (!measures.measured(kind)) {
            rejections.start(messageId, kind, variant, startEpochNanos);
            return;
        }
        startRuled(messageId, kind, variant, deviceId, groupId, startEpochNanos);
    }

    /**
     * {@link #startPlain} at a free ring position the id takes ({@link PendingEvents#takesFree}), with no hub or group and
     * a deadline that does not saturate.
     */
    private void startFree(int at, long messageId, EventKind kind, HubVariant variant, long startEpochNanos,
                           long trtNanos) {
        IntervalCell cell = intervals.cellFor(kind, variant, startEpochNanos);
        cell.started();
        boolean tracked = timeouts.tracks(kind.ordinal(), messageId, startEpochNanos, trtNanos);
        pending.insertFree(at, messageId, startEpochNanos, trtNanos, cell.id(), tracked);
        startedPlain(messageId, kind, startEpochNanos, trtNanos, startEpochNanos + trtNanos, tracked);
    }

    /** A start of a plain TRT, its id not pending, at the ring handle {@link PendingEvents#placeFor} gave. */
    private void startPlain(int position, long messageId, EventKind kind, HubVariant variant, long deviceId,
                            long groupId, long startEpochNanos, long trtNanos) {
        IntervalCell cell = intervals.cellFor(kind, variant, startEpochNanos);
        cell.started();
        long deadline = Trt.deadlineEpochNanos(startEpochNanos, trtNanos);
        boolean tracked = timeouts.tracks(kind.ordinal(), messageId, startEpochNanos, trtNanos);
        pending.insertAt(position, messageId, startEpochNanos, deadline, cell.id(), deviceId, groupId, tracked);
        startedPlain(messageId, kind, startEpochNanos, trtNanos, deadline, tracked);
    }

    /** After a plain TRT's insert: an untracked start's deadline entry, a probe's start. */
    private void startedPlain(long messageId, EventKind kind, long startEpochNanos, long trtNanos, long deadline,
                              boolean tracked) {
        if (!tracked) {
            timeouts.startedPlain(kind.ordinal(), messageId, trtNanos, deadline);
        }
        if (kind.availabilityProbe()) {
            downWindows.started(kind, messageId, startEpochNanos);
        }
    }

    /** A start of a measured kind whose first read of the schedule gave a rule or a TRT of 0 ({@link RuledStarts}). */
    private void startRuled(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                            long startEpochNanos) {
        if (pending.find(messageId) != PendingEvents.NOT_PENDING) {
            duplicateStarts++;
            return;
        }
        long trtNanos = ruled.start(messageId, kind, variant, deviceId, groupId, startEpochNanos);
        if (trtNanos >= 0) { // the schedule changed since the first read: the TRT is a plain duration now
            startPlain(pending.placeFor(messageId), messageId, kind, variant, deviceId, groupId, startEpochNanos,
                    trtNanos);
        }
    }

    /**
     * Takes an end, which waits until the next call into the correlator, and records the end that waited. An end's
     * event is a random one of those pending, so its ring line is usually a cache miss; reading it here and recording
     * the end one call later lets the miss overlap the work between (the start that follows, the caller's own), where
     * recording it now made all that work wait behind it. Nothing sees the difference: every other method records the
     * waiting end first ({@link #recordWaitingEnd}), but the usual start, which touches no pending event but the free
     * position it fills and no id but its own (a start of the waiting end's id records it first).
     */
    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        // The read starts the line's load; the JIT keeps a read whose value is stored, so the key is kept (not used).
        touchedKey = pending.keyInRing(pending.positionOf(messageId));
        if (endWaiting) {
            end(waitingId, waitingEndNanos, waitingSuccess);
        }
        endWaiting = true;
        waitingId = messageId;
        waitingEndNanos = endEpochNanos;
        waitingSuccess = success;
    }

    /**
     * Records the end {@link #onEnd} keeps waiting, if one waits: every other method does so first. For a reader of the
     * {@link IntervalTable}, {@link DeviceRecords} or {@link DownWindows} this correlator writes that has not called
     * it since the last end (a tick calls {@link #expire} first).
     */
    public void recordWaitingEnd() {
        if (endWaiting) {
            endWaiting = false;
            end(waitingId, waitingEndNanos, waitingSuccess);
        }
    }

    /**
     * Records an end: the usual one, an event in the ring whose deadline is its TRT class, reads the ring entry's key
     * once and tests where the event is once; any other (not pending, in the overflow, fields beside the ring) aside.
     */
    private void end(long messageId, long endEpochNanos, boolean success) {
        int at = pending.positionOf(messageId);
        long key = pending.keyInRing(at);
        if (!pending.holdsClassed(key, messageId)) {
            endAside(pending.find(messageId), messageId, endEpochNanos, success);
            return;
        }
        long startEpochNanos = pending.startInRing(at);
        if (ended(at, RingKey.cellId(key), messageId, startEpochNanos, endEpochNanos, success,
                pending.classDeadline(startEpochNanos, key))) {
            pending.removeFromRing(at); // where the lookup found it: no second lookup
        }
    }

    /** An end that {@link #end} does not take: not pending, in the overflow, or with its fields beside the ring. */
    private void endAside(int found, long messageId, long endEpochNanos, boolean success) {
        if (found == PendingEvents.NOT_PENDING) {
            endNotPending(messageId);
            return;
        }
        long startEpochNanos = pending.startEpochNanos(found);
        if (ended(found, pending.cellId(found), messageId, startEpochNanos, endEpochNanos, success,
                pending.deadlineEpochNanos(found))) {
            pending.remove(found);
        }
    }

    /**
     * Records the end of the pending event at a handle, its verdict from the deadline its start was given (the TRT or
     * rule in force then; exactly at it is within; no TRT lookup per end: {@link Trt#withinByDeadline}).
     *
     * @return whether it is recorded (the caller removes the event); false for an end before its start, rejected
     */
    private boolean ended(int found, int cellId, long messageId, long startEpochNanos, long endEpochNanos,
                          boolean success, long deadlineEpochNanos) {
        long latencyNanos = endEpochNanos - startEpochNanos;
        if (latencyNanos < 0) {
            rejections.endBeforeStart(messageId);
            return false;
        }
        IntervalCell cell = intervals.cell(cellId);
        boolean within = Trt.withinByDeadline(success, endEpochNanos, deadlineEpochNanos);
        if (within) {
            cell.completedWithinTrt(latencyNanos);
            withinTrt++;
        } else {
            cell.completedFailed(latencyNanos);
            failed++;
        }
        if (cell.verdicts()) {
            verdicts.ended(cell.kind(), pending.deviceId(found), pending.groupId(found), messageId, startEpochNanos,
                    endEpochNanos, success, within);
        }
        return true;
    }

    /** A tracked event the ring evicts gets its deadline entry (the ring's callback; timeouts is set by then). */
    private void trackedEvicted(long messageId, long startEpochNanos, long deadlineEpochNanos, int cellId) {
        timeouts.entryFor(messageId, startEpochNanos, deadlineEpochNanos, cellId);
    }

    /** An end whose id is not pending: late (timed out), dropped (started outside its rule's hours) or unknown. */
    private void endNotPending(long messageId) {
        if (!ruled.startedOutsideHours(messageId)) {
            if (timeouts.expiredRecently(messageId)) {
                lateEnds++;
            } else {
                unknownEnds++;
            }
        }
    }

    /** Calls {@code visitor} with every event still waiting for its end (same thread as the record path). */
    public void forEachPending(PendingVisitor visitor) {
        recordWaitingEnd();
        pending.forEach(intervals, visitor);
    }

    /**
     * Makes final as timed out every pending event whose deadline is strictly before {@code nowEpochNanos}.
     *
     * @return how many events timed out
     */
    public int expire(long nowEpochNanos) {
        recordWaitingEnd();
        int expired = timeouts.expire(nowEpochNanos);
        publishCounters();
        return expired;
    }

    /**
     * Publishes the counters for other threads ({@link #publishedCounts()}); {@link #expire} does it on every
     * call (every tick). Record-path thread only.
     */
    public void publishCounters() {
        recordWaitingEnd();
        published = new CorrelatorCounts(starts(), ends(), withinTrt, timeouts.timedOut(), failed, lateEnds, unknownEnds,
                duplicateStarts, rejections.count(), ruled.outsideHours());
    }

    /** The counters as of the last {@link #publishCounters()} (the last tick). Any thread. */
    public CorrelatorCounts publishedCounts() {
        return published;
    }

    /** The deadlines and the start-order scan (for tests: what is queued, what the scan has yet to pass). */
    Timeouts timeouts() { recordWaitingEnd(); return timeouts; }
    /** Events pending now. */
    public int pendingEvents() { recordWaitingEnd(); return pending.size(); }
    public IntervalTable intervals() { recordWaitingEnd(); return intervals; }
    /** Down windows of availability probes: closed ones not yet taken into a batch, and open ones. */
    public DownWindows downWindows() { recordWaitingEnd(); return downWindows; }
    /** Final per-device events not yet taken into a batch. */
    public DeviceRecords records() { recordWaitingEnd(); return records; }

    /*
     * Exact counters; record-path thread only (others: publishedCounts()). Starts recorded (not rejected, duplicate or
     * outside hours): each has ended, timed out or is pending.
     */
    public long starts() { recordWaitingEnd(); return ends() + timeouts.timedOut() + pending.size(); }
    /** Ends of pending events: each is within TRT or failed. */
    public long ends() { recordWaitingEnd(); return withinTrt + failed; }
    public long withinTrt() { recordWaitingEnd(); return withinTrt; }
    public long timedOut() { recordWaitingEnd(); return timeouts.timedOut(); }
    public long failed() { recordWaitingEnd(); return failed; }
    public long lateEnds() { recordWaitingEnd(); return lateEnds; }
    public long unknownEnds() { recordWaitingEnd(); return unknownEnds; }
    public long duplicateStarts() { recordWaitingEnd(); return duplicateStarts; }
    public long rejected() { recordWaitingEnd(); return rejections.count(); }
    /** Events started outside the hours of their kind's rule: not counted anywhere else. */
    public long outsideHours() { recordWaitingEnd(); return ruled.outsideHours(); }
}
