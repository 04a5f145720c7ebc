package io.pmr.mqtt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void delaysDoubleWithinJitterUpToTheMaximumAndResetAfterASuccess() {
        Backoff backoff = new Backoff(100, 1_000, new SplittableRandom(42));
        long[] caps = {100, 200, 400, 800, 1_000, 1_000, 1_000};
        for (long cap : caps) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= cap / 2 && delay <= cap, "delay " + delay + " outside [" + cap / 2 + ", " + cap + "]");
        }
        backoff.reset();
        long first = backoff.nextDelayMillis();
        assertTrue(first >= 50 && first <= 100, "after reset: " + first);
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndDifferentSeedsSpreadThem() {
        Backoff a = new Backoff(100, 15_000, new SplittableRandom(1));
        Backoff b = new Backoff(100, 15_000, new SplittableRandom(1));
        Backoff c = new Backoff(100, 15_000, new SplittableRandom(2));
        long differences = 0;
        for (int i = 0; i < 10; i++) {
            long da = a.nextDelayMillis();
            assertEquals(da, b.nextDelayMillis());
            if (da != c.nextDelayMillis()) {
                differences++;
            }
        }
        assertTrue(differences > 0, "agents cut off together must not reconnect in lockstep");
    }

    @Test
    void badBoundsAreRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, new SplittableRandom()))
                .getMessage().startsWith("initialMillis"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10, new SplittableRandom()))
                .getMessage().startsWith("maxMillis"));
    }
}
