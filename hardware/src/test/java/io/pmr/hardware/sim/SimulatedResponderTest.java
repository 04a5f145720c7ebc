package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedResponderTest {
    private static final long T0 = 1_600_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private record Response(long commandId, long epochNanos, boolean success) {
    }

    /** Sends {@code count} RTT4 commands at 10/s and runs until every possible response is due. */
    private static List<Response> run(long seed, int count, Map<EventKind, SimulatedResponder.Latency> latencies) {
        VirtualClock clock = new VirtualClock(T0);
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedResponder responder = new SimulatedResponder(Region.NORTH, seed, latencies, clock, scheduler);
        List<Response> responses = new ArrayList<>();
        responder.attach((id, at, ok) -> responses.add(new Response(id, at, ok)));
        for (int i = 0; i < count; i++) {
            scheduler.runUntil(T0 + i * SECOND / 10);
            responder.send(i, EventKind.RTT4);
        }
        scheduler.runUntil(T0 + count * SECOND / 10 + 60 * SECOND);
        return responses;
    }

    @Test
    void sameSeedGivesTheSameResponsesAndAnotherSeedDoesNot() {
        List<Response> first = run(42, 2_000, Map.of());
        assertEquals(first, run(42, 2_000, Map.of()));
        assertNotEquals(first, run(43, 2_000, Map.of()));
    }

    @Test
    void defaultsHaveAThreeSecondMedianATailUpToTwiceTheTrtAndHalfAPercentLost() {
        int count = 40_000;
        List<Response> responses = run(7, count, Map.of());
        long[] latencies = responses.stream()
                .mapToLong(r -> r.epochNanos() - (T0 + r.commandId() * SECOND / 10)).sorted().toArray();
        double lostShare = 1.0 - (double) responses.size() / count;
        assertTrue(lostShare > 0.003 && lostShare < 0.007, "lost share " + lostShare);
        double medianSeconds = latencies[latencies.length / 2] / 1e9;
        assertTrue(medianSeconds > 2.8 && medianSeconds < 3.2, "median " + medianSeconds);
        long overTrt = java.util.Arrays.stream(latencies).filter(l -> l > 25 * SECOND).count();
        double overShare = (double) overTrt / latencies.length;
        // the tail spans 0.8..2 x TRT: 5/6 of a 2% tail lies over the TRT
        assertTrue(overShare > 0.012 && overShare < 0.022, "share over TRT " + overShare);
        assertTrue(latencies[latencies.length - 1] <= 50 * SECOND, "max " + latencies[latencies.length - 1]);
        assertTrue(responses.stream().allMatch(Response::success));
    }

    @Test
    void responsesDueDuringAStallArriveAtItsEndAndOthersAreUntouched() {
        // every latency exactly 1 s: median 1 s, sigma 0, no tail, no loss
        var fixed = Map.of(EventKind.RTT4, new SimulatedResponder.Latency(Duration.ofSeconds(1), 0, 0, 2, 0, 0));
        VirtualClock clock = new VirtualClock(T0);
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedResponder responder = new SimulatedResponder(Region.SOUTH, 1, fixed, clock, scheduler);
        List<Response> responses = new ArrayList<>();
        responder.attach((id, at, ok) -> responses.add(new Response(id, at, ok)));
        for (int i = 0; i < 20; i++) {
            scheduler.runUntil(T0 + i * SECOND);
            if (i == 5) {
                responder.stall(Duration.ofSeconds(10)); // the one due at 5 s was delivered; (5 s, 15 s) held until 15 s
            }
            responder.send(i, EventKind.RTT4);
        }
        scheduler.runUntil(T0 + 30 * SECOND);
        assertEquals(20, responses.size());
        for (Response r : responses) {
            long due = T0 + (r.commandId() + 1) * SECOND;
            long expected = due > T0 + 5 * SECOND && due < T0 + 15 * SECOND ? T0 + 15 * SECOND : due;
            assertEquals(expected, r.epochNanos(), "command " + r.commandId());
        }
    }

    @Test
    void invalidLatencyFieldsAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SimulatedResponder.Latency(Duration.ofSeconds(3), 0.5, 1.5, 2, 0, 0));
        assertTrue(e.getMessage().contains("tailShare"), e.getMessage());
    }

    @Test
    void aSecondListenerIsRefusedAndNothingArrivesAfterClose() {
        VirtualClock clock = new VirtualClock(T0);
        ManualScheduler scheduler = new ManualScheduler(clock);
        SimulatedResponder responder = SimulatedResponder.withDefaults(Region.CENTRAL, 3, clock, scheduler);
        List<Response> responses = new ArrayList<>();
        responder.attach((id, at, ok) -> responses.add(new Response(id, at, ok)));
        assertThrows(IllegalStateException.class, () -> responder.attach((id, at, ok) -> { }));
        for (int i = 0; i < 100; i++) {
            responder.send(i, EventKind.RTT4);
        }
        responder.close();
        scheduler.runUntil(T0 + 100 * SECOND);
        assertEquals(List.of(), responses);
    }
}
