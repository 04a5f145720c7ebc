package io.pmr.agent.correlate;

import io.pmr.model.Trt;

/**
 * The deadlines of the usual events without an entry each: ports give message ids from one counter, increasing with
 * the start, so the pending events of a run of nearly consecutive ids are in start order in {@link PendingEvents}' ring,
 * and a scan of the run in id order, at each tick, finds the ones due. An event gets a deadline entry ({@link
 * Deadlines}) only if it is still pending when the scan passes it (it is older than {@link #lagNanos}), or leaves the
 * ring while pending; one that ends before (nearly all of them) costs no entry at its start and no visit of its entry
 * at the tick.
 *
 * <p>A start is <em>tracked</em> (scanned instead of given an entry) only if its kind's TRT is a plain duration of at
 * least {@link #lagNanos}, its id is above the run's last by at most {@value #MAX_GAP}, and its start is not earlier
 * than the run's last tracked start; any other start gets an entry as before. A larger gap closes the run (its
 * events not yet scanned get entries, {@link Events#park}) and begins a new one. So the scan can stop at the first
 * tracked event still pending that started at or after {@code now - lag}: every tracked event after it started no
 * earlier and has a TRT of at least the lag, so none of them is due. Exact: an event times out at the first
 * {@link #expire} strictly after its deadline, through the scan or through its entry, never both (the scan sees only
 * events flagged tracked in the ring, and parking clears the flag).
 *
 * <p>Cost: each id of a run is visited once by the scan (one ring line per id, in order), at most {@value #MAX_GAP}
 * per tracked start. Threading: the record path's thread only.
 */
final class StartOrderScan {
    /** The largest gap between ids a run spans (ids of other kinds' events between the tracked ones). */
    static final long MAX_GAP = 64;

    /** What the scan does with a tracked event it reaches. */
    interface Events {
        /** The tracked event at a ring handle is past its deadline: time it out. */
        void timeOut(int handle, long messageId);

        /** The tracked event at a ring handle gets a deadline entry of its own ({@link PendingEvents#untrack}). */
        void park(int handle, long messageId);
    }

    private final PendingEvents pending;
    /** Every tracked event's TRT is at least this long (the shortest plain TRT of a trackable kind at the start). */
    private final long lagNanos;
    private boolean running;
    /** The next id the scan visits; the run is [nextId, lastId] (empty when nextId is lastId + 1). */
    private long nextId;
    private long lastId;
    private long lastStartEpochNanos;

    /**
     * @param lagNanos the shortest TRT an event may have to be tracked: the scan parks events older than it
     */
    StartOrderScan(PendingEvents pending, long lagNanos) {
        if (lagNanos < 0) {
            throw new IllegalArgumentException("lagNanos must not be negative, was " + lagNanos);
        }
        this.pending = pending;
        this.lagNanos = lagNanos;
    }

    /**
     * Whether a start of a trackable kind (a plain TRT, no per-device record or probe verdict that must come in
     * deadline order) is tracked; if so the caller inserts it tracked and adds no deadline entry. May park the events
     * of the closing run first.
     */
    boolean track(long messageId, long startEpochNanos, long trtNanos, Events events) {
        if (trtNanos < lagNanos) {
            return false;
        }
        long gap = messageId - lastId; // a difference of two longs: a wrap past Long.MAX_VALUE is a gap of 1
        if (running && gap > 0 && gap <= MAX_GAP) {
            if (startEpochNanos < lastStartEpochNanos) {
                return false; // a start older than the run's last: its deadline may come before theirs
            }
            lastId = messageId;
            lastStartEpochNanos = startEpochNanos;
            return true;
        }
        if (running && gap <= 0) {
            return false; // an id below the run's last (another id source, or one used again): an entry of its own
        }
        close(events);
        running = true;
        nextId = messageId;
        lastId = messageId;
        lastStartEpochNanos = startEpochNanos;
        return true;
    }

    /** Parks every tracked event of the run the scan has not reached, and ends the run. */
    private void close(Events events) {
        if (!running) {
            return;
        }
        long end = lastId + 1;
        for (long id = pending.nextTracked(nextId, end); id != end; id = pending.nextTracked(id + 1, end)) {
            events.park(pending.trackedInRing(id), id);
        }
        running = false;
    }

    /**
     * Scans the run from where the last scan stopped: times out the tracked events past their deadline, parks those
     * pending and not due, and stops at the first one that started at or after {@code nowEpochNanos - lag}.
     */
    void expire(long nowEpochNanos, Events events) {
        if (!running) {
            return;
        }
        long end = lastId + 1;
        long id = pending.nextTracked(nextId, end); // past the ids not tracked in the ring (nearly all ended)
        while (id != end) {
            int handle = pending.trackedInRing(id);
            if (Trt.deadlineEpochNanos(pending.startEpochNanos(handle), lagNanos) >= nowEpochNanos) {
                break; // neither this one nor any after it is due
            }
            if (Trt.isPast(pending.deadlineEpochNanos(handle), nowEpochNanos)) {
                events.timeOut(handle, id);
            } else {
                events.park(handle, id);
            }
            id = pending.nextTracked(id + 1, end);
        }
        nextId = id;
    }

    /** Ids the scan has yet to pass (for tests). */
    long unscanned() {
        return running ? lastId + 1 - nextId : 0;
    }
}
