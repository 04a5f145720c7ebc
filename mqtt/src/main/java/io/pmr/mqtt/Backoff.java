package io.pmr.mqtt;

import java.util.SplittableRandom;

/**
 * The reconnect policy of every MQTT session (and of anything else of ours that reconnects): jittered exponential
 * backoff. The n-th delay since the last {@link #reset()} is drawn uniformly from [cap/2, cap] with
 * cap = min(max, initial * 2^n), so that clients cut off together do not reconnect in lockstep.
 * Threading: synchronized.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final SplittableRandom random;
    private int attempt;

    /**
     * @param initialMillis the first delay's cap, at least 1
     * @param maxMillis     the largest delay, at least {@code initialMillis}
     * @param random        the jitter's source (seeded in tests)
     */
    public Backoff(long initialMillis, long maxMillis, SplittableRandom random) {
        if (initialMillis < 1) {
            throw new IllegalArgumentException("initialMillis must be >= 1, was " + initialMillis);
        }
        if (maxMillis < initialMillis) {
            throw new IllegalArgumentException("maxMillis must be >= initialMillis (" + initialMillis + "), was "
                    + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before the next attempt, in milliseconds; each call counts one more attempt. */
    public synchronized long nextDelayMillis() {
        long cap = initialMillis << Math.min(attempt, 20);
        cap = Math.min(maxMillis, cap);
        attempt++;
        return cap / 2 + random.nextLong(cap / 2 + 1);
    }

    /** After a success: the next delay is the shortest again. */
    public synchronized void reset() {
        attempt = 0;
    }
}
