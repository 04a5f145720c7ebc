package io.pmr.launcher;

import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import com.google.protobuf.ByteString;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pmr decode}: payloads from files and live from an embedded broker, as protobuf text format. */
@Timeout(120)
class DecodeCommandTest {
    @TempDir
    Path dir;

    /** What a run printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CliRun cli = new CliRun();
        int exit = cli.run(args);
        return new Run(exit, cli.out(), cli.err());
    }

    private static byte[] histogramMicros(long... values) {
        Histogram histogram = new Histogram(1, 3_600_000_000L, 3);
        for (long value : values) {
            histogram.recordValue(value);
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, 9);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void anIntervalReportWithItsHistogramSummarizedOnOneLine() throws Exception {
        byte[] histogram = histogramMicros(1_000, 2_000, 3_000);
        Envelope envelope = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(2)
                .setIntervals(IntervalReportBatch.newBuilder().addIntervals(IntervalReport.newBuilder()
                        .setMeasureId("CSPN/PM4.3").setIntervalStartEpochMillis(1_598_914_800_000L)
                        .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(3).setWithinTrt(3)
                        .setHistogram(ByteString.copyFrom(histogram)).setHistogramUnit(LatencyUnit.MICROSECONDS)))
                .build();
        Path file = Files.write(dir.resolve("intervals.bin"), envelope.toByteArray());

        Run run = run("decode", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(String.join("\n",
                "# file " + file + ": Envelope, " + envelope.getSerializedSize() + " bytes",
                "agent_id: \"agent-1\"",
                "boot_epoch: 1",
                "sequence: 2",
                "intervals {",
                "  intervals {",
                "    measure_id: \"CSPN/PM4.3\"",
                "    interval_start_epoch_millis: 1598914800000",
                "    interval_length_millis: 60000",
                "    trt_millis: 25000",
                "    events: 3",
                "    within_trt: 3",
                // HdrHistogram's values at 3 significant digits: 3000 us lies in a bucket 2 us wide
                "    # histogram (" + histogram.length + " bytes): count 3, min 1.000 ms, p50 2.000 ms, p99 3.001 ms,"
                        + " max 3.001 ms",
                "    histogram_unit: MICROSECONDS",
                "  }",
                "}",
                "", ""), run.out().replace("\r\n", "\n"));
    }

    @Test
    void aHistogramBeyondTheCollectorsBoundsIsRefusedNotDecoded() throws Exception {
        Histogram huge = new Histogram(1, Long.MAX_VALUE / 2, 3);
        huge.recordValue(5);
        ByteBuffer buffer = ByteBuffer.allocate(huge.getNeededByteBufferCapacity());
        int length = huge.encodeIntoCompressedByteBuffer(buffer, 9);
        Envelope envelope = Envelope.newBuilder().setAgentId("agent-1").setIntervals(IntervalReportBatch.newBuilder()
                .addIntervals(IntervalReport.newBuilder().setMeasureId("CSPN/PM4.3")
                        .setHistogram(ByteString.copyFrom(buffer.array(), 0, length))
                        .setHistogramUnit(LatencyUnit.MICROSECONDS))).build();
        Path file = Files.write(dir.resolve("hostile.bin"), envelope.toByteArray());

        Run run = run("decode", file.toString());

        assertEquals(0, run.exit(), "the envelope parsed: " + run.err());
        assertTrue(run.out().contains("    # histogram (" + length + " bytes): refused: highest trackable value "),
                run.out());
    }

    @Test
    void theTypeFromTypeOrFromTheTopic() throws Exception {
        Ack ack = Ack.newBuilder().setAgentId("agent-1")
                .addRanges(AckedRange.newBuilder().setBootEpoch(1).setFirstSequence(1).setLastSequence(7)).build();
        Path ackFile = Files.write(dir.resolve("ack.bin"), ack.toByteArray());
        Run acked = run("decode", ackFile.toString(), "--type", "ack");
        assertEquals(0, acked.exit(), acked.err());
        assertEquals(List.of("# file " + ackFile + ": Ack, " + ack.getSerializedSize() + " bytes",
                "agent_id: \"agent-1\"", "ranges {", "  boot_epoch: 1", "  first_sequence: 1", "  last_sequence: 7",
                "}", ""), acked.out().lines().toList());

        AgentConfig config = AgentConfig.newBuilder().setAgentId("agent-1").setConfigVersion(3).build();
        Path configFile = Files.write(dir.resolve("config.bin"), config.toByteArray());
        Run configured = run("decode", configFile.toString(), "--topic", "pmr/v1/agent-1/config");
        assertEquals(0, configured.exit(), configured.err());
        assertEquals(List.of("# file " + configFile + ": AgentConfig, " + config.getSerializedSize() + " bytes",
                "agent_id: \"agent-1\"", "config_version: 3", ""), configured.out().lines().toList());

        Run unknown = run("decode", configFile.toString(), "--type", "status");
        assertEquals(ExitCode.USAGE.code(), unknown.exit());
        assertTrue(unknown.err().lines().findFirst().orElseThrow().contains(
                "'status' is not a message type: expected envelope, ack, config or rig-frame"), unknown.err());
    }

    @Test
    void aPayloadThatDoesNotParseIsOneLineNamingTheFile() throws Exception {
        // field 1 (agent_id) announces 5 bytes, 1 follows
        Path file = Files.write(dir.resolve("cut.bin"), new byte[] {0x0A, 0x05, 'a'});

        Run run = run("decode", file.toString());

        assertEquals(ExitCode.INPUT_REFUSED.code(), run.exit());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("pmr decode: file " + file + ": not a valid Envelope (3 bytes): "),
                lines.get(0));
        assertTrue(lines.get(0).contains("input ended unexpectedly"), lines.get(0));

        Run missing = run("decode", dir.resolve("absent.bin").toString());
        assertEquals(ExitCode.INPUT_REFUSED.code(), missing.exit());
        assertTrue(missing.err().startsWith("pmr decode: file " + dir.resolve("absent.bin") + ": cannot read it"),
                missing.err());
    }

    @Test
    void eitherAFileOrABroker() {
        Run neither = run("decode");
        assertEquals(ExitCode.USAGE.code(), neither.exit());
        assertTrue(neither.err().startsWith("pmr decode: give either a FILE or --broker-url"), neither.err());
        Run noTopic = run("decode", "--broker-url", "tcp://127.0.0.1:1");
        assertEquals(ExitCode.USAGE.code(), noTopic.exit());
        assertTrue(noTopic.err().contains("--broker-url needs --topic"), noTopic.err());
        Run secured = run("decode", "--broker-url", "ssl://127.0.0.1:8883", "--topic", "pmr/v1/+/status");
        assertEquals(ExitCode.USAGE.code(), secured.exit());
        assertTrue(secured.err().startsWith("pmr decode: --broker-url ssl://127.0.0.1:8883: expected tcp://HOST:PORT"),
                secured.err());
    }

    @Test
    void liveFromABrokerWithARetainedStatusAndACorruptPayload() throws Exception {
        Envelope birth = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(4).setSequence(1)
                .setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE).setRegion("north")).build();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 65_536, 1 << 20, dir.resolve("broker"))) {
            MqttClient agent = new MqttClient(broker.url(), "agent-1", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            agent.connect(options);
            agent.publish("pmr/v1/agent-1/status", birth.toByteArray(), 1, true);
            agent.publish("pmr/v1/agent-2/status", new byte[] {0x0A, 0x05, 'a'}, 1, true);
            agent.disconnect();
            agent.close();

            Run run = run("decode", "--broker-url", broker.url(), "--topic", "pmr/v1/+/status", "--count", "2",
                    "--timeout", "30s");

            assertEquals(ExitCode.INPUT_REFUSED.code(), run.exit(), run.err());
            List<String> out = run.out().lines().toList();
            // Retained copies are handed to a new subscriber; Moquette 0.17 sends them without the retain flag.
            assertTrue(out.get(0).matches("# topic pmr/v1/agent-1/status, (not )?retained: Envelope, "
                    + birth.getSerializedSize() + " bytes"), out.get(0));
            assertEquals(List.of("agent_id: \"agent-1\"", "boot_epoch: 4", "sequence: 1", "status {",
                    "  state: ONLINE", "  region: \"north\"", "}", ""), out.subList(1, out.size()));
            List<String> err = run.err().lines().toList();
            assertEquals(2, err.size(), run.err());
            assertTrue(err.get(0).matches("pmr decode: topic pmr/v1/agent-2/status, (not )?retained: not a valid"
                    + " Envelope \\(3 bytes\\): .*input ended unexpectedly.*"), err.get(0));
            assertEquals("pmr decode: 2 messages on 'pmr/v1/+/status', 1 did not parse", err.get(1));
        }
    }

    @Test
    void anUnreachableBrokerIsOneLine() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run("decode", "--broker-url", "tcp://127.0.0.1:" + closedPort, "--topic", "pmr/v1/+/status");
        assertEquals(ExitCode.BROKER_REFUSED.code(), run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("pmr decode: --broker-url tcp://127.0.0.1:" + closedPort + ": cannot connect"),
                run.err());
    }
}
