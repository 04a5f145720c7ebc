package io.pmr.hardware.rig;

import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts numbered frames back in order: delivers each seq once, strictly ascending from the first one
 * expected. A seq already delivered is a duplicate and is dropped; a seq ahead of the next expected one is
 * held until the gap fills, up to a bound (past it the frame is refused and the caller re-syncs, e.g. by
 * reconnecting from {@link #nextSeq()}).
 *
 * <p>Threading: not thread-safe; one delivery thread.
 *
 * @param <T> the frame type
 */
final class SeqOrderer<T> {
    /** What {@link #offer} did with a frame. */
    enum Outcome { DELIVERED, DUPLICATE, HELD, OVERFLOW }

    private final int maxHeld;
    private final TreeMap<Long, T> held = new TreeMap<>();
    private long nextSeq;
    private long duplicates;
    private long heldTotal;

    SeqOrderer(long firstSeq, int maxHeld) {
        if (firstSeq < 1) {
            throw new IllegalArgumentException("firstSeq must be at least 1, got " + firstSeq);
        }
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be at least 1, got " + maxHeld);
        }
        this.nextSeq = firstSeq;
        this.maxHeld = maxHeld;
    }

    /**
     * Takes a frame: delivers it and every held frame it unblocks, in seq order, to {@code deliver}; or
     * holds it; or drops it.
     */
    Outcome offer(long seq, T frame, Consumer<T> deliver) {
        if (seq < nextSeq || held.containsKey(seq)) {
            duplicates++;
            return Outcome.DUPLICATE;
        }
        if (seq > nextSeq) {
            if (held.size() >= maxHeld) {
                return Outcome.OVERFLOW;
            }
            held.put(seq, frame);
            heldTotal++;
            return Outcome.HELD;
        }
        nextSeq++;
        deliver.accept(frame);
        drain(deliver);
        return Outcome.DELIVERED;
    }

    /** Delivers held frames that are next in line (after the delivery was paused, for example). */
    void drain(Consumer<T> deliver) {
        while (!held.isEmpty() && held.firstKey() == nextSeq) {
            T next = held.pollFirstEntry().getValue();
            nextSeq++;
            deliver.accept(next);
        }
    }

    /**
     * Forgets held frames: after a reconnect the rig re-sends from {@link #nextSeq()}, so they will come
     * again, and holding them would only cost memory.
     */
    void clearHeld() {
        held.clear();
    }

    /** The seq the next delivered frame must have; everything before it was delivered. */
    long nextSeq() {
        return nextSeq;
    }

    int heldCount() {
        return held.size();
    }

    long duplicates() {
        return duplicates;
    }

    long heldTotal() {
        return heldTotal;
    }
}
