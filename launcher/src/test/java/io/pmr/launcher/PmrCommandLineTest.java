package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PmrCommandLineTest {
    private final CliRun cli = new CliRun();

    @ParameterizedTest
    @ValueSource(strings = {"demo", "agent", "collector"})
    void everyPartHasHelp(String command) {
        assertEquals(0, cli.run(command, "--help"));
        assertTrue(cli.out().contains("Usage: pmr " + command), cli.out());
    }

    @Test
    void collectorRefusesBadHttpOptionsBeforeStarting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path tokenFile = dir.resolve("token");
        java.nio.file.Files.writeString(tokenFile, "short-secret\n");
        String db = dir.resolve("pmr.db").toString();
        String[][] refused = {
                {"collector", "--db", db, "--port", "0", "--http", "no-port"},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:99999"},
                {"collector", "--db", db, "--port", "0", "--http-token-file", tokenFile.toString()},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0", "--http-token-file",
                        tokenFile.toString()},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0", "--http-token-file",
                        dir.resolve("absent").toString()},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0", "--http-max-connections", "0"},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0", "--http-request-timeout-seconds",
                        "0"},
                {"collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0", "--http-idle-timeout-seconds",
                        "7200"}};
        for (String[] args : refused) {
            assertEquals(2, cli.run(args), String.join(" ", args) + ": " + cli.err());
            assertTrue(cli.err().contains("--http"), cli.err());
            assertTrue(!cli.err().contains("short-secret"), "the token is never shown: " + cli.err());
        }
        assertTrue(!java.nio.file.Files.exists(dir.resolve("pmr.db")), "refused before the collector started");

        assertEquals(2, cli.run("collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0",
                "--http-max-connections", "0"));
        assertTrue(cli.err().contains("--http-max-connections 0") && cli.err()
                .contains("maxConnections must be 1..100000, was 0"), cli.err());
        for (String skew : new String[] {"0", "8761"}) {
            assertEquals(2, cli.run("collector", "--db", db, "--port", "0", "--max-clock-skew-hours", skew));
            assertTrue(cli.err().contains("--max-clock-skew-hours must be 1..8760, was " + skew), cli.err());
        }
        for (String[] bad : new String[][] {{"--ingest-batch-size", "0", "1..100000"},
                {"--ingest-batch-size", "100001", "1..100000"}, {"--ingest-batch-delay-millis", "-1", "0..10000"},
                {"--ingest-batch-delay-millis", "10001", "0..10000"}, {"--ingest-validator-threads", "0", "1..64"},
                {"--ingest-validator-threads", "65", "1..64"}}) {
            assertEquals(2, cli.run("collector", "--db", db, "--port", "0", bad[0], bad[1]));
            assertTrue(cli.err().contains(bad[0] + " must be " + bad[2] + ", was " + bad[1]), cli.err());
        }
        assertTrue(!java.nio.file.Files.exists(dir.resolve("pmr.db")), "refused before the collector started");
    }

    @Test
    void collectorReportHasHelp() {
        assertEquals(0, cli.run("collector", "report", "--help"));
        assertTrue(cli.out().contains("--period"), cli.out());
    }

    @Test
    void theRoundTripToolHasHelpAndRefusesAnUnknownRig() {
        assertEquals(0, cli.run("agent", "rtt", "--help"));
        assertTrue(cli.out().contains("--rate") && cli.out().contains("--trt"), cli.out());
        assertEquals(2, cli.run("agent", "rtt", "--rig", "udp://127.0.0.1:9", "--duration", "1s"));
        // Without --trt the kind's own TRT is used (this once threw on an immutable list).
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            // Nothing listens on a port this test just closed: a clear error, exit 2, no stack trace.
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertEquals(ExitCode.RIG_LINK_FAILED.code(), Pmr.commandLine().execute("agent", "rtt", "--rig", "tcp://127.0.0.1:" + closedPort,
                    "--duration", "1s"));
        } finally {
            System.setErr(stderr);
        }
        String message = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(message.startsWith("--rig tcp://127.0.0.1:") && !message.contains("Exception"), message);
    }

    @Test
    void anAgentNeedsABrokerAndARegion() {
        assertEquals(2, cli.run("agent", "--region", "north"));
    }

    /**
     * A URL Paho cannot read was a collector's "internal error" after three attempts (and an agent retrying for ever:
     * AgentSettingsTest, since here such an agent would never return).
     */
    @Test
    void aBrokerUrlWithoutAReadableHostIsAUsageErrorBeforeTheCollectorStarts(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        String url = "tcp://127.0.0.1:1883,";
        String problem = "has no host name or address that java.net.URI can read";
        assertEquals(2, cli.run("collector", "--db", dir.resolve("pmr.db").toString(), "--broker-url", url));
        assertTrue(cli.err().contains("--broker-url " + url + ": " + problem), cli.err());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("pmr.db")), "refused before the collector started");
    }

    @Test
    void aBadPeriodIsRejectedNamingTheOption() {
        assertEquals(2, cli.run("demo", "--period", "2020-13"));
        assertTrue(cli.err().contains("--period"), cli.err());
    }

    @Test
    void durationsAsUsersWriteThem() {
        assertEquals(Duration.ofSeconds(25), TrtText.parse("25s"));
        assertEquals(Duration.ofHours(22), TrtText.parse("22h"));
        assertEquals(Duration.ofMillis(1500), TrtText.parse("1500ms"));
        assertEquals(Duration.ofDays(90), TrtText.parse("90d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrtText.parse("25 seconds"));
        assertEquals("'25 seconds' is not a duration: expected a number and ms, s, m, h or d (e.g. 25s)", e.getMessage());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "agent --broker tcp://127.0.0.1:1 --region west|--region|north, central or south",
            "agent --broker tcp://127.0.0.1:1 --region north --period 2020-13|--period|yyyy-MM",
            "demo --period 2020-13|--period|yyyy-MM",
            "collector report --period +10000-01|--period|yyyy-MM",
            "agent rtt --duration 10x|--duration|expected a number and ms, s, m, h or d",
            "agent rtt --rate fast|--rate|commands per second",
            "agent rtt --rate 0/s|--rate|commands per second",
            "agent rtt --grace soon|--grace|expected a number and ms, s, m, h or d",
            "agent rtt --region west|--region|north, central or south",
            "agent rtt --rig udp://127.0.0.1:9|--rig|'sim' or tcp://HOST:PORT",
            "agent rtt --rate 1000000/s --duration 1s|--rate|commandsPerSecond",
            "agent rtt --trt 25s,25s|--trt|ascending",
            "agent rtt --duration 1s --hlog /nonexistent-dir/rtt.hlog|--hlog|cannot write it",
            "agent --region north|--broker|required",
            "agent --broker mqtt://127.0.0.1:1 --region north|--broker 'mqtt://127.0.0.1:1'|must start with tcp:// or ssl://",
            "agent --broker tcp://127.0.0.1:1 --region north --max-outbox 0|--max-outbox must be at least 1|was 0",
            "agent --broker tcp://127.0.0.1:1 --region north --id a/b|--id 'a/b'|must match",
            "collector import tickets x.csv|KIND|unknown import kind",
            "collector --port 0 --shared lab|--shared lab needs --broker-url|embedded broker serves this one collector",
            "collector --broker-url tcp://127.0.0.1:1 --shared a/b|--shared|MQTT forbids '/', '+' and '#'",
            "collector --broker-url tcp://127.0.0.1:1 --shared g#|--shared|at position 2",
            "collector --broker-url tcp://127.0.0.1:1 --shared lab --client-id a\u0007b|--client-id|printable ASCII",
            "demo --hubs|--hubs|parameter"})
    void everyBadArgumentIsOneLineNamingTheOptionAndExitsTwo(String line, String option, String accepted) {
        assertEquals(ExitCode.USAGE.code(), cli.run(line.split(" ")), line + ": " + cli.err());
        String[] lines = cli.err().split("\\R");
        assertEquals(2, lines.length, "one line and where help is: " + cli.err());
        assertTrue(lines[0].contains(option) && lines[0].contains(accepted), lines[0]);
        assertTrue(lines[1].startsWith("(see 'pmr "), lines[1]);
        assertTrue(!cli.err().contains("Exception") && !cli.err().contains("\tat "), cli.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "agent", "agent rtt", "collector", "collector report", "collector import",
            "collector agents", "rig", "credentials", "decode", "bench", "bench ingest", "bench store"})
    void everyHelpListsTheExitCodesAndEverySummaryIsWhole(String command) {
        java.util.List<String> args = new java.util.ArrayList<>(command.isEmpty() ? java.util.List.of()
                : java.util.List.of(command.split(" ")));
        args.add("--help");
        assertEquals(0, cli.run(args.toArray(String[]::new)));
        String help = cli.out();
        assertTrue(help.contains("Exit codes:"), help);
        for (ExitCode exit : ExitCode.values()) {
            String start = exit.meaning().substring(0, Math.min(25, exit.meaning().length()));
            assertTrue(help.matches("(?s).*\\n +" + exit.code() + " +" + java.util.regex.Pattern.quote(start) + ".*"),
                    exit + " in the help of '" + command + "':\n" + help);
        }
        // the Commands: list shows each subcommand's first description line: a whole sentence
        // (wrapped onto more lines when long: a continuation is indented past the names' two spaces)
        java.util.List<String> summaries = new java.util.ArrayList<>();
        boolean inCommands = false;
        for (String line : help.split("\\R")) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isBlank()) {
                inCommands = false;
            } else if (inCommands && line.startsWith("   ") && !summaries.isEmpty()) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            } else if (inCommands) {
                summaries.add(line.strip());
            }
        }
        for (String summary : summaries) {
            assertTrue(summary.endsWith("."), "a cut summary in '" + command + " --help': " + summary);
        }
        assertEquals(1, ExitCode.INTERNAL.code());
    }

    @Test
    void exitCodesHaveOneMeaningEach() {
        java.util.Set<Integer> codes = new java.util.HashSet<>();
        for (ExitCode exit : ExitCode.values()) {
            assertTrue(codes.add(exit.code()), "code " + exit.code() + " used twice");
        }
        assertEquals(2, ExitCode.USAGE.code());
        assertEquals(3, ExitCode.GROUND_TRUTH_MISMATCH.code(), "the demo's documented 3");
        assertEquals(4, ExitCode.DATA_DIR_REFUSED.code(), "the agent's documented 4");
        assertTrue(ExitCode.UNACKNOWLEDGED.code() != ExitCode.USAGE.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "agent --version", "collector report --version"})
    void versionIsTheBuildsVersionAndCommitAsAgentsReportIt(String line) {
        assertEquals(0, cli.run(line.split(" ")));
        io.pmr.agent.BuildInfo build = io.pmr.agent.BuildInfo.current();
        assertEquals("pmr " + build, cli.out().strip());
        assertTrue(cli.out().matches("pmr \\S+ \\(commit ([0-9a-f]{7,40}|unknown)\\)\\R?"), cli.out());
        assertTrue(!build.version().equals("unknown"), "the Maven build filters the version in: " + build);
    }
}
