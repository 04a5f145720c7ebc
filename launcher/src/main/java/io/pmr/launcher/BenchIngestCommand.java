package io.pmr.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pmr bench ingest}: in one run, the broker's own loopback QoS 1 rate and pmr's ingest rate for the same
 * payloads on the same broker, each after warm-up runs, measured in turns over several rounds, and the CPU per message
 * each used by role ({@link BenchCpu}), ending with the line
 * {@code ingest/broker ratio R (pmr X envelopes/s, broker Y msg/s)}: the round of median ratio ({@link BenchRounds}).
 * Everything lives in a temp dir, deleted at the end.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Measures the collector's ingest against the broker's own loopback rate, in one run.",
                "First a Paho publisher sends the messages through the broker to a Paho subscriber (QoS 1); then the",
                "same publisher sends the same payloads as agent envelopes to pmr's ingest (a fresh SQLite store in a",
                "temp dir) and the run waits until the collector's Acks cover them all. Each is warmed up first, then",
                "measured once the JIT compilers have been idle for a second (the steady state of a long-running process).",
                "The two are measured in turns, --rounds times (the side that goes first alternates), and the ratio",
                "reported is the median round's: load that drifts during the run falls on both sides alike.",
                "Then the CPU each side used per message, by role (thread CPU time: it holds on a busy machine).",
                "Ends with: ingest/broker ratio R (pmr X envelopes/s, broker Y msg/s)."})
final class BenchIngestCommand implements Callable<Integer> {
    /** After a warm-up, the JIT must have been idle this long before the measured phase starts. */
    private static final long JIT_QUIET_MILLIS = 1_000;

    @Option(names = "--broker", defaultValue = "embedded",
            description = "embedded (the collector's own broker) or mosquitto (/usr/sbin/mosquitto) (default ${DEFAULT-VALUE}).")
    BenchBroker.Kind broker;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "0",
            description = "Smallest payload size: envelopes are padded with per-device records up to it (default: the"
                    + " rows' own size).")
    int sizeBytes;

    @Option(names = "--rows-per-envelope", paramLabel = "N", defaultValue = "1",
            description = "One-minute interval rows per envelope, each with a histogram (default ${DEFAULT-VALUE}).")
    int rowsPerEnvelope;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "100000",
            description = "Messages per measurement (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "-1",
            description = "Messages of each side's warm-up run, before it is measured (default: as many as --messages,"
                    + " so both sides are measured with their code compiled: a fifth left the JIT compiling through the"
                    + " measured run).")
    int warmupMessages;

    @Option(names = "--warmup-rounds", paramLabel = "R", defaultValue = "2",
            description = "Least warm-up runs of each side, each on fresh clients (and a fresh store), before it is"
                    + " measured (default ${DEFAULT-VALUE}: after one, the measured run still deoptimized and recompiled"
                    + " what only a run's first messages do, e.g. an agent's first envelope, about a third of its CPU).")
    int warmupRounds;

    @Option(names = "--warmup-max-rounds", paramLabel = "R", defaultValue = "8",
            description = "Most warm-up runs of each side: after --warmup-rounds, a side warms up again until two runs in"
                    + " a row were quiet (see --warmup-quiet-us) (default ${DEFAULT-VALUE}; equal to --warmup-rounds:"
                    + " a fixed count, the method before 2026-12-06).")
    int warmupMaxRounds;

    @Option(names = "--warmup-quiet-us", paramLabel = "US", defaultValue = "1",
            description = "A warm-up run is quiet when the JIT compiled for at most this many microseconds per message"
                    + " of it, from its start until the JIT is idle after it (default ${DEFAULT-VALUE}: 100 ms for"
                    + " 100,000 messages, under 2%% of either side's CPU per message).")
    double warmupQuietMicros;

    @Option(names = "--jit-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "After each side's warm-up, wait at most this long for the JIT compilers to be idle for a"
                    + " second before measuring (default ${DEFAULT-VALUE}; 0: do not wait).")
    int jitWaitSeconds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "4",
            description = "Measured rounds, each the loopback and pmr's ingest in turns (the first alternates, so an even"
                    + " count puts each side first as often); the ratio reported is the median round's, the lower"
                    + " middle one for an even count (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "20",
            description = "Agent ids the envelopes are spread over (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--floor",
            description = {"Also measure, in turns with the other two, the floor: a bare Paho subscriber whose one writer",
                    "inserts each envelope's key and interval rows with plain JDBC into the store's schema, in batches",
                    "as the pipeline commits them, every value computed before the run, no rollups and no Acks",
                    "(BenchFloor). Ends with one more line: floor/broker ratio R (floor X envelopes/s, broker Y msg/s)."})
    boolean floor;

    /** The JIT's compilation ms inside each measured phase (a compile counts when it ends), round by round. */
    private final List<Long> loopbackPhaseCompileMillis = new java.util.ArrayList<>();
    private final List<Long> ingestPhaseCompileMillis = new java.util.ArrayList<>();
    private final List<Long> floorPhaseCompileMillis = new java.util.ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        requireAtLeast(messages, 1, "--messages");
        requireAtLeast(agents, 1, "--agents");
        requireAtLeast(rowsPerEnvelope, 1, "--rows-per-envelope");
        requireAtLeast(sizeBytes, 0, "--size");
        BenchEnvelopes envelopes = new BenchEnvelopes(agents, rowsPerEnvelope, sizeBytes);
        int warmup = warmupMessages < 0 ? messages : warmupMessages;
        requireAtLeast(warmup, 1, "--warmup");
        requireAtLeast(warmupRounds, 1, "--warmup-rounds");
        requireAtLeast(warmupMaxRounds, warmupRounds, "--warmup-max-rounds");
        if (!(warmupQuietMicros >= 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--warmup-quiet-us must be >= 0, was " + warmupQuietMicros);
        }
        requireAtLeast(jitWaitSeconds, 0, "--jit-wait");
        requireAtLeast(rounds, 1, "--rounds");
        List<BenchEnvelopes.Message> warm = envelopes.messages("bench-warm", 1, warmup);
        List<BenchEnvelopes.Message> run = envelopes.messages("bench-agent", 1, messages);
        int payloadBytes = run.get(0).payload().length;
        out.printf(Locale.ROOT, "pmr bench ingest: %s broker, %d messages of %d bytes (%d interval row(s)"
                + " each) over %d agents, %s x %d warm-up, %d round(s)%n", broker.name().toLowerCase(Locale.ROOT),
                messages, payloadBytes, rowsPerEnvelope, agents, warmupRounds == warmupMaxRounds
                        ? Integer.toString(warmupRounds) : warmupRounds + " to " + warmupMaxRounds, warmup, rounds);
        Path dir = Files.createTempDirectory("pmr-bench-ingest");
        try (BenchBroker running = BenchBroker.start(broker, dir)) {
            long jitWaitMillis = jitWaitSeconds * 1000L;
            Runnable settle = () -> BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitMillis);
            long warmupQuietMillis = (long) (warmupQuietMicros * warmup / 1000);
            BenchWarmup.Result loopbackWarmup = BenchWarmup.run(warmupRounds, warmupMaxRounds, warmupQuietMillis,
                    round -> BenchLoopback.rate(running.url(), warm, "warm" + round, loopbackCpu("warm" + round,
                            running)), BenchJit::compileMillis, settle);
            long loopbackSettleMillis = BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitMillis);
            BenchWarmup.Result ingestWarmup = BenchWarmup.run(warmupRounds, warmupMaxRounds, warmupQuietMillis,
                    round -> {
                        Path warmStore = Files.createDirectories(dir.resolve("warm" + round));
                        BenchIngest.rate(running.url(), warmStore, warm, 1, "warm" + round,
                                BenchIngest.cpu("warm" + round, running.cpuNanos()));
                        BenchBroker.deleteTree(warmStore);
                    }, BenchJit::compileMillis, settle);
            long ingestSettleMillis = BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitMillis);
            out.printf(Locale.ROOT, "warm-up: loopback %s; pmr ingest %s%n", describe(loopbackWarmup),
                    describe(ingestWarmup));
            if (floor) {
                BenchWarmup.Result floorWarmup = BenchWarmup.run(warmupRounds, warmupMaxRounds, warmupQuietMillis,
                        round -> {
                            Path warmStore = Files.createDirectories(dir.resolve("floor-warm" + round));
                            BenchFloor.rate(running.url(), warmStore, warm, "floor-warm" + round,
                                    BenchFloor.cpu("floor-warm" + round, running.cpuNanos()));
                            BenchBroker.deleteTree(warmStore);
                        }, BenchJit::compileMillis, settle);
                out.printf(Locale.ROOT, "warm-up: floor %s%n", describe(floorWarmup));
            }
            out.printf(Locale.ROOT, "JIT settled after each warm-up: loopback %d ms, pmr ingest %d ms%n",
                    loopbackSettleMillis, ingestSettleMillis);
            BenchRounds results = new BenchRounds();
            BenchRounds floors = new BenchRounds(); // the floor beside the same round's loopback
            for (int round = 1; round <= rounds; round++) {
                boolean ingestFirst = round % 2 == 0;
                BenchRounds.Side loopback = null;
                BenchRounds.Side ingest = null;
                BenchRounds.Side floorSide = null;
                // with the floor, three phases in a rotating order (each first, second and third in turn)
                String order = !floor ? (ingestFirst ? "PL" : "LP") : List.of("LPF", "PFL", "FLP").get((round - 1) % 3);
                for (char phase : order.toCharArray()) {
                    switch (phase) {
                        case 'L' -> loopback = loopback(running, run, round);
                        case 'P' -> ingest = ingest(running, dir, run, round);
                        default -> floorSide = floor(running, dir, run, round);
                    }
                }
                BenchRounds.Round result = new BenchRounds.Round(loopback, ingest);
                results.add(result);
                out.printf(Locale.ROOT, "round %d of %d (%s first): broker loopback QoS 1 %.0f msg/s, pmr ingest"
                        + " (stored and acked) %.0f envelopes/s, %.0f interval rows/s, ratio %.2f%n", round, rounds,
                        order.charAt(0) == 'P' ? "pmr" : order.charAt(0) == 'L' ? "loopback" : "floor",
                        result.loopback().rate(), result.ingest().rate(), result.ingest().rate() * rowsPerEnvelope,
                        result.ratio());
                if (floor) {
                    BenchRounds.Round floorResult = new BenchRounds.Round(loopback, floorSide);
                    floors.add(floorResult);
                    out.printf(Locale.ROOT, "round %d floor (order %s): %.0f envelopes/s stored, ratio %.2f%n", round,
                            order, floorSide.rate(), floorResult.ratio());
                }
            }
            out.printf(Locale.ROOT, "JIT compilation inside the measured phases, round by round: loopback %s ms,"
                    + " pmr ingest %s ms%s%n", joined(loopbackPhaseCompileMillis), joined(ingestPhaseCompileMillis),
                    floor ? ", floor " + joined(floorPhaseCompileMillis) + " ms" : "");
            out.println(BenchCpu.line("broker loopback", results.meanCpu(BenchRounds.Round::loopback)));
            out.println(BenchCpu.line("pmr ingest", results.meanCpu(BenchRounds.Round::ingest)));
            if (floor) {
                out.println(BenchCpu.line("floor", floors.meanCpu(BenchRounds.Round::ingest)));
                BenchRounds.Round floorMedian = floors.median();
                out.printf(Locale.ROOT, "floor/broker ratio %.2f (floor %.0f envelopes/s, broker %.0f msg/s)%n",
                        floorMedian.ratio(), floorMedian.ingest().rate(), floorMedian.loopback().rate());
            }
            BenchRounds.Round median = results.median();
            out.printf(Locale.ROOT, "ingest/broker ratio %.2f (pmr %.0f envelopes/s, broker %.0f msg/s)%n",
                    median.ratio(), median.ingest().rate(), median.loopback().rate());
            out.flush();
            return ExitCode.OK.code();
        } finally {
            BenchBroker.deleteTree(dir);
        }
    }

    /** One measured loopback phase, after the JIT has been idle for a second (at most the --jit-wait). */
    private BenchRounds.Side loopback(BenchBroker running, List<BenchEnvelopes.Message> run, int round)
            throws Exception {
        BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitSeconds * 1000L);
        String runId = "run" + round;
        BenchCpu cpu = loopbackCpu(runId, running);
        long compileBefore = BenchJit.compileMillis();
        double rate = BenchLoopback.rate(running.url(), run, runId, cpu);
        loopbackPhaseCompileMillis.add(BenchJit.compileMillis() - compileBefore);
        return new BenchRounds.Side(rate, cpu.perMessage());
    }

    /** One measured ingest phase on a fresh store, after the JIT has been idle for a second (at most --jit-wait). */
    private BenchRounds.Side ingest(BenchBroker running, Path dir, List<BenchEnvelopes.Message> run, int round)
            throws Exception {
        BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitSeconds * 1000L);
        Path store = Files.createDirectories(dir.resolve("run" + round));
        String runId = "run" + round;
        BenchCpu cpu = BenchIngest.cpu(runId, running.cpuNanos());
        long compileBefore = BenchJit.compileMillis();
        double rate = BenchIngest.rate(running.url(), store, run, 1, runId, cpu);
        ingestPhaseCompileMillis.add(BenchJit.compileMillis() - compileBefore);
        // Deleted at once, so the kernel has none of its dirty pages to write back during the next phase: kept to the
        // end, a loopback measured right after an ingest phase ran at 37,000-38,000 msg/s against 43,000-44,000 when it
        // went first (Mosquitto, docs/performance.md, ingest round 7).
        BenchBroker.deleteTree(store);
        return new BenchRounds.Side(rate, cpu.perMessage());
    }

    /** One measured floor phase ({@link BenchFloor}) on a fresh file, after the JIT has been idle for a second. */
    private BenchRounds.Side floor(BenchBroker running, Path dir, List<BenchEnvelopes.Message> run, int round)
            throws Exception {
        BenchJit.awaitQuiet(JIT_QUIET_MILLIS, jitWaitSeconds * 1000L);
        Path store = Files.createDirectories(dir.resolve("floor" + round));
        String runId = "floor-run" + round; // not the ingest phase's id: they share the agents' publisher's prefix
        BenchCpu cpu = BenchFloor.cpu(runId, running.cpuNanos());
        long compileBefore = BenchJit.compileMillis();
        double rate = BenchFloor.rate(running.url(), store, run, runId, cpu);
        floorPhaseCompileMillis.add(BenchJit.compileMillis() - compileBefore);
        BenchBroker.deleteTree(store); // as an ingest phase's, at once
        return new BenchRounds.Side(rate, cpu.perMessage());
    }

    /** {@code N round(s), JIT a / b ms, quiet} (or {@code still compiling at the cap}). */
    private static String describe(BenchWarmup.Result warmup) {
        return warmup.rounds() + " round(s), JIT " + joined(warmup.compileMillisByRound()) + " ms, "
                + (warmup.quiet() ? "quiet" : "still compiling at the cap");
    }

    private static String joined(List<Long> millis) {
        return millis.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" / "));
    }

    private static BenchCpu loopbackCpu(String runId, BenchBroker broker) {
        return new BenchCpu(List.of("publisher", "subscriber"), java.util.Map.of(BenchLoopback.publisherId(runId),
                "publisher", BenchLoopback.subscriberId(runId), "subscriber"), broker.cpuNanos());
    }

    private void requireAtLeast(int value, int least, String option) {
        if (value < least) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    option + " must be >= " + least + ", was " + value);
        }
    }
}
