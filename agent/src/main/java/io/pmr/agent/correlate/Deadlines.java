package io.pmr.agent.correlate;

import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.model.Trt;

import java.util.Arrays;

/**
 * When each pending event is due: per kind, one FIFO of (message id, deadline) per TRT its events started under
 * ({@link DeadlineQueue}), and a heap for deadlines that do not come in start order (a kind's rule, {@link
 * Measures#rule}, or a start older than the one before it). Entries name events by message id, not by where they are
 * stored ({@link PendingEvents} moves them); an entry whose event ended is skipped when its deadline passes.
 *
 * <p>Exact under reused ids too: an entry times out the pending event with its id only if that event's deadline is
 * the entry's. Another event with the same id and the same deadline would time out at the same instant through its
 * own entry, so which entry does it changes nothing.
 *
 * <p>Threading: single-threaded (the record path). No allocation per event once the rings have grown.
 */
final class Deadlines {
    /** Where the expiry finds the events its entries name. */
    interface Due {
        /** Times out the pending event with this id if its deadline is this one. */
        void timeOut(long messageId, long deadlineEpochNanos);

        /** Whether the event with this id and deadline is still pending. */
        boolean pending(long messageId, long deadlineEpochNanos);
    }

    /** Deadline entries each queue holds before its first growth. */
    private static final int INITIAL_DEADLINES = 256;

    /**
     * Per kind, one FIFO per TRT its events started under ({@link #trtNanos} gives each queue's TRT): after a TRT
     * change ({@link Measures#schedule}) the events of the new TRT queue apart, so a shorter TRT never waits behind a
     * longer one.
     */
    private final DeadlineQueue[][] queues;
    private final long[][] trtNanos;
    /** Per kind, deadlines that need not come in order; null until the kind has one. */
    private final DeadlineHeap[] heaps;
    /**
     * Per kind, the queue of its latest TRT and that TRT ({@link #add}'s usual case: one comparison, no search of the
     * kind's queues); the latest queue {@link #queueOf} found or made. Derivable from {@link #queues}, kept because it
     * pays: with every start given an entry (ids counting down, 10,000 pending) the record path took about 2 ns more
     * per event without it (docs/performance.md, round 6).
     */
    private final DeadlineQueue[] latestQueues;
    private final long[] latestTrtNanos;

    Deadlines(Measures measures) {
        EventKind[] kinds = EventKind.every();
        queues = new DeadlineQueue[kinds.length][];
        trtNanos = new long[kinds.length][];
        heaps = new DeadlineHeap[kinds.length];
        latestQueues = new DeadlineQueue[kinds.length];
        latestTrtNanos = new long[kinds.length];
        for (EventKind kind : kinds) {
            // Small at first: a ring grows by doubling to what its kind has pending, and most kinds have few.
            queues[kind.ordinal()] = new DeadlineQueue[] {new DeadlineQueue(INITIAL_DEADLINES)};
            trtNanos[kind.ordinal()] = new long[] {measures.trtNanos(kind)};
            latestQueues[kind.ordinal()] = queues[kind.ordinal()][0];
            latestTrtNanos[kind.ordinal()] = trtNanos[kind.ordinal()][0];
        }
    }

    /** The deadline of an event of a kind started under a fixed TRT. */
    void add(int kind, long trtNanosOfStart, long messageId, long deadlineEpochNanos) {
        DeadlineQueue queue = latestTrtNanos[kind] == trtNanosOfStart ? latestQueues[kind]
                : queueOf(kind, trtNanosOfStart);
        if (!queue.add(messageId, deadlineEpochNanos)) {
            heapOf(kind).add(deadlineEpochNanos, messageId); // out of start order: the FIFO keeps its order
        }
    }

    /** The deadline of an event of a kind started under a rule (a deadline per event). */
    void addRuled(int kind, long messageId, long deadlineEpochNanos) {
        heapOf(kind).add(deadlineEpochNanos, messageId);
    }

    /** Hands {@code due} every entry whose deadline is strictly before {@code nowEpochNanos}, and drops it. */
    void expire(long nowEpochNanos, Due due) {
        for (DeadlineQueue[] kindQueues : queues) {
            for (DeadlineQueue queue : kindQueues) {
                while (!queue.isEmpty()) {
                    long messageId = queue.peekMessageId();
                    long deadline = queue.peekDeadline();
                    if (Trt.isPast(deadline, nowEpochNanos)) {
                        queue.poll();
                        due.timeOut(messageId, deadline);
                    } else if (!due.pending(messageId, deadline)) {
                        // Ended already: dropped now, not at its deadline, so a queue of a long TRT (22 h for RTT2)
                        // holds what is pending behind its oldest pending event, not every start of the last 22 h.
                        queue.poll();
                    } else {
                        break; // the earliest deadline still pending is not past: nor is any after it
                    }
                }
            }
        }
        for (DeadlineHeap heap : heaps) {
            while (heap != null && !heap.isEmpty() && Trt.isPast(heap.peekDeadline(), nowEpochNanos)) {
                long messageId = heap.peekEntry();
                long deadline = heap.peekDeadline();
                heap.poll();
                due.timeOut(messageId, deadline);
            }
        }
    }

    /** Entries in the FIFO queues now (for tests: what an expiry left behind). */
    int queued() {
        int queued = 0;
        for (DeadlineQueue[] kindQueues : queues) {
            for (DeadlineQueue queue : kindQueues) {
                queued += queue.size();
            }
        }
        return queued;
    }

    /** Queues over every kind now (for tests: one per TRT a kind's events started under, never one per event). */
    int queues() {
        int count = 0;
        for (DeadlineQueue[] kindQueues : queues) {
            count += kindQueues.length;
        }
        return count;
    }

    private DeadlineHeap heapOf(int kind) {
        DeadlineHeap heap = heaps[kind];
        if (heap == null) {
            heap = new DeadlineHeap(INITIAL_DEADLINES);
            heaps[kind] = heap;
        }
        return heap;
    }

    /** The queue of a kind's events started under a TRT; a new one the first time the TRT is seen. */
    private DeadlineQueue queueOf(int kind, long trt) {
        long[] trts = trtNanos[kind];
        for (int i = 0; i < trts.length; i++) {
            if (trts[i] == trt) {
                latestQueues[kind] = queues[kind][i];
                latestTrtNanos[kind] = trt;
                return queues[kind][i];
            }
        }
        // A TRT changed (rare): queues of earlier TRTs stay, drained by expire() as their deadlines pass.
        DeadlineQueue queue = new DeadlineQueue(INITIAL_DEADLINES);
        trtNanos[kind] = Arrays.copyOf(trts, trts.length + 1);
        trtNanos[kind][trts.length] = trt;
        queues[kind] = Arrays.copyOf(queues[kind], trts.length + 1);
        queues[kind][trts.length] = queue;
        latestQueues[kind] = queue;
        latestTrtNanos[kind] = trt;
        return queue;
    }
}
