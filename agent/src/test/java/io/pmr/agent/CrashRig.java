package io.pmr.agent;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxCrashPoints;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.hardware.sim.TruthRow;
import io.pmr.proto.v1.IntervalReport;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One agent (region North, classic kinds) on a seeded simulated rig, which a test crashes and restarts on the same
 * data dir: each run builds the rig afresh from the same scenario and replays it from its start, as
 * {@code pmr agent} does. Driver loop on the calling thread; back-pressure honoured (the rig does not advance while
 * the agent is back-pressured).
 */
final class CrashRig {
    static final YearMonth SEPTEMBER = YearMonth.of(2020, 9);
    static final long STEP_NANOS = Duration.ofMinutes(10).toNanos();
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final RigScenario scenario;
    private final String brokerUrl;
    private final Path dataDir;
    private final ScheduledExecutorService scheduler;
    private final int maxOutboxMessages;
    SimulatedRig rig;
    Agent agent;
    long runs;
    long skipped;

    CrashRig(long seed, String brokerUrl, Path dataDir, ScheduledExecutorService scheduler, int maxOutboxMessages) {
        this.scenario = RigScenario.of(seed, 12, SEPTEMBER, RigScenario.defaultTrts());
        this.brokerUrl = brokerUrl;
        this.dataDir = dataDir;
        this.scheduler = scheduler;
        this.maxOutboxMessages = maxOutboxMessages;
    }

    /** A fresh rig (deterministic from the seed) and a new agent on the data dir. */
    Agent start() {
        rig = SimulatedRig.create(scenario);
        agent = Agent.start(AgentSettings.builder().agentId("crashy").region(Region.NORTH).brokerUrl(brokerUrl)
                .dataDir(dataDir).trts(scenario.trts()).publishEvery(Duration.ofHours(6))
                .resendAfter(Duration.ofMillis(300)).maxOutboxMessages(maxOutboxMessages).replayFromStart(true)
                .build(), rig.port(Region.NORTH), scheduler);
        runs++;
        return agent;
    }

    long startEpochNanos() {
        return rig.simulationStartEpochNanos();
    }

    long endEpochNanos() {
        return rig.simulationEndEpochNanos();
    }

    /**
     * Advances the rig a step at a time from its start; before each step {@code beforeStep} sees the virtual time.
     * Stops (returns false) when {@code crashWhen} is true after a step, or a step throws (a crash hook fired):
     * the agent is then crashed. Returns true at the end of the rig.
     */
    boolean run(long untilEpochNanos, Consumer<Long> beforeStep, java.util.function.BooleanSupplier crashWhen)
            throws InterruptedException {
        long end = Math.min(untilEpochNanos, endEpochNanos());
        for (long now = startEpochNanos(); ; now = Math.min(end, now + STEP_NANOS)) {
            beforeStep.accept(now);
            try {
                while (agent.backPressured() && !crashWhen.getAsBoolean()) {
                    agent.awaitRoom(Duration.ofMillis(200)); // the source waits: nothing more is consumed
                }
                rig.advanceTo(now);
                agent.tick();
            } catch (CrashSignal crash) {
                crash();
                return false;
            }
            if (crashWhen.getAsBoolean()) {
                crash();
                return false;
            }
            if (now == end) {
                if (end == endEpochNanos()) {
                    agent.flush();
                    return true;
                }
                crash();
                return false;
            }
        }
    }

    void crash() {
        skipped += agent.counters().intervalsSkipped();
        OutboxCrashPoints.halt(agent.outbox()); // first: a power cut freezes the files before anything else stops
        agent.crash();
    }

    Outbox outbox() {
        return agent.outbox();
    }

    /** measure@period -> events, within TRT, outside (timed out + failed) from the rig's ground truth. */
    Map<String, List<Long>> truth() {
        Map<String, List<Long>> truth = new TreeMap<>();
        for (YearMonth period : List.of(SEPTEMBER.minusMonths(1), SEPTEMBER, SEPTEMBER.plusMonths(1))) {
            for (TruthRow row : rig.groundTruth().rows(period)) {
                if (row.measureId().startsWith(Region.NORTH.providerCode() + "/") && row.events() > 0) {
                    truth.put(row.measureId() + "@" + period,
                            List.of(row.events(), row.withinTrt(), row.lost() + row.failed() + row.lateEnds()));
                }
            }
        }
        return truth;
    }

    /** The same sums from what a collector stored (distinct envelopes only, as its unique key keeps them). */
    static Map<String, List<Long>> sums(List<IntervalReport> reports) {
        Map<String, long[]> sums = new TreeMap<>();
        for (IntervalReport report : reports) {
            YearMonth period = YearMonth.from(Instant.ofEpochMilli(report.getIntervalStartEpochMillis()).atZone(LONDON));
            long[] sum = sums.computeIfAbsent(report.getMeasureId() + "@" + period, k -> new long[3]);
            sum[0] += report.getEvents();
            sum[1] += report.getWithinTrt();
            sum[2] += report.getTimedOut() + report.getFailed();
        }
        Map<String, List<Long>> out = new TreeMap<>();
        sums.forEach((key, sum) -> out.put(key, List.of(sum[0], sum[1], sum[2])));
        return out;
    }

    /** Thrown by a crash hook to stop the driver where the crash happened. */
    static final class CrashSignal extends RuntimeException {
        CrashSignal(String where) {
            super("simulated crash at " + where, null, false, false);
        }
    }
}
