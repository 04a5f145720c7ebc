package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.IngestService;
import io.pmr.collector.ingest.IngestSettings;
import io.pmr.collector.store.SqliteStore;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * pmr's ingest rate: the collector's {@link IngestService} with its default settings on a fresh SQLite store takes
 * the run's envelopes from the broker; an agent-side listener reads the collector's Acks. The rate is envelopes
 * stored AND acknowledged per second: from the first PUBLISH until every agent's Ack covers its last sequence. The
 * run fails, rather than report a rate, if any envelope was not stored.
 */
final class BenchIngest {
    private static final long DEADLINE_SECONDS = 600;
    /**
     * The collector's id is the same in every run: its session is persistent (cleanSession=false), and a new id per
     * run would leave each earlier run's session subscribed, offline, queueing every later run's messages.
     */
    static final String COLLECTOR_ID = "pmr-bench-collector";

    private BenchIngest() {
    }

    /**
     * The agents' publisher's client id in a run. The clean-session clients take a new id in each run, as the
     * loopback's do. (A takeover of a reused id was once suspected of Moquette's closing a new Ack listener between
     * its CONNACK and its SUBSCRIBE; it did so with fresh ids too: {@link BenchSubscription}.)
     */
    static String agentsId(String runId) {
        return "pmr-bench-agents-" + runId;
    }

    /** The Ack listener's client id in a run (a new one each run: see {@link #agentsId}). */
    static String acksId(String runId) {
        return "pmr-bench-acks-" + runId;
    }

    /** The roles of the CPU of the ingest run {@code runId}, by client id ({@link BenchCpu}). */
    static BenchCpu cpu(String runId, java.util.function.LongSupplier brokerProcessNanos) {
        return new BenchCpu(List.of("publisher", "collector mqtt", "collector validate", "collector write",
                "ack listener"), Map.of(agentsId(runId), "publisher", COLLECTOR_ID, "collector mqtt", acksId(runId),
                "ack listener"), brokerProcessNanos);
    }

    /** Envelopes stored and acknowledged per second in run {@code runId}; {@code cpu} measures the run's CPU. */
    static double rate(String url, Path dir, List<BenchEnvelopes.Message> messages, long bootEpoch, String runId,
            BenchCpu cpu)
            throws MqttException, InterruptedException {
        Map<String, Long> lastSequence = new HashMap<>();
        for (BenchEnvelopes.Message message : messages) {
            lastSequence.merge(message.agentId(), message.sequence(), Math::max);
        }
        CountDownLatch agentsAcked = new CountDownLatch(lastSequence.size());
        Map<String, Boolean> done = new ConcurrentHashMap<>();
        long[] lastAckNanos = new long[1];
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"));
                IngestService ingest = IngestService.start(new IngestSettings(url, COLLECTOR_ID,
                        CollectorSettings.DEFAULT_MAX_MESSAGE_BYTES, CollectorSettings.DEFAULT_INGEST_BATCH_SIZE),
                        Catalogue.shipped(), store, Clock.systemUTC())) {
            MqttAsyncClient listener = new MqttAsyncClient(url, acksId(runId), new MemoryPersistence());
            listener.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the run fails by its deadline
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    Ack ack = Ack.parseFrom(message.getPayload());
                    Long last = lastSequence.get(ack.getAgentId());
                    if (last != null && covers(ack, bootEpoch, last) && done.putIfAbsent(ack.getAgentId(), true) == null) {
                        lastAckNanos[0] = System.nanoTime();
                        agentsAcked.countDown();
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // subscribes only
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            try {
                BenchSubscription.connectAndSubscribe(listener, options, "pmr/v1/+/ack", 10_000);
                try (BenchPublisher publisher = new BenchPublisher(url, agentsId(runId))) {
                    cpu.start();
                    long startNanos = System.nanoTime();
                    publisher.publishAll(messages, BenchEnvelopes.Message::topic);
                    if (!agentsAcked.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not every envelope was acknowledged within "
                                + DEADLINE_SECONDS + " s: " + ingest.counters());
                    }
                    cpu.stop(messages.size()); // before the clients and the collector close
                    IngestCounters counters = ingest.counters();
                    if (counters.rejected() != 0) {
                        throw new IllegalStateException("the collector rejected bench envelopes: " + counters);
                    }
                    return messages.size() / ((lastAckNanos[0] - startNanos) / 1e9);
                }
            } finally {
                BenchPublisher.disconnectAndClose(listener, 10_000);
            }
        }
    }

    /** True when the Ack's ranges of {@code bootEpoch} cover every sequence 1..last. */
    static boolean covers(Ack ack, long bootEpoch, long last) {
        long next = 1;
        boolean advanced = true;
        while (advanced && next <= last) {
            advanced = false;
            for (AckedRange range : ack.getRangesList()) {
                if (range.getBootEpoch() == bootEpoch && range.getFirstSequence() <= next
                        && range.getLastSequence() >= next) {
                    next = range.getLastSequence() + 1;
                    advanced = true;
                }
            }
        }
        return next > last;
    }
}
