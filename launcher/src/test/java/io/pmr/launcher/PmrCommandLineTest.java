package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PmrCommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "agent", "collector"})
    void everyPartHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute(command, "--help");
        assertEquals(0, exit);
        assertTrue(out.toString().contains("Usage: pmr " + command), out.toString());
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
            StringWriter err = new StringWriter();
            CommandLine cli = Pmr.commandLine();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().contains("--http"), err.toString());
            assertTrue(!err.toString().contains("short-secret"), "the token is never shown: " + err);
        }
        assertTrue(!java.nio.file.Files.exists(dir.resolve("pmr.db")), "refused before the collector started");

        StringWriter err = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("collector", "--db", db, "--port", "0", "--http", "127.0.0.1:0",
                "--http-max-connections", "0"));
        assertTrue(err.toString().contains("--http-max-connections 0") && err.toString()
                .contains("maxConnections must be 1..100000, was 0"), err.toString());
        for (String skew : new String[] {"0", "8761"}) {
            StringWriter skewErr = new StringWriter();
            CommandLine skewCli = Pmr.commandLine();
            skewCli.setErr(new PrintWriter(skewErr));
            assertEquals(2, skewCli.execute("collector", "--db", db, "--port", "0", "--max-clock-skew-hours", skew));
            assertTrue(skewErr.toString().contains("--max-clock-skew-hours must be 1..8760, was " + skew),
                    skewErr.toString());
        }
        assertTrue(!java.nio.file.Files.exists(dir.resolve("pmr.db")), "refused before the collector started");
    }

    @Test
    void collectorReportHasHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("collector", "report", "--help"));
        assertTrue(out.toString().contains("--period"), out.toString());
    }

    @Test
    void theRoundTripToolHasHelpAndRefusesAnUnknownRig() {
        StringWriter out = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("agent", "rtt", "--help"));
        assertTrue(out.toString().contains("--rate") && out.toString().contains("--trt"), out.toString());
        StringWriter err = new StringWriter();
        CommandLine refused = Pmr.commandLine();
        refused.setErr(new PrintWriter(err));
        assertEquals(2, refused.execute("agent", "rtt", "--rig", "udp://127.0.0.1:9", "--duration", "1s"));
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
            assertEquals(2, Pmr.commandLine().execute("agent", "rtt", "--rig", "tcp://127.0.0.1:" + closedPort,
                    "--duration", "1s"));
        } finally {
            System.setErr(stderr);
        }
        String message = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(message.startsWith("--rig tcp://127.0.0.1:") && !message.contains("Exception"), message);
    }

    @Test
    void anAgentNeedsABrokerAndARegion() {
        assertEquals(2, Pmr.commandLine().execute("agent", "--region", "north"));
    }

    @Test
    void aBadPeriodIsRejectedNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--period", "2020-13");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--period"), err.toString());
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
}
