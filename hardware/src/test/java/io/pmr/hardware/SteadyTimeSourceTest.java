package io.pmr.hardware;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteadyTimeSourceTest {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    /** A wall clock that a test moves and steps. */
    private static final class SteppedClock extends Clock {
        long epochNanos;

        SteppedClock(long epochNanos) {
            this.epochNanos = epochNanos;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(0, epochNanos);
        }
    }

    /** One move: time passes (both clocks advance by {@code elapsedNanos}), then the wall clock steps. */
    record Move(long elapsedNanos, long wallStepNanos) {
    }

    @Provide
    Arbitrary<List<Move>> moves() {
        Arbitrary<Long> elapsed = Arbitraries.longs().between(0, 120_000_000_000L);
        Arbitrary<Long> step = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.of(HOUR_NANOS, -HOUR_NANOS),
                Arbitraries.longs().between(-2 * HOUR_NANOS, 2 * HOUR_NANOS));
        return net.jqwik.api.Combinators.combine(elapsed, step).as(Move::new).list().ofMaxSize(40);
    }

    @Property(tries = 300, seed = "20261129")
    void stepsOfTheWallClockMoveNothingAndElapsedTimeIsExact(
            @ForAll @LongRange(min = 1_500_000_000_000_000_000L, max = 1_900_000_000_000_000_000L) long startEpochNanos,
            @ForAll @LongRange(min = Long.MIN_VALUE / 2, max = Long.MAX_VALUE / 2) long monotonicOrigin,
            @ForAll("moves") List<Move> moves) {
        SteppedClock wall = new SteppedClock(startEpochNanos);
        AtomicLong monotonic = new AtomicLong(monotonicOrigin);
        SteadyTimeSource time = SteadyTimeSource.anchoredNow(wall, monotonic::get);
        assertEquals(startEpochNanos, time.anchorEpochNanos());
        long elapsed = 0;
        long stepped = 0;
        long previous = time.epochNanos();
        for (Move move : moves) {
            monotonic.addAndGet(move.elapsedNanos());
            wall.epochNanos += move.elapsedNanos() + move.wallStepNanos();
            elapsed += move.elapsedNanos();
            stepped += move.wallStepNanos();
            long now = time.epochNanos();
            assertEquals(startEpochNanos + elapsed, now, "the anchor plus the monotonic time elapsed");
            assertTrue(now >= previous, "never goes back");
            assertEquals(stepped, time.wallOffsetNanos(), "the offset is the sum of the steps");
            assertEquals(monotonic.get(), time.monotonicNanos());
            previous = now;
        }
    }

    @Test
    void aForwardStepOfAnHourLeavesAPendingDeadlineInTheFuture() {
        long start = Instant.parse("2020-09-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
        SteppedClock wall = new SteppedClock(start);
        AtomicLong monotonic = new AtomicLong(42);
        SteadyTimeSource time = SteadyTimeSource.anchoredNow(wall, monotonic::get);
        long deadline = start + 25_000_000_000L; // an RTT4 started now
        wall.epochNanos += HOUR_NANOS;
        monotonic.addAndGet(3_000_000_000L);
        assertTrue(time.epochNanos() <= deadline, "3 s after the start, 1 h after a step: not yet past the deadline");
    }

    @Test
    void nullClocksAreRejectedByName() {
        IllegalArgumentException wall = assertThrows(IllegalArgumentException.class,
                () -> SteadyTimeSource.anchoredNow(null, System::nanoTime));
        assertTrue(wall.getMessage().contains("wallClock"), wall.getMessage());
        IllegalArgumentException mono = assertThrows(IllegalArgumentException.class,
                () -> SteadyTimeSource.anchoredNow(Clock.systemUTC(), null));
        assertTrue(mono.getMessage().contains("monotonicNanos"), mono.getMessage());
    }
}
