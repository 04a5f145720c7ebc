package io.pmr.launcher;

import io.pmr.collector.store.SqliteStore;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The floor of {@code pmr bench ingest --floor}: what any ingest that stores the same rows in the same schema could
 * reach. A bare Paho subscriber (the loopback's client, PUBACK as each message is handed to the writer, as pmr's
 * pipeline acknowledges on queueing) and one writer thread that inserts each envelope's key row and interval rows
 * with plain prepared JDBC into a fresh file of the store's own schema ({@link SqliteStore} creates it), with the
 * store's pragmas (WAL, {@code synchronous=FULL}, its page cache, generated keys off) and its SQL (the key with
 * {@code ON CONFLICT DO NOTHING}, the interval rows one JDBC batch a commit), committing in batches as the pipeline
 * gathers them (up to {@link #BATCH} envelopes, waiting at most {@link #BATCH_DELAY_NANOS} from a batch's first).
 *
 * <p>What it leaves out, so it is a floor, not a rival: every value the pipeline computes on other threads (the
 * parse, validation, the payload's SHA-256, the histogram's bytes) is computed before the run, looked up by the
 * payload's bytes; no daily rollups, totals, first data or agent days; no Acks published to the agents (the rate ends
 * at the commit of the last new key, not at an agent's Ack). The rate is envelopes stored per second, from the first
 * PUBLISH until the last one's commit. Duplicates a broker re-sends are found by the key, as pmr finds them, and
 * stored once.
 */
final class BenchFloor {
    /** The subscriber's client id in a run (a new one each run: see {@link BenchIngest#agentsId}). */
    static String subscriberId(String runId) {
        return "pmr-bench-floor-" + runId;
    }

    /** Thread name of the writer: {@link BenchCpu} counts it as "floor write". */
    static final String WRITER_THREAD = "pmr-bench-floor-writer";
    static final int BATCH = 500;
    static final long BATCH_DELAY_NANOS = 10_000_000L;
    /**
     * The floor's own topics, as the loopback has its own: on pmr's topics the broker would queue every message for
     * the collector's session (cleanSession=false, offline between its phases; Mosquitto's queue unbounded here) and
     * hand them all to the next ingest phase, which then stored them, or found them stored and acknowledged at once.
     */
    private static final String TOPIC_PREFIX = "pmr-bench/floor/";
    private static final long DEADLINE_SECONDS = 600;

    private BenchFloor() {
    }

    /** The roles of the CPU of the floor run {@code runId} ({@link BenchCpu}). */
    static BenchCpu cpu(String runId, java.util.function.LongSupplier brokerProcessNanos) {
        return new BenchCpu(List.of("publisher", "subscriber", "floor write"), Map.of(BenchIngest.agentsId(runId),
                "publisher", subscriberId(runId), "subscriber"), brokerProcessNanos);
    }

    /** One envelope's rows, every value ready: what pmr's validation pool hands its writer. */
    private record Row(Envelope envelope, byte[] sha256, byte[][] histograms) {
    }

    /** A message handed to the writer: its rows and when it arrived (a batch's delay runs from its first arrival). */
    private record Arrival(Row row, long nanos) {
    }

    /** Envelopes stored per second in run {@code runId}; {@code cpu} measures the run's CPU. */
    static double rate(String url, Path dir, List<BenchEnvelopes.Message> messages, String runId, BenchCpu cpu)
            throws Exception {
        Map<ByteBuffer, Row> rows = rows(messages);
        java.util.Queue<Arrival> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Path file = dir.resolve("floor.db");
        SqliteStore.open(file).close(); // the store's own schema and indexes
        Writer writer = new Writer(file, queue, rows.size());
        Thread thread = new Thread(writer, WRITER_THREAD);
        thread.start();
        MqttAsyncClient subscriber = new MqttAsyncClient(url, subscriberId(runId), new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the run fails by its deadline
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Row row = rows.get(ByteBuffer.wrap(message.getPayload()));
                if (row == null) {
                    writer.fail(new IllegalStateException("unknown payload on " + topic));
                } else {
                    queue.offer(new Arrival(row, System.nanoTime()));
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
            try {
                BenchSubscription.connectAndSubscribe(subscriber, options, TOPIC_PREFIX + "#", 10_000);
                try (BenchPublisher publisher = new BenchPublisher(url, BenchIngest.agentsId(runId))) {
                    cpu.start();
                    long startNanos = System.nanoTime();
                    publisher.publishAll(messages, message -> TOPIC_PREFIX + message.agentId() + "/intervals");
                    if (!writer.done.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the floor stored " + writer.stored + " of " + rows.size()
                                + " envelopes in " + DEADLINE_SECONDS + " s");
                    }
                    cpu.stop(messages.size()); // before the clients and the writer end
                    if (writer.failure.get() != null) {
                        throw new IllegalStateException("the floor's writer failed", writer.failure.get());
                    }
                    double rate = messages.size() / ((writer.lastCommitNanos - startNanos) / 1e9);
                    requireStored(file, rows.values());
                    return rate;
                }
            } finally {
                BenchPublisher.disconnectAndClose(subscriber, 10_000);
            }
        } finally {
            writer.release.countDown();
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** Fails unless the file holds every envelope's key and interval rows once (read after the measured phase). */
    private static void requireStored(Path file, java.util.Collection<Row> rows) throws SQLException {
        long intervals = rows.stream().mapToLong(row -> row.histograms().length).sum();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT (SELECT COUNT(*) FROM envelope),"
                        + " (SELECT COUNT(*) FROM interval_report)")) {
            rs.next();
            if (rs.getLong(1) != rows.size() || rs.getLong(2) != intervals) {
                throw new IllegalStateException("the floor stored " + rs.getLong(1) + " envelopes and " + rs.getLong(2)
                        + " interval rows, not " + rows.size() + " and " + intervals);
            }
        }
    }

    private static Map<ByteBuffer, Row> rows(List<BenchEnvelopes.Message> messages) throws Exception {
        Map<ByteBuffer, Row> rows = new HashMap<>(messages.size() * 2);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (BenchEnvelopes.Message message : messages) {
            Envelope envelope = Envelope.parseFrom(message.payload());
            List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
            byte[][] histograms = new byte[reports.size()][];
            for (int i = 0; i < histograms.length; i++) {
                histograms[i] = reports.get(i).getHistogram().toByteArray();
            }
            rows.put(ByteBuffer.wrap(message.payload()), new Row(envelope, sha256.digest(message.payload()),
                    histograms));
        }
        return rows;
    }

    /** The one writer: gathers a batch, inserts its rows, commits; counts the new keys until all are stored. */
    private static final class Writer implements Runnable {
        /** The writer's sleep while it waits for messages: the pipeline batcher's slice. */
        private static final long SLICE_NANOS = 1_000_000L;
        private final Path file;
        private final java.util.Queue<Arrival> queue;
        private final int expected;
        final CountDownLatch done = new CountDownLatch(1);
        /** Counted down once the phase's CPU is read: the writer's thread must live until then to be seen. */
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile int stored;
        volatile long lastCommitNanos;

        Writer(Path file, java.util.Queue<Arrival> queue, int expected) {
            this.file = file;
            this.queue = queue;
            this.expected = expected;
        }

        void fail(Throwable cause) {
            failure.compareAndSet(null, cause);
            done.countDown();
        }

        @Override
        public void run() {
            try (Connection connection = RawRows.open(file)) {
                try (PreparedStatement insertKey = connection.prepareStatement(RawRows.INSERT_KEY_SQL
                        + " ON CONFLICT DO NOTHING");
                        PreparedStatement insertInterval = connection.prepareStatement(RawRows.INSERT_INTERVAL_SQL)) {
                    List<Arrival> batch = new ArrayList<>(BATCH);
                    int storedHere = 0;
                    while (storedHere < expected) {
                        gather(batch);
                        for (Arrival arrival : batch) {
                            if (insert(arrival.row(), insertKey, insertInterval)) {
                                storedHere++;
                            }
                        }
                        insertInterval.executeBatch();
                        connection.commit();
                        lastCommitNanos = System.nanoTime();
                        stored = storedHere;
                        batch.clear();
                    }
                    done.countDown();
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            } catch (SQLException | RuntimeException e) {
                fail(e);
            }
        }

        /**
         * Up to {@link #BATCH} messages, from the first to arrive until the batch delay from its arrival has passed
         * (as the pipeline's batcher, which gathers while the writer commits: a message that waited through a commit
         * does not wait a delay more). Sleeps in {@link #SLICE_NANOS} slices while the queue is empty, as the
         * pipeline's batcher does (ingest round 10): the subscriber's thread never wakes it per message.
         */
        private void gather(List<Arrival> batch) throws InterruptedException {
            Arrival first;
            while ((first = queue.poll()) == null) {
                sleepSlice();
            }
            batch.add(first);
            long deadline = first.nanos() + BATCH_DELAY_NANOS;
            while (batch.size() < BATCH) {
                Arrival next = queue.poll();
                if (next != null) {
                    batch.add(next);
                } else if (System.nanoTime() - deadline >= 0) {
                    return;
                } else {
                    sleepSlice();
                }
            }
        }

        private static void sleepSlice() throws InterruptedException {
            java.util.concurrent.locks.LockSupport.parkNanos(SLICE_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }

        /** The key row, and when it was new the interval rows (added to their JDBC batch): true when new. */
        private static boolean insert(Row row, PreparedStatement insertKey, PreparedStatement insertInterval)
                throws SQLException {
            Envelope envelope = row.envelope();
            RawRows.bindKey(insertKey, envelope, System.currentTimeMillis(), row.sha256());
            if (insertKey.executeUpdate() == 0) {
                return false; // a copy the broker sent again
            }
            List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
            for (int i = 0; i < reports.size(); i++) {
                IntervalReport report = reports.get(i);
                RawRows.addRow(insertInterval, envelope, i, report, row.histograms()[i]);
            }
            return true;
        }
    }
}
