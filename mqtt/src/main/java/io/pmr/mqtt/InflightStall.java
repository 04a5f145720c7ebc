package io.pmr.mqtt;

import java.util.function.LongSupplier;

/**
 * Notices a connection whose QoS 1 in-flight window stays full: the broker lost the PUBACKs (a broker discarding
 * publishes under load may drop them with the publishes), and only a new connection clears Paho's window.
 * Threading: any thread; the state is one volatile field.
 */
final class InflightStall {
    private static final long NOT_FULL = Long.MIN_VALUE;

    private final long stallNanos;
    private final LongSupplier nanoClock;
    private volatile long fullSinceNanos = NOT_FULL;

    /** @param stallNanos how long the window may stay full; 0 never reports a stall */
    InflightStall(long stallNanos, LongSupplier nanoClock) {
        this.stallNanos = stallNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * A publish found the window full.
     *
     * @return how long it has been full, in nanoseconds, when that is longer than the stall bound (and starts
     *         over), else -1
     */
    long full() {
        if (stallNanos == 0) {
            return -1;
        }
        long now = nanoClock.getAsLong();
        long since = fullSinceNanos;
        if (since == NOT_FULL) {
            fullSinceNanos = now;
        } else if (now - since > stallNanos) {
            fullSinceNanos = NOT_FULL;
            return now - since;
        }
        return -1;
    }

    /** A PUBACK freed a slot, or a new connection started with an empty window. */
    void cleared() {
        fullSinceNanos = NOT_FULL;
    }
}
