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
import picocli.CommandLine;
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
 * {@code pmr agent rtt}: the lab's live round-trip tool, like wrk2. Sends test commands on a fixed schedule and
 * measures each from its intended send time (a stalled rig is not hidden), prints a live line every
 * {@code --interval}, stops at {@code --duration} + {@code --grace} (responses still pending then are counted as
 * unanswered at stop), and prints HdrHistogram's percentile distribution; the {@code .hlog} is untagged, in
 * nanoseconds, readable by HdrHistogram's {@code HistogramLogProcessor} with its defaults.
 */
@Command(name = "rtt", mixinStandardHelpOptions = true,
        description = {"Measures round-trip latencies live at a fixed rate, like wrk2 (no coordinated omission).",
                "Sends round-trip test commands at a fixed rate and shows the latency distribution and the",
                "share within each TRT live, each command measured from its intended send time (no coordinated",
                "omission). Stops at --duration plus --grace: commands still waiting for a response then are counted",
                "as 'unanswered at stop', apart from those lost past their TRT. At the end or on Ctrl-C: the",
                "percentile distribution in milliseconds and an untagged .hlog in nanoseconds (HdrHistogram's",
                "HistogramLogProcessor reads it with its defaults)."})
final class RttCommand implements Callable<Integer> {

    @Option(names = "--rig", defaultValue = "sim", description = "The rig: 'sim' (in-process simulated responder) or tcp://HOST:PORT (pmr rig; the rig and this tool must share a clock: same host or NTP).")
    String rig;

    @Option(names = "--region", defaultValue = "north", description = "north, central or south (default ${DEFAULT-VALUE}).")
    Region region;

    @Option(names = "--kind", defaultValue = "RTT4", description = "RTT2, RTT3 or RTT4 (default ${DEFAULT-VALUE}).")
    EventKind kind;

    @Option(names = "--rate", defaultValue = "10/s", converter = CliConverters.Rate.class,
            description = "Commands per second, e.g. 20/s (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "10m", description = "How long to send (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--grace", defaultValue = "30s", description = "How long after --duration to wait for the last responses before stopping (default ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--trt", split = ",", description = "TRTs to report the share within, e.g. 25s,2h,22h (default: the kind's TRT); the largest is the loss deadline.")
    List<Duration> trts;

    @Option(names = "--interval", defaultValue = "5s", description = "How often to print the live line (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--hlog", defaultValue = "rtt.hlog", description = "Interval histogram log to write, nanoseconds, untagged (default ${DEFAULT-VALUE}).")
    Path hlog;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated responder (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!"sim".equals(rig) && !rig.startsWith("tcp://")) {
            throw usage("--rig", rig, "expected 'sim' or tcp://HOST:PORT");
        }
        List<Duration> chosen = new ArrayList<>(trts == null || trts.isEmpty() ? List.of(kind.defaultTrt()) : trts);
        chosen.sort(null);
        RttSettings settings = settings(chosen);
        CommandPort tcpPort = null;
        if (!"sim".equals(rig)) {
            try {
                tcpPort = TcpCommandPort.open(RigAddress.parse(rig), region, Duration.ofSeconds(30));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("--rig " + rig + ": " + e.getMessage());
                return ExitCode.RIG_LINK_FAILED.code();
            }
        }
        PrintStream hlogStream;
        try {
            hlogStream = new PrintStream(new java.io.FileOutputStream(hlog.toFile()), true, StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            if (tcpPort != null) {
                tcpPort.close();
            }
            throw usage("--hlog", hlog.toString(), "cannot write it (" + e.getMessage() + ")");
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        CommandPort responder = tcpPort != null ? tcpPort
                : SimulatedResponder.withDefaults(region, seed, TimeSource.system(), scheduler);
        RttSession[] holder = new RttSession[1];
        RttSession session = new RttSession(responder, settings, TimeSource.system(), scheduler,
                snapshot -> System.out.println(holder[0].liveLine(snapshot)), new HistogramLogWriter(hlogStream));
        holder[0] = session;
        AtomicBoolean summarized = new AtomicBoolean();
        Runnable finish = () -> {
            if (summarized.compareAndSet(false, true)) {
                session.close();
                responder.close();
                System.out.println();
                session.writeSummary(System.out);
                hlogStream.close();
                System.out.println("interval histograms (nanoseconds, untagged): " + hlog.toAbsolutePath());
            }
        };
        Thread hook = new Thread(finish, "pmr-rtt-summary");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf(Locale.ROOT, "pmr agent rtt: %s at %s/s for %s, TRTs %s, rig %s (%s); stops at %s + grace %s"
                        + " (--grace) at the latest%n", kind, rate, TrtText.format(duration), TrtText.format(chosen),
                rig, region.name().toLowerCase(Locale.ROOT), TrtText.format(duration), TrtText.format(grace));
        session.start();
        // The session stops by itself at duration + grace on its own clock; the extra minute only guards against a
        // scheduler that never ran.
        session.awaitFinished(duration.plus(grace).plusMinutes(1));
        finish.run();
        Runtime.getRuntime().removeShutdownHook(hook);
        scheduler.shutdownNow();
        return ExitCode.OK.code();
    }

    private RttSettings settings(List<Duration> chosen) {
        try {
            return new RttSettings(kind, rate, duration, List.copyOf(chosen), interval, grace);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String option = message.startsWith("commandsPerSecond x duration") ? "--rate x --duration"
                    : message.startsWith("commandsPerSecond") ? "--rate"
                    : message.startsWith("duration + grace") ? "--duration + --grace"
                    : message.startsWith("duration") ? "--duration"
                    : message.startsWith("trts") ? "--trt"
                    : message.startsWith("reportInterval") ? "--interval"
                    : message.startsWith("grace") ? "--grace" : "options";
            return throwUsage(option, message);
        }
    }

    private RttSettings throwUsage(String option, String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + message);
    }

    private CommandLine.ParameterException usage(String option, String value, String expected) {
        return new CommandLine.ParameterException(spec.commandLine(), option + " " + value + ": " + expected);
    }
}
