package io.pmr.agent.publish;

import java.util.SplittableRandom;

/**
 * Jittered exponential backoff for reconnect attempts: the n-th delay is drawn uniformly from
 * [cap/2, cap] with cap = min(max, initial * 2^n), so that agents cut off together do not reconnect in
 * lockstep. Threading: synchronized.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final SplittableRandom random;
    private int attempt;

    Backoff(long initialMillis, long maxMillis, SplittableRandom random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    synchronized long nextDelayMillis() {
        long cap = initialMillis << Math.min(attempt, 20);
        cap = Math.min(maxMillis, cap);
        attempt++;
        return cap / 2 + random.nextLong(cap / 2 + 1);
    }

    synchronized void reset() {
        attempt = 0;
    }
}
