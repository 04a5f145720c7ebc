package io.pmr.launcher;

import io.pmr.agent.Agent;
import io.pmr.agent.AgentCounters;
import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.agent.KindTrts;
import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportWriter;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.model.UkCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One whole demo: starts the collector with its embedded broker and store, the simulated rig, and one
 * agent per region (each its own MQTT client on loopback), runs the month on the rig's virtual clock,
 * waits until the collector has acknowledged every message of every agent, then writes
 * {@code report.json}, {@code report.csv}, {@code report.html} (with {@code hlog/*.hlog} and the page's CSVs) and
 * {@code ground-truth.json} into the output folder.
 *
 * <p>Not thread-safe; one run at a time per output folder.
 */
final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final long STEP_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Agents batch final intervals every virtual hour: ~800 messages per agent for a month. */
    static final Duration PUBLISH_EVERY = Duration.ofHours(1);
    /**
     * Each agent's outbox bound in the demo: two virtual days of hourly batches. When the collector falls behind (a
     * large rig on a busy machine), the rig waits for its acknowledgements instead of running ahead with an
     * unbounded backlog, which kept memory growing and left more to drain at the end than the drain timeout allows
     * (30,000 hubs on main: 1,352 envelopes unacknowledged after 3 minutes of draining).
     */
    static final int OUTBOX_BOUND = 48;
    /** The virtual clock's step once only the SMWAN connectivity kinds are pending (see {@link #coarseAfterEpochNanos}). */
    static final Duration COARSE_STEP = Duration.ofDays(1);

    /** What a run produced, for the console and for tests. */
    record Result(MonthlyReport report, GroundTruthFile truth, OracleCheck.Outcome oracle,
                  List<AgentCounters> agents, IngestCounters collector, long observations,
                  List<String> imported, Path html) {
    }

    private DemoRun() {
    }

    static Result run(DemoOptions options) {
        return run(options, line -> { });
    }

    /**
     * Runs the demo, telling {@code progress} what it is doing: a line per simulated day of the month, then one per
     * phase (settling the longest TRTs, draining, importing, publishing). Lines are for people, not machines.
     */
    static Result run(DemoOptions options, java.util.function.Consumer<String> progress) {
        Path out = options.outDir();
        prepareOutDir(out);
        Path cataloguePath = options.cataloguePath();
        Catalogue catalogue = cataloguePath == null ? Catalogue.shipped() : Catalogue.load(cataloguePath);
        KindTrts kindTrts = CatalogueTrts.measured(catalogue::trtRule, !options.classic());
        Map<EventKind, Duration> trts = kindTrts.trts();
        RigScenario scenario = RigScenario.of(options.seed(), options.hubs(), options.period(), trts);
        SimulatedRig rig = SimulatedRig.create(options.classic() ? scenario : scenario.withWholeSimulation(options.deviceHubs()));

        CollectorSettings collectorSettings = CollectorSettings.builder()
                .databasePath(out.resolve("pmr.db"))
                .cataloguePath(cataloguePath)
                .embeddedSessionQueueSize(options.brokerSessionQueueSize())
                .externalBrokerUrl(options.externalBrokerUrl())
                .build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "pmr-agent-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        List<Agent> agents = new ArrayList<>();
        try (Collector collector = Collector.start(collectorSettings)) {
            LOG.info("collector up, broker {}", collector.brokerUrl());
            for (Region region : Region.values()) {
                AgentSettings settings = AgentSettings.builder()
                        .agentId("agent-" + region.name().toLowerCase(Locale.ROOT))
                        .region(region)
                        .brokerUrl(collector.brokerUrl())
                        .dataDir(out.resolve("agents").resolve(region.name().toLowerCase(Locale.ROOT)))
                        .kindTrts(kindTrts)
                        .publishEvery(PUBLISH_EVERY)
                        .resendAfter(options.resendAfter())
                        .publishCopies(options.publishCopies())
                        .maxOutboxMessages(OUTBOX_BOUND)
                        .build();
                agents.add(Agent.start(settings, rig.port(region), scheduler));
            }
            DemoProgress days = new DemoProgress(options.period(), progress);
            long observations = runMonth(rig, agents, coarseAfterEpochNanos(options.period(), trts), days::stepped);
            progress.accept(String.format(Locale.ROOT, "simulation done: %,d observations; waiting for the collector's"
                    + " acknowledgements", observations));
            // Drain before the flush too: the flush writes the last open intervals and needs room in the bounded outbox.
            awaitDrained(agents, options.drainTimeout());
            for (Agent agent : agents) {
                agent.flush();
            }
            awaitDrained(agents, options.drainTimeout());
            progress.accept("importing what no agent measures (incidents, ratios, outages...)");
            List<String> imported = importOutsideData(collector, options, out, rig);
            progress.accept("publishing the report and checking it against the rig's ground truth");
            MonthlyReport report = collector.publish(options.period(), "demo run");
            GroundTruthFile truth = GroundTruthFile.of(rig.groundTruth(), catalogue, options);
            progress.accept("writing the report files and closing the agents");
            ReportWriter.writeJson(report, out.resolve("report.json"));
            ReportWriter.writeCsv(report, out.resolve("report.csv"));
            ReportWriter.writeCsvTables(report, out);
            Path html = collector.writeViews(report, out);
            truth.write(out.resolve("ground-truth.json"));
            List<AgentCounters> snapshots = new ArrayList<>();
            for (Agent agent : agents) {
                agent.close(Duration.ofSeconds(10));
                snapshots.add(agent.counters());
            }
            agents.clear();
            awaitEveryCopyRecognised(collector, snapshots);
            return new Result(report, truth, OracleCheck.compare(truth, report), snapshots, collector.counters(),
                    observations, imported, html);
        } finally {
            for (Agent agent : agents) {
                agent.close(Duration.ZERO);
            }
            scheduler.shutdownNow();
        }
    }

    /**
     * Imports what a service desk and the providers supply for the month (see {@link DemoImports}), as a user would
     * with {@code pmr collector import}; the files stay in {@code <out>/imports}.
     *
     * @return one summary line per file
     */
    private static List<String> importOutsideData(Collector collector, DemoOptions options, Path out,
            SimulatedRig rig) {
        // The rig's scheduled maintenance is a notice the DCC imports; the agents only probe the interfaces.
        List<String> maintenance = options.classic() ? List.of()
                : DemoImports.maintenanceRows(rig.groundTruth(), java.util.EnumSet.allOf(Region.class));
        List<String> summaries = new ArrayList<>();
        for (Map.Entry<String, Path> file : DemoImports.write(options.period(), out.resolve("imports"),
                options.classic(), maintenance).entrySet()) {
            try {
                ImportOutcome outcome = collector.importFile(ImportKind.parse(file.getKey()),
                        out.relativize(file.getValue()).toString(), Files.readAllBytes(file.getValue()));
                summaries.add(file.getKey() + ": " + outcome.summary());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.getValue(), e);
            }
        }
        return summaries;
    }

    /**
     * When the virtual clock may move in steps of {@link #COARSE_STEP}: once the month has ended and every kind
     * but the SMWAN connectivity ones (30 and 90 days) has passed its TRT, only connectivity events are pending,
     * and their verdicts do not depend on the step (an end is judged by its own timestamps; a connection that
     * never comes expires when the clock passes its deadline, a day later at most, in the interval of its start).
     * Without this the connectivity kinds' 90-day tail costs ~130,000 more minute ticks and ~2,900 more hourly
     * batches (each written durably to the outbox) per agent.
     */
    static long coarseAfterEpochNanos(java.time.YearMonth period, Map<EventKind, Duration> trts) {
        Duration longest = Duration.ZERO;
        for (Map.Entry<EventKind, Duration> trt : trts.entrySet()) {
            EventKind kind = trt.getKey();
            if (kind != EventKind.SMWAN_CONNECTION_30D && kind != EventKind.SMWAN_CONNECTION_90D
                    && trt.getValue().compareTo(longest) > 0) {
                longest = trt.getValue();
            }
        }
        java.time.Instant monthEnd = java.time.Instant.ofEpochMilli(UkCalendar.periodStartEpochMillis(period.plusMonths(1)));
        return TimeUnit.SECONDS.toNanos(monthEnd.plus(longest).plus(Duration.ofHours(1)).getEpochSecond());
    }

    /** {@link #runMonth(SimulatedRig, List, long)} a minute at a time to the end. */
    static long runMonth(SimulatedRig rig, List<Agent> agents) {
        return runMonth(rig, agents, Long.MAX_VALUE);
    }

    private static void awaitRoom(Agent agent) {
        try {
            while (!agent.awaitRoom(Duration.ofSeconds(1))) {
                // the collector is not acknowledging: the rig waits, nothing is dropped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in an agent's outbox", e);
        }
    }

    /**
     * Advances the rig a virtual minute at a time to its end ({@link #COARSE_STEP} at a time from
     * {@code coarseAfterEpochNanos}); after each step the agents tick together ({@link Agent#tickAll}: expire, close,
     * publish). Same thread as the ports' listener calls, as the agents require.
     *
     * @return observations delivered
     */
    static long runMonth(SimulatedRig rig, List<Agent> agents, long coarseAfterEpochNanos) {
        return runMonth(rig, agents, coarseAfterEpochNanos, (now, observed) -> { });
    }

    /** Told after each step of {@link #runMonth}: the rig's virtual time and the observations delivered so far. */
    interface StepListener {
        void stepped(long nowEpochNanos, long observations);
    }

    static long runMonth(SimulatedRig rig, List<Agent> agents, long coarseAfterEpochNanos, StepListener onStep) {
        long observations = 0;
        // The end is asked for once the rig has reached its last day: by then it has counted it from the days it
        // delivered, where asking first would make it generate the whole month once more, before the run started
        // (about 5 s of CPU at 30,000 hubs). The end is after the last day's start, so stepping there is safe.
        long lastDayStart = rig.lastDayStartEpochNanos();
        long end = Long.MAX_VALUE;
        long coarseStepNanos = COARSE_STEP.toNanos();
        long now = rig.simulationStartEpochNanos();
        while (true) {
            observations += rig.advanceTo(now);
            if (end == Long.MAX_VALUE && now >= lastDayStart) {
                end = rig.simulationEndEpochNanos();
            }
            // The agents tick side by side (each after the observations its port was given), and all are done before
            // the rig moves on.
            Agent.tickAll(agents);
            for (Agent agent : agents) {
                awaitRoom(agent); // back-pressure: the rig does not advance while an outbox is full
            }
            onStep.stepped(now, observations);
            if (now == end) {
                return observations;
            }
            long next = now + (now >= coarseAfterEpochNanos ? coarseStepNanos : STEP_NANOS);
            if (end == Long.MAX_VALUE && now < lastDayStart) {
                next = Math.min(next, lastDayStart); // a minute step never passes it (midnights are on the grid)
            }
            now = Math.min(end, next);
        }
    }

    private static void awaitDrained(List<Agent> agents, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Agent agent : agents) {
                agent.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the outboxes to drain", e);
        }
        int pending = 0;
        for (Agent agent : agents) {
            pending += agent.outboxSize();
        }
        if (pending > 0) {
            throw new Undelivered(pending + " messages still unacknowledged by the collector after " + timeout
                    + ": the report would be incomplete, so none was written");
        }
    }

    /**
     * Waits, briefly, until the collector has processed every copy the closed agents published, so the counters the
     * run returns are final. An agent's outbox drains on the collector's Ack for the first copy of its last envelope
     * (the graceful OFFLINE); with {@code publishCopies > 1} the later copies may still be on their way, and a snapshot
     * taken then shows one duplicate fewer than arrived. The outboxes drained, so every envelope written is stored;
     * what is left to wait for is every copy past an envelope's first recognised as a duplicate (the agents start with
     * empty outboxes here, so the envelopes they published are the ones they wrote). Counting processed messages
     * instead would end early when the broker adds one no agent published (an agent's last will, when a first
     * connection attempt dies half-made). Not an error when the bound passes: a broker may drop a copy (a full session
     * queue), and nothing measured depends on a duplicate.
     */
    private static void awaitEveryCopyRecognised(Collector collector, List<AgentCounters> agents) {
        long extraCopies = agents.stream().mapToLong(a -> a.publishes() - a.envelopesWritten()).sum();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (collector.counters().duplicates() < extraCopies && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        IngestCounters counters = collector.counters();
        if (counters.duplicates() < extraCopies) {
            LOG.warn("the collector has recognised {} of the {} copies the agents published past an envelope's first: {}",
                    counters.duplicates(), extraCopies, counters);
        }
    }

    /** The agents' outboxes did not drain in time: the month cannot be reported whole. */
    static final class Undelivered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Undelivered(String message) {
            super(message);
        }
    }

    /** Removes what an earlier demo left in the folder (only our own files), so each run starts fresh. */
    private static void prepareOutDir(Path out) {
        try {
            Files.createDirectories(out);
            for (String name : List.of("pmr.db", "pmr.db-wal", "pmr.db-shm", "report.json", "report.csv", "ground-truth.json",
                    "report.html")) {
                Files.deleteIfExists(out.resolve(name));
            }
            for (Path dir : List.of(out.resolve("agents"), out.resolve(io.pmr.collector.view.ViewFiles.HLOG_DIR))) {
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output folder " + out, e);
        }
    }
}
