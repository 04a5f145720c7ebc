package io.pmr.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pmr.proto.v1.Envelope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code pmr bench ingest} and {@code pmr bench store} run end to end on small sizes and end with their ratio line
 * (the figures themselves depend on the machine; what is checked is that each side did all its work: the ingest run
 * fails unless every envelope is stored and acknowledged, the store run unless every envelope is stored).
 */
@Timeout(300)
class BenchCommandsTest {
    private static final Pattern INGEST_RATIO = Pattern.compile(
            "(?m)^ingest/broker ratio (\\d+\\.\\d\\d) \\(pmr (\\d+) envelopes/s, broker (\\d+) msg/s\\)$");

    @Test
    void benchIngestOnTheEmbeddedBrokerEndsWithTheRatio() {
        String out = run("bench", "ingest", "--messages", "400", "--agents", "3", "--size", "2000",
                "--rows-per-envelope", "2", "--warmup", "200", "--jit-wait", "1");
        Matcher ratio = INGEST_RATIO.matcher(out);
        assertTrue(ratio.find(), out);
        assertTrue(Long.parseLong(ratio.group(2)) > 0 && Long.parseLong(ratio.group(3)) > 0, out);
        assertTrue(out.contains("400 messages of 20"), "padded to --size 2000: " + out);
        assertTrue(out.contains("over 3 agents, 2 x 200 warm-up"), "two warm-up rounds by default: " + out);
        assertTrue(Pattern.compile("(?m)^JIT settled after each warm-up: loopback \\d+ ms, pmr ingest \\d+ ms$")
                .matcher(out).find(), out);
        // where each side's CPU went, by role: every role of the collector did work, and the totals add up
        Matcher loopback = Pattern.compile("(?m)^cpu per message, broker loopback: broker (\\S+) us, publisher (\\S+)"
                + " us, subscriber (\\S+) us, JVM \\(GC, JIT\\) (\\S+) us, total (\\S+) us$").matcher(out);
        assertTrue(loopback.find(), out);
        Matcher ingest = Pattern.compile("(?m)^cpu per message, pmr ingest: broker (\\S+) us, publisher (\\S+) us,"
                + " collector mqtt (\\S+) us, collector validate (\\S+) us, collector write (\\S+) us, ack listener"
                + " (\\S+) us, JVM \\(GC, JIT\\) (\\S+) us, total (\\S+) us$").matcher(out);
        assertTrue(ingest.find(), out);
        double sum = 0;
        for (int role = 1; role <= 7; role++) {
            sum += Double.parseDouble(ingest.group(role));
        }
        assertEquals(Double.parseDouble(ingest.group(8)), sum, 0.8, "the roles add up to the total: " + out);
        for (int role : new int[] {1, 3, 4, 5}) {
            assertTrue(Double.parseDouble(ingest.group(role)) > 0, "role " + role + " did work: " + out);
        }
    }

    @Test
    void benchIngestOnMosquittoEndsWithTheRatio() {
        assumeTrue(BenchBroker.MOSQUITTO.toFile().canExecute(), "mosquitto is not installed");
        String out = run("bench", "ingest", "--broker", "mosquitto", "--messages", "300", "--warmup-rounds", "1",
                "--jit-wait", "0");
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
        StringWriter err = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(ExitCode.USAGE.code(), cli.execute("bench", "ingest", "--messages", "0"), err.toString());
        assertTrue(err.toString().contains("--messages"), err.toString());
        StringWriter roundsErr = new StringWriter();
        cli.setErr(new PrintWriter(roundsErr));
        assertEquals(ExitCode.USAGE.code(), cli.execute("bench", "ingest", "--warmup-rounds", "0"), roundsErr.toString());
        assertTrue(roundsErr.toString().contains("--warmup-rounds must be >= 1, was 0"), roundsErr.toString());
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Pmr.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute(args), String.join(" ", args) + ": " + err);
        return out.toString();
    }
}
