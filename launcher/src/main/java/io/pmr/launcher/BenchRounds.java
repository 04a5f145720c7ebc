package io.pmr.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The measured rounds of {@code pmr bench ingest}: in each, the broker's loopback and pmr's ingest ran in turns on the
 * same payloads. What is reported is the round of median ratio (the lower of the two middle ones for an even count),
 * whose two rates give that ratio exactly, and the CPU per message of each role averaged over the rounds (each round
 * sends the same number of messages, so this is the CPU of all rounds over all their messages). A run that drifts in
 * load (another process starting, a CPU's frequency) moves single rounds; it moves the median round less, and taking
 * the sides in turns puts the drift on both. Not thread-safe.
 */
final class BenchRounds {
    private final List<Round> rounds = new ArrayList<>();

    /** One measured phase: its rate (messages or envelopes per second) and its CPU per message by role, in us. */
    record Side(double rate, Map<String, Double> cpuMicrosByRole) {
        Side {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be > 0, was " + rate);
            }
            // a copy that keeps the print order (Map.copyOf would not)
            cpuMicrosByRole = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuMicrosByRole));
        }
    }

    /** One round: the loopback and the ingest (which went first is the caller's to print). */
    record Round(Side loopback, Side ingest) {
        /** pmr's ingest rate over the broker's loopback rate. */
        double ratio() {
            return ingest.rate() / loopback.rate();
        }
    }

    void add(Round round) {
        rounds.add(round);
    }

    /** The round of median ratio (the lower middle for an even count). */
    Round median() {
        if (rounds.isEmpty()) {
            throw new IllegalStateException("no round measured");
        }
        List<Round> byRatio = new ArrayList<>(rounds);
        byRatio.sort(Comparator.comparingDouble(Round::ratio));
        return byRatio.get((byRatio.size() - 1) / 2);
    }

    /** The mean over the rounds of one side's CPU per message, role by role, in the first round's role order. */
    Map<String, Double> meanCpu(Function<Round, Side> side) {
        if (rounds.isEmpty()) {
            throw new IllegalStateException("no round measured");
        }
        Map<String, Double> sum = new LinkedHashMap<>();
        for (Round round : rounds) {
            side.apply(round).cpuMicrosByRole().forEach((role, micros) -> sum.merge(role, micros, Double::sum));
        }
        sum.replaceAll((role, micros) -> micros / rounds.size());
        return sum;
    }
}
