package io.pmr.launcher;

import io.pmr.agent.rtt.RttSession;
import io.pmr.agent.rtt.RttSettings;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.hardware.rig.RigAddress;
import io.pmr.hardware.rig.TcpCommandPort;
import io.pmr.hardware.sim.SimulatedResponder;
import org.HdrHistogram.HistogramLogWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pmr agent rtt}: the lab's live round-trip tool. Sends test commands on a fixed schedule and
 * measures each from its intended send time (a stalled rig is not hidden), prints a live line every
 * {@code --interval}, and at the end (or on Ctrl-C) HdrHistogram's percentile distribution and a .hlog.
 */
@Command(name = "rtt", mixinStandardHelpOptions = true,
        description = {"Sends round-trip test commands at a fixed rate and shows the latency distribution and the",
                "share within each TRT live; measured from each command's intended send time (no coordinated",
                "omission). At the end or on Ctrl-C: a percentile distribution and a .hlog file."})
final class RttCommand implements Callable<Integer> {

    @Option(names = "--rig", defaultValue = "sim", description = "The rig: 'sim' (in-process simulated responder) or tcp://HOST:PORT (pmr rig; the rig and this tool must share a clock: same host or NTP).")
    String rig;

    @Option(names = "--region", defaultValue = "north", description = "north, central or south (default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--kind", defaultValue = "RTT4", description = "RTT2, RTT3 or RTT4 (default ${DEFAULT-VALUE}).")
    EventKind kind;

    @Option(names = "--rate", defaultValue = "10/s", description = "Commands per second, e.g. 20/s (default ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--duration", defaultValue = "10m", description = "How long to send (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--trt", split = ",", description = "TRTs to report the share within, e.g. 25s,2h,22h (default: the kind's TRT).")
    List<Duration> trts;

    @Option(names = "--interval", defaultValue = "5s", description = "How often to print the live line (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--hlog", defaultValue = "rtt.hlog", description = "Interval histogram log to write (default ${DEFAULT-VALUE}).")
    Path hlog;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated responder (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws FileNotFoundException, InterruptedException {
        if (!"sim".equals(rig) && !rig.startsWith("tcp://")) {
            System.err.println("--rig " + rig + ": expected 'sim' or tcp://HOST:PORT");
            return 2;
        }
        double perSecond = Double.parseDouble(rate.toLowerCase(Locale.ROOT).replace("/s", "").trim());
        List<Duration> chosen = new ArrayList<>(trts == null || trts.isEmpty() ? List.of(kind.defaultTrt()) : trts);
        chosen.sort(null);
        RttSettings settings = new RttSettings(kind, perSecond, duration, List.copyOf(chosen), interval, kind.name());
        CommandPort tcpPort = null;
        if (!"sim".equals(rig)) {
            try {
                tcpPort = TcpCommandPort.open(RigAddress.parse(rig), Region.parse(region), Duration.ofSeconds(30));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("--rig " + rig + ": " + e.getMessage());
                return 2;
            }
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        PrintStream hlogStream = new PrintStream(new java.io.FileOutputStream(hlog.toFile()), true, StandardCharsets.UTF_8);
        HistogramLogWriter writer = new HistogramLogWriter(hlogStream);
        writer.outputLogFormatVersion();
        writer.outputComment("pmr agent rtt: round-trip latencies in microseconds from intended send times");
        writer.outputLegend();
        CommandPort responder = tcpPort != null ? tcpPort
                : SimulatedResponder.withDefaults(Region.parse(region), seed, TimeSource.system(), scheduler);
        RttSession[] holder = new RttSession[1];
        RttSession session = new RttSession(responder, settings, TimeSource.system(), scheduler,
                snapshot -> System.out.println(holder[0].liveLine(snapshot)), writer);
        holder[0] = session;
        AtomicBoolean summarized = new AtomicBoolean();
        Runnable finish = () -> {
            if (summarized.compareAndSet(false, true)) {
                session.close();
                responder.close();
                System.out.println();
                session.writeSummary(System.out);
                hlogStream.close();
                System.out.println("interval histograms: " + hlog.toAbsolutePath());
            }
        };
        Thread hook = new Thread(finish, "pmr-rtt-summary");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf(Locale.ROOT, "pmr agent rtt: %s at %.1f/s for %s, TRTs %s, rig %s (%s)%n",
                kind, perSecond, duration, chosen, rig, region);
        session.start();
        session.awaitFinished(duration.plus(settings.maxTrtNanos() > 0 ? Duration.ofNanos(settings.maxTrtNanos()) : Duration.ZERO)
                .plusSeconds(5));
        finish.run();
        Runtime.getRuntime().removeShutdownHook(hook);
        scheduler.shutdownNow();
        return 0;
    }
}
