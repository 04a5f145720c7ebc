package io.pmr.launcher;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code pmr decode}: a wire payload as protobuf text format, from a file or live from a broker. A payload that does
 * not parse is one line on stderr naming the file or topic and the parse error, counted; live decoding goes on.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Prints wire payloads as protobuf text format, from a file or live from a broker.",
                "A FILE is decoded as --type (default: the type --topic carries, else Envelope). With --broker-url,",
                "subscribes to --topic (MQTT wildcards allowed) and prints each message's topic, whether it was",
                "retained, and the message, its type chosen from the topic: status, intervals, events an Envelope,",
                "ack an Ack, pmr/v1/AGENT/config an AgentConfig. Interval histograms are summarized on one line",
                "(count, min, p50, p99, max in ms). Stops after --count messages or --timeout, whichever first."})
final class DecodeCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A file holding one serialized payload (a rig frame without its 4-byte length prefix).")
    Path file;

    @Option(names = "--type", converter = WireType.Converter.class, paramLabel = "TYPE",
            description = "envelope, ack, config or rig-frame (default: from the topic, else envelope).")
    WireType type;

    @Option(names = "--broker-url", paramLabel = "URL", description = "Decode live from this broker: tcp://HOST:PORT (a plain, anonymous broker; see docs/lab.md for a secured one).")
    String brokerUrl;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic to subscribe to, e.g. 'pmr/v1/+/status' (with a FILE: the topic it came from, to choose its type).")
    String topic;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages (default: at --timeout).")
    Integer count;

    @Option(names = "--timeout", defaultValue = "10s", description = "Stop after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A message as it arrived, handed from Paho's thread to the command's. */
    private record Received(String topic, byte[] payload, boolean retained) {
    }

    @Override
    public Integer call() throws InterruptedException {
        if ((file == null) == (brokerUrl == null)) {
            throw usage("give either a FILE or --broker-url");
        }
        return file != null ? decodeFile() : decodeLive();
    }

    private int decodeFile() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WireType chosen = type != null ? type : topic != null ? WireType.forTopic(topic) : WireType.ENVELOPE;
        byte[] payload;
        try {
            payload = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("pmr decode: file " + file + ": cannot read it (" + e + ")");
            err.flush();
            return ExitCode.INPUT_REFUSED.code();
        }
        boolean parsed = print(out, err, "file " + file, chosen, payload);
        return parsed ? ExitCode.OK.code() : ExitCode.INPUT_REFUSED.code();
    }

    private int decodeLive() throws InterruptedException {
        if (!brokerUrl.startsWith("tcp://")) {
            // A secured broker lets only the collector read every agent: connecting with its identity would take over
            // its client id and session. Not done until there is a read-only operator identity.
            throw usage("--broker-url " + brokerUrl + ": expected tcp://HOST:PORT (a secured broker: save payloads"
                    + " with mosquitto_sub and decode the files)");
        }
        if (topic == null) {
            throw usage("--broker-url needs --topic, e.g. 'pmr/v1/+/status'");
        }
        if (count != null && count < 1) {
            throw usage("--count must be at least 1, was " + count);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw usage("--timeout must be more than 0, was " + TrtText.format(timeout));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MqttConnectOptions options = connectOptions();
        BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
        MqttClient client;
        try {
            client = new MqttClient(brokerUrl, "pmr-decode-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                    new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw usage("--broker-url " + brokerUrl + ": " + e.getMessage());
        }
        try {
            try {
                client.connect(options);
            } catch (MqttException e) {
                err.println("pmr decode: --broker-url " + brokerUrl + ": cannot connect (" + e.getMessage() + ")");
                err.flush();
                return ExitCode.BROKER_REFUSED.code();
            }
            try {
                client.subscribe(topic, 1, (arrivedOn, message) ->
                        queue.add(new Received(arrivedOn, message.getPayload(), message.isRetained())));
            } catch (MqttException e) {
                err.println("pmr decode: --topic " + topic + ": the broker refused the subscription (" + e.getMessage()
                        + ")");
                err.flush();
                return ExitCode.BROKER_REFUSED.code();
            }
            return receive(queue, out, err);
        } finally {
            closeQuietly(client);
        }
    }

    /** Prints what arrives until --count or --timeout; the exit code says whether every payload parsed. */
    private int receive(BlockingQueue<Received> queue, PrintWriter out, PrintWriter err) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        int messages = 0;
        int refused = 0;
        while (count == null || messages < count) {
            Received next = queue.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            messages++;
            WireType chosen = type != null ? type : WireType.forTopic(next.topic());
            String where = "topic " + next.topic() + (next.retained() ? ", retained" : ", not retained");
            if (!print(out, err, where, chosen, next.payload())) {
                refused++;
            }
        }
        err.println(String.format(Locale.ROOT, "pmr decode: %d messages on '%s', %d did not parse", messages, topic,
                refused));
        err.flush();
        return refused == 0 ? ExitCode.OK.code() : ExitCode.INPUT_REFUSED.code();
    }

    /** Prints one payload under a {@code #} header line, or one line on {@code err}; false when it did not parse. */
    private static boolean print(PrintWriter out, PrintWriter err, String where, WireType chosen, byte[] payload) {
        Message message;
        try {
            message = chosen.parse(payload);
        } catch (InvalidProtocolBufferException e) {
            err.println("pmr decode: " + where + ": not a valid " + chosen.messageName() + " (" + payload.length
                    + " bytes): " + e.getMessage());
            err.flush();
            return false;
        }
        out.println("# " + where + ": " + chosen.messageName() + ", " + payload.length + " bytes");
        out.print(WireText.print(message));
        out.println();
        out.flush();
        return true;
    }

    private MqttConnectOptions connectOptions() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return options;
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
            client.close();
        } catch (MqttException e) {
            // Nothing is lost: this client only read.
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
