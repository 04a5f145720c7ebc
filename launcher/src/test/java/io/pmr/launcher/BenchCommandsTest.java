package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.OperatingSystemMXBean;
import io.pmr.proto.v1.Envelope;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pmr bench ingest} and {@code pmr bench store} run end to end on small sizes and end with their ratio line
 * (the figures themselves depend on the machine; what is checked is that each side did all its work: the ingest run
 * fails unless every envelope is stored and acknowledged, the store run unless every envelope is stored).
 */
@Timeout(300)
class BenchCommandsTest {
    private static final Pattern INGEST_RATIO = Pattern.compile(
            "(?m)^ingest/broker ratio (\\d+\\.\\d\\d) \\(pmr (\\d+) envelopes/s, broker (\\d+) msg/s\\)$");
    /** The resolution of the JVM's process CPU time on Linux (clock ticks of 10 ms). */
    private static final double PROCESS_CPU_TICK_MICROS = 10_000;

    @Test
    void benchIngestOnTheEmbeddedBrokerEndsWithTheRatio() {
        int messages = 400;
        long processCpuBeforeNanos = processCpuNanos();
        int rounds = 2;
        String out = run("bench", "ingest", "--messages", Integer.toString(messages), "--agents", "3", "--size",
                "2000", "--rows-per-envelope", "2", "--warmup", "200", "--warmup-max-rounds", "3", "--jit-wait", "1",
                "--rounds", Integer.toString(rounds));
        long commandCpuNanos = processCpuNanos() - processCpuBeforeNanos;
        Matcher ratio = INGEST_RATIO.matcher(out);
        assertTrue(ratio.find(), out);
        assertTrue(Long.parseLong(ratio.group(2)) > 0 && Long.parseLong(ratio.group(3)) > 0, out);
        assertTrue(out.contains("400 messages of 20"), "padded to --size 2000: " + out);
        assertTrue(out.contains("over 3 agents, 2 to 3 x 200 warm-up, 2 round(s)"), "two warm-up rounds at least by"
                + " default: " + out);
        // each side's warm-up rounds and what the JIT compiled in each (the rule: BenchWarmupTest)
        assertTrue(Pattern.compile("(?m)^warm-up: loopback [23] round\\(s\\), JIT \\d+( / \\d+)+ ms, (quiet|still"
                + " compiling at the cap); pmr ingest [23] round\\(s\\), JIT \\d+( / \\d+)+ ms, (quiet|still compiling"
                + " at the cap)$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^JIT compilation inside the measured phases, round by round: loopback \\d+ /"
                + " \\d+ ms, pmr ingest \\d+ / \\d+ ms$").matcher(out).find(), out);
        // the sides in turns, the first alternating; the ratio reported is the median round's (the lower of two)
        Matcher round = Pattern.compile("(?m)^round (\\d) of 2 \\((loopback|pmr) first\\): broker loopback QoS 1"
                + " (\\d+) msg/s, pmr ingest \\(stored and acked\\) (\\d+) envelopes/s, (\\d+) interval rows/s, ratio"
                + " (\\d+\\.\\d\\d)$").matcher(out);
        List<String> firsts = new java.util.ArrayList<>();
        List<String> roundRatios = new java.util.ArrayList<>();
        while (round.find()) {
            firsts.add(round.group(1) + " " + round.group(2));
            assertEquals(2 * Long.parseLong(round.group(4)), Long.parseLong(round.group(5)), 2, "2 rows an envelope: "
                    + round.group());
            roundRatios.add(round.group(3) + " " + round.group(4) + " " + round.group(6));
        }
        assertEquals(List.of("1 loopback", "2 pmr"), firsts, out);
        // The printed ratios have two decimals: rounds printing the same ratio (0.27 and 0.27 from 0.2734 and 0.2714)
        // are a tie here, and the line may be either's; it must be one round's, with the lowest printed ratio.
        double lowest = roundRatios.stream().mapToDouble(line -> Double.parseDouble(line.split(" ")[2])).min()
                .orElseThrow();
        String reported = ratio.group(2) + " " + ratio.group(3) + " " + ratio.group(1);
        assertTrue(roundRatios.stream().anyMatch(line -> line.equals(ratio.group(3) + " " + ratio.group(2) + " "
                + ratio.group(1))), "the reported line is one round's: " + reported + " in " + roundRatios + ": " + out);
        assertEquals(lowest, Double.parseDouble(ratio.group(1)), "the reported line is the lower-ratio round's: " + out);
        assertTrue(Pattern.compile("(?m)^JIT settled after each warm-up: loopback \\d+ ms, pmr ingest \\d+ ms$")
                .matcher(out).find(), out);
        // where each side's CPU went, by role: every role of the collector did work
        Matcher loopback = Pattern.compile("(?m)^cpu per message, broker loopback: broker (\\S+) us, publisher (\\S+)"
                + " us, subscriber (\\S+) us, JVM \\(GC, JIT\\) (\\S+) us, total (\\S+) us$").matcher(out);
        assertTrue(loopback.find(), out);
        Matcher ingest = Pattern.compile("(?m)^cpu per message, pmr ingest: broker (\\S+) us, publisher (\\S+) us,"
                + " collector mqtt (\\S+) us, collector validate (\\S+) us, collector write (\\S+) us, ack listener"
                + " (\\S+) us, JVM \\(GC, JIT\\) (\\S+) us, total (\\S+) us$").matcher(out);
        assertTrue(ingest.find(), out);
        for (int role : new int[] {1, 3, 4, 5}) {
            assertTrue(Double.parseDouble(ingest.group(role)) > 0, "role " + role + " did work: " + out);
        }
        // The measured phases ran inside the command, one after the other, on this JVM (the embedded broker
        // too): the CPU they report cannot exceed the process CPU the whole command used, read here on its own. A
        // thread's lifetime CPU counted instead of its phase's (the test JVM's main thread has run every earlier
        // test), a thread counted twice or a unit slip would exceed it; BenchCpuTest checks the split sharply. The
        // tolerance is not time: the process CPU clock's tick (10 ms on Linux) for each of the differences read,
        // and the printed figures' rounding (0.05 us a message each).
        double phasesMicros = (Double.parseDouble(loopback.group(5)) + Double.parseDouble(ingest.group(8))) * messages
                * rounds; // each line is the rounds' mean
        double commandMicros = commandCpuNanos / 1e3;
        double toleranceMicros = (2 * rounds + 1) * PROCESS_CPU_TICK_MICROS + 2 * 0.05 * messages * rounds;
        assertTrue(phasesMicros <= commandMicros + toleranceMicros, String.format(Locale.ROOT,
                "the phases' CPU %.0f us within the command's %.0f us: %s", phasesMicros, commandMicros, out));
    }

    @Test
    void benchIngestWithTheFloorMeasuresItInTurnsAndEndsWithBothRatios() {
        String out = run("bench", "ingest", "--floor", "--messages", "300", "--agents", "3", "--rows-per-envelope", "2",
                "--warmup", "100", "--warmup-max-rounds", "2", "--jit-wait", "1", "--rounds", "3");
        // three phases a round, each of them first once in three rounds (the floor's own rows are checked by the run:
        // it fails unless the file holds every envelope and interval row once)
        List<String> orders = new java.util.ArrayList<>();
        Matcher round = Pattern.compile("(?m)^round (\\d) floor \\(order ([LPF]{3})\\): (\\d+) envelopes/s stored,"
                + " ratio (\\d+\\.\\d\\d)$").matcher(out);
        while (round.find()) {
            orders.add(round.group(1) + " " + round.group(2));
            assertTrue(Long.parseLong(round.group(3)) > 0, out);
        }
        assertEquals(List.of("1 LPF", "2 PFL", "3 FLP"), orders, out);
        assertTrue(out.contains("round 3 of 3 (floor first)"), out);
        assertTrue(Pattern.compile("(?m)^warm-up: floor [12] round\\(s\\), JIT \\d+( / \\d+)* ms, (quiet|still"
                + " compiling at the cap)$").matcher(out).find(), out);
        Matcher cpu = Pattern.compile("(?m)^cpu per message, floor: broker (\\S+) us, publisher (\\S+) us, subscriber"
                + " (\\S+) us, floor write (\\S+) us, JVM \\(GC, JIT\\) (\\S+) us, total (\\S+) us$").matcher(out);
        assertTrue(cpu.find(), out);
        for (int role : new int[] {2, 3, 4}) {
            assertTrue(Double.parseDouble(cpu.group(role)) > 0, "role " + role + " did work: " + out);
        }
        Matcher floor = Pattern.compile("(?m)^floor/broker ratio \\d+\\.\\d\\d \\(floor \\d+ envelopes/s, broker \\d+"
                + " msg/s\\)$").matcher(out);
        assertTrue(floor.find(), out);
        Matcher ratio = INGEST_RATIO.matcher(out);
        assertTrue(ratio.find() && ratio.start() > floor.start(), "the ingest line stays the last: " + out);
    }

    /** This JVM's CPU time so far, in nanoseconds (all its threads). */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Test
    void benchIngestOnMosquittoEndsWithTheRatio() {
        assumeTrue(BenchBroker.MOSQUITTO.toFile().canExecute(), "mosquitto is not installed");
        // 3,000 messages: the broker process's CPU is read in clock ticks of 10 ms, and 300 (about 4 ms of
        // Mosquitto's CPU) could read as none
        String out = run("bench", "ingest", "--broker", "mosquitto", "--messages", "3000", "--warmup", "300",
                "--warmup-rounds", "1", "--warmup-max-rounds", "1", "--jit-wait", "0", "--rounds", "1");
        assertTrue(INGEST_RATIO.matcher(out).find(), out);
        // the broker's CPU is the Mosquitto process's, read from outside the JVM
        Matcher broker = Pattern.compile("(?m)^cpu per message, pmr ingest: broker (\\S+) us").matcher(out);
        assertTrue(broker.find() && Double.parseDouble(broker.group(1)) > 0, out);
    }

    @Test
    void benchStoreEndsWithTheRatio() {
        String out = run("bench", "store", "--envelopes", "60", "--rows-per-envelope", "5", "--batch", "7");
        assertTrue(Pattern.compile("(?m)^store/raw ratio \\d+\\.\\d\\d \\(store \\d+ rows/s, raw \\d+ rows/s\\)$")
                .matcher(out).find(), out);
        // each side's thread CPU per envelope: measured, so above zero (60 envelopes cost well over 0.05 us each)
        for (String side : List.of("raw JDBC inserts", "store insert path")) {
            Matcher cpu = Pattern.compile("(?m)^" + side
                    + ": \\d+ rows/s \\(thread cpu (\\d+\\.\\d) us per envelope\\)$").matcher(out);
            assertTrue(cpu.find() && Double.parseDouble(cpu.group(1)) > 0, out);
        }
    }

    @Test
    void benchStoreHandsTheStorePreparedEnvelopesUnlessToldNot() {
        // the store's timed runs must write the unprepared reference's rollups, or the command fails (exit code)
        String prepared = run("bench", "store", "--envelopes", "30", "--rows-per-envelope", "4", "--batch", "7");
        assertTrue(prepared.contains(" warm-up, prepared before the clock; "), prepared);
        String unprepared = run("bench", "store", "--envelopes", "30", "--rows-per-envelope", "4", "--batch", "7",
                "--no-prepared");
        assertTrue(unprepared.contains(" warm-up, not prepared; "), unprepared);
        for (String out : List.of(prepared, unprepared)) {
            assertTrue(Pattern.compile("(?m)^store/raw ratio \\d+\\.\\d\\d \\(store \\d+ rows/s, raw \\d+ rows/s\\)$")
                    .matcher(out).find(), out);
        }
    }

    @Test
    void aStoreRunsRollupsDifferingFromTheReferenceAreNamed() {
        Map<String, Object[]> reference = Map.of("a\0m\0s\0" + 0, new Object[] {"a", 3L, new byte[] {1, 2}});
        assertNull(BenchStoreCommand.rollupDifference(
                Map.of("a\0m\0s\0" + 0, new Object[] {"a", 3L, new byte[] {1, 2}}), reference));
        assertEquals("rollup a/m/s/0 differs", BenchStoreCommand.rollupDifference(
                Map.of("a\0m\0s\0" + 0, new Object[] {"a", 3L, new byte[] {1, 3}}), reference));
        assertEquals("1 rollups against 1, not the same keys", BenchStoreCommand.rollupDifference(
                Map.of("b\0m\0s\0" + 0, new Object[] {"a", 3L, new byte[] {1, 2}}), reference));
    }

    @Test
    void benchStoreRunsItsRoundsInTurnsAndReportsTheirMedians() {
        String out = run("bench", "store", "--envelopes", "20", "--rows-per-envelope", "3", "--batch", "7",
                "--rounds", "3");
        for (String round : List.of("round 1 (raw first)", "round 2 (store first)", "round 3 (raw first)")) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(round) + ": raw \\d+ rows/s \\(cpu \\d+\\.\\d us\\),"
                    + " store \\d+ rows/s \\(cpu \\d+\\.\\d us\\): ratio \\d+\\.\\d\\d, cpu ratio \\d+\\.\\d\\d$")
                    .matcher(out).find(), out);
        }
        assertTrue(Pattern.compile("(?m)^thread cpu raw/store \\d+\\.\\d\\d$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^store/raw ratio \\d+\\.\\d\\d \\(store \\d+ rows/s, raw \\d+ rows/s\\)$")
                .matcher(out).find(), out);
    }

    @Test
    void theRoundsMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertEquals(2.0, BenchStoreRounds.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchStoreRounds.median(new double[] {4, 1, 3, 2}));
        assertEquals(0.7, BenchStoreRounds.median(new double[] {0.7}));
    }

    @Test
    void benchEnvelopesAreValidPaddedToTheSizeAndKeyedPerAgent() throws Exception {
        List<BenchEnvelopes.Message> messages = new BenchEnvelopes(2, 3, 5_000).messages("a", 9, 5);
        assertEquals(List.of("a-0", "a-1", "a-0", "a-1", "a-0"), messages.stream().map(BenchEnvelopes.Message::agentId)
                .toList());
        assertEquals(List.of(1L, 1L, 2L, 2L, 3L), messages.stream().map(BenchEnvelopes.Message::sequence).toList());
        for (BenchEnvelopes.Message message : messages) {
            assertTrue(message.payload().length >= 5_000 && message.payload().length < 5_200,
                    "size " + message.payload().length);
            Envelope envelope = Envelope.parseFrom(message.payload());
            assertEquals(3, envelope.getIntervals().getIntervalsCount());
            assertEquals("pmr/v1/" + envelope.getAgentId() + "/intervals", message.topic());
        }
    }

    @Test
    void aNonPositiveCountIsAUsageError() {
        CliRun cli = new CliRun();
        assertEquals(ExitCode.USAGE.code(), cli.run("bench", "ingest", "--messages", "0"), cli.err());
        assertTrue(cli.err().contains("--messages"), cli.err());
        CliRun rounds = new CliRun();
        assertEquals(ExitCode.USAGE.code(), rounds.run("bench", "ingest", "--warmup-rounds", "0"), rounds.err());
        assertTrue(rounds.err().contains("--warmup-rounds must be >= 1, was 0"), rounds.err());
        CliRun capBelowLeast = new CliRun();
        assertEquals(ExitCode.USAGE.code(), capBelowLeast.run("bench", "ingest", "--warmup-rounds", "3",
                "--warmup-max-rounds", "2"), capBelowLeast.err());
        assertTrue(capBelowLeast.err().contains("--warmup-max-rounds must be >= 3, was 2"), capBelowLeast.err());
        CliRun measured = new CliRun();
        assertEquals(ExitCode.USAGE.code(), measured.run("bench", "ingest", "--rounds", "0"), measured.err());
        assertTrue(measured.err().contains("--rounds must be >= 1, was 0"), measured.err());
    }

    /** Runs a bench command that must succeed; returns what it printed. */
    private static String run(String... args) {
        CliRun cli = new CliRun();
        assertEquals(0, cli.run(args), String.join(" ", args) + ": " + cli.err());
        return cli.out();
    }
}
