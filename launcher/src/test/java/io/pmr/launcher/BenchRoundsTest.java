package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rounds of {@code pmr bench ingest}: which round is reported, and the CPU averaged over the rounds. */
class BenchRoundsTest {

    @Test
    void anOddCountReportsTheMiddleRoundByRatio() {
        BenchRounds rounds = new BenchRounds();
        BenchRounds.Round high = round(100, 99, 1);
        BenchRounds.Round low = round(100, 60, 1);
        BenchRounds.Round middle = round(200, 170, 1);
        rounds.add(high);
        rounds.add(low);
        rounds.add(middle);
        assertSame(middle, rounds.median(), "0.60, 0.85, 0.99: the 0.85 round, with its own two rates");
        assertEquals(0.85, rounds.median().ratio(), 1e-12);
    }

    @Test
    void anEvenCountReportsTheLowerMiddleRound() {
        BenchRounds rounds = new BenchRounds();
        BenchRounds.Round a = round(100, 95, 1);
        BenchRounds.Round b = round(100, 70, 1);
        BenchRounds.Round c = round(100, 90, 1);
        BenchRounds.Round d = round(100, 50, 1);
        for (BenchRounds.Round round : List.of(a, b, c, d)) {
            rounds.add(round);
        }
        assertSame(b, rounds.median(), "0.50, 0.70, 0.90, 0.95: the lower middle, never a ratio no round measured");
    }

    @Test
    void theCpuIsTheMeanOverTheRoundsRoleByRoleInPrintOrder() {
        BenchRounds rounds = new BenchRounds();
        rounds.add(round(100, 90, 10));
        rounds.add(round(100, 80, 20));
        rounds.add(round(100, 85, 60));
        Map<String, Double> ingest = rounds.meanCpu(BenchRounds.Round::ingest);
        assertEquals(List.of("broker", "collector write", "total"), List.copyOf(ingest.keySet()));
        assertEquals(30.0, ingest.get("broker"), 1e-12);
        assertEquals(60.0, ingest.get("collector write"), 1e-12);
        assertEquals(90.0, ingest.get("total"), 1e-12);
        assertEquals(10.0, rounds.meanCpu(BenchRounds.Round::loopback).get("broker"), 1e-12);
    }

    @Test
    void nothingMeasuredOrARateOfZeroIsRefused() {
        BenchRounds rounds = new BenchRounds();
        assertThrows(IllegalStateException.class, rounds::median);
        assertThrows(IllegalStateException.class, () -> rounds.meanCpu(BenchRounds.Round::ingest));
        assertEquals("rate must be > 0, was 0.0", assertThrows(IllegalArgumentException.class,
                () -> new BenchRounds.Side(0, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BenchRounds.Side(Double.NaN, Map.of()));
    }

    /** A round whose loopback used {@code 10} us of broker CPU a message and whose ingest {@code ingestBrokerMicros}. */
    private static BenchRounds.Round round(double loopbackRate, double ingestRate, double ingestBrokerMicros) {
        Map<String, Double> ingestCpu = new LinkedHashMap<>();
        ingestCpu.put("broker", ingestBrokerMicros);
        ingestCpu.put("collector write", 2 * ingestBrokerMicros);
        ingestCpu.put("total", 3 * ingestBrokerMicros);
        return new BenchRounds.Round(new BenchRounds.Side(loopbackRate, Map.of("broker", 10.0)),
                new BenchRounds.Side(ingestRate, ingestCpu));
    }
}
