package io.pmr.hardware.tap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the log's string message ids to the listener's long ids: an entry is made at a start and removed at
 * its end. Ids come from one counter and are never reused, so an end whose id has no pending start gets an
 * id that no start ever had, which the agent counts as unknown. Bounded: when full, the oldest pending start
 * is forgotten (its end will then look unknown; the agent times the start out). Polling thread only.
 */
final class MessageIds {
    private static final Logger LOG = LoggerFactory.getLogger(TraceTap.class);
    /** Forgetting a start is logged the first time and then once per this many, not for each. */
    private static final long LOG_EVERY = 10_000;

    private final int maxPending;
    private final Counts counts;
    private final LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
    private long nextId = 1;

    MessageIds(int maxPending, Counts counts) {
        this.maxPending = maxPending;
        this.counts = counts;
    }

    /** The id for a new start, or -1 if this message id is already pending (a duplicate start). */
    long start(String messageId) {
        if (pending.containsKey(messageId)) {
            return -1;
        }
        if (pending.size() >= maxPending) {
            dropOldest();
        }
        long id = nextId++;
        pending.put(messageId, id);
        return id;
    }

    /** The id of the pending start with this message id, removing it; or a fresh id if there is none. */
    long end(String messageId) {
        Long id = pending.remove(messageId);
        if (id != null) {
            return id;
        }
        counts.unmatchedEnds = counts.unmatchedEnds + 1;
        return nextId++;
    }

    long nextId() {
        return nextId;
    }

    /** The pending starts, oldest first (a copy). */
    LinkedHashMap<String, Long> pending() {
        return new LinkedHashMap<>(pending);
    }

    /**
     * Takes up the state of an earlier tap (before any line is read): its next id and its pending starts,
     * oldest first; beyond {@code maxPending} the oldest are forgotten as usual.
     */
    void restore(long restoredNextId, Map<String, Long> restoredPending) {
        nextId = Math.max(nextId, restoredNextId);
        for (Map.Entry<String, Long> entry : restoredPending.entrySet()) {
            if (pending.size() >= maxPending) {
                dropOldest();
            }
            pending.put(entry.getKey(), entry.getValue());
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private void dropOldest() {
        Iterator<Map.Entry<String, Long>> oldest = pending.entrySet().iterator();
        String dropped = oldest.next().getKey();
        oldest.remove();
        long total = counts.droppedStarts + 1;
        counts.droppedStarts = total;
        if (total == 1 || total % LOG_EVERY == 0) {
            LOG.warn("{} pending starts reached maxPendingStarts: forgot the oldest, message id '{}' "
                    + "({} forgotten so far; the agent will time them out)", maxPending, dropped, total);
        }
    }
}
