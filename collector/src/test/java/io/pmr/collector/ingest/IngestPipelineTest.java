package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.Store;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on a real SQLite file: batch bounds, order kept across the validator pool, one writer, drain on close. */
class IngestPipelineTest {
    private static final long START = millis("2020-09-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2020-09-02T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    SqliteStore sqlite;
    /** Each transaction the writer committed: its writes' keys, in order; and the thread that wrote it. */
    final List<List<EnvelopeKey>> transactions = new CopyOnWriteArrayList<>();
    /** Each transaction's payload bytes (as received) of its accepted writes. */
    final List<Long> transactionBytes = new CopyOnWriteArrayList<>();
    final List<String> writerThreads = new CopyOnWriteArrayList<>();
    final List<Ack> acks = new CopyOnWriteArrayList<>();
    final Counters counters = new Counters();

    @BeforeEach
    void open() {
        sqlite = SqliteStore.open(dir.resolve("pmr.db"));
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    @Test
    void batchesHoldAtMostNMessagesAndKeepTheirOrderThroughTheValidatorPool() {
        // 3 validator threads and chunks of 16: a batch of 40 is validated in 3 pieces, joined back in order
        IngestPipeline pipeline = pipeline(new PipelineSettings(40, Duration.ofMillis(20), 3, 200));
        for (int sequence = 1; sequence <= 100; sequence++) {
            assertTrue(offer(pipeline, sequence));
        }
        pipeline.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> counters.stored.get() == 100);
        pipeline.close();

        List<Long> committed = new ArrayList<>();
        for (List<EnvelopeKey> transaction : transactions) {
            assertTrue(transaction.size() <= 40, "a transaction holds at most maxBatchEnvelopes: " + transaction.size());
            transaction.forEach(key -> committed.add(key.sequence()));
        }
        assertEquals(3, transactions.size(), "100 queued messages: batches of 40, 40 and 20");
        List<Long> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= 100; sequence++) {
            expected.add(sequence);
        }
        assertEquals(expected, committed, "committed in the order they were queued");
        assertEquals(1, writerThreads.stream().distinct().count(), "one writer thread: " + writerThreads);
        assertTrue(writerThreads.get(0).startsWith("pmr-ingest-writer-"), writerThreads.get(0));
        Ack last = acks.get(acks.size() - 1);
        assertEquals(100, last.getRanges(0).getLastSequence(), "the last Ack covers everything committed");
    }

    @Test
    void aBatchIsCutAtItsPayloadByteBudgetSoWhatIsHeldDecodedDoesNotGrowWithTheEnvelopes() {
        // Twelve envelopes of 40 intervals each, all queued before the batcher starts: the count bound (500) would
        // take them in one batch; a budget of three envelopes' bytes must cut them into batches of at most three.
        List<byte[]> payloads = new ArrayList<>();
        for (int sequence = 1; sequence <= 12; sequence++) {
            payloads.add(large(sequence, 40).toByteArray());
        }
        long budget = payloads.get(0).length + payloads.get(1).length + payloads.get(2).length;
        IngestPipeline pipeline = pipeline(new PipelineSettings(500, Duration.ofMillis(20), 2, 2_000, budget));
        for (byte[] payload : payloads) {
            assertTrue(offer(pipeline, payload));
        }
        pipeline.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> counters.stored.get() == 12);
        pipeline.close();

        List<Long> committed = new ArrayList<>();
        for (int i = 0; i < transactions.size(); i++) {
            assertTrue(transactionBytes.get(i) <= budget, "a batch holds at most maxBatchBytes (" + budget
                    + ") of payload: " + transactionBytes);
            transactions.get(i).forEach(key -> committed.add(key.sequence()));
        }
        assertEquals(4, transactions.size(), "12 queued envelopes, 3 to the byte budget: " + transactionBytes);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), committed, "order kept");
    }

    @Test
    void anEnvelopeLargerThanTheByteBudgetIsABatchOnItsOwn() {
        IngestPipeline pipeline = pipeline(new PipelineSettings(500, Duration.ofMillis(20), 2, 2_000, 100));
        for (int sequence = 1; sequence <= 5; sequence++) {
            byte[] payload = large(sequence, 10).toByteArray();
            assertTrue(payload.length > 100, "larger than the budget: " + payload.length);
            assertTrue(offer(pipeline, payload));
        }
        pipeline.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> counters.stored.get() == 5);
        pipeline.close();
        assertEquals(5, transactions.size(), "each alone, none refused or stuck: " + transactions);
        transactions.forEach(transaction -> assertEquals(1, transaction.size()));
    }

    @Test
    void aBatchShortOfNIsCommittedOnceTheBatchDelayHasPassed() {
        IngestPipeline pipeline = pipeline(new PipelineSettings(1_000, Duration.ofMillis(50), 1, 1_000));
        pipeline.start();
        for (int sequence = 1; sequence <= 3; sequence++) {
            assertTrue(offer(pipeline, sequence));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> counters.stored.get() == 3);
        pipeline.close();
        assertEquals(3, sqlite.heldKeys("agent-1").size());
    }

    @Test
    void messagesArrivingWhileABatchGathersJoinItAndAFullBatchDoesNotWaitForItsDelay() {
        // The batcher sleeps between looks at the queue rather than being woken by each message: what arrives one at
        // a time while it sleeps must still join the batch, and a batch that fills must be committed at its next
        // look, not at its delay (10 s here, twice the wait below).
        IngestPipeline pipeline = pipeline(new PipelineSettings(10, Duration.ofSeconds(10), 1, 100));
        pipeline.start();
        for (int sequence = 1; sequence <= 10; sequence++) {
            assertTrue(offer(pipeline, sequence));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> counters.stored.get() == 10);
        assertEquals(1, transactions.size(), "ten messages offered one by one, one full batch: " + transactions);
        assertEquals(10, transactions.get(0).size());
        pipeline.close();
    }

    @Test
    void closeCommitsWhatWasQueuedAndRefusesMore() throws InterruptedException {
        IngestPipeline pipeline = pipeline(new PipelineSettings(7, Duration.ofSeconds(10), 2, 100));
        for (int sequence = 1; sequence <= 50; sequence++) {
            assertTrue(offer(pipeline, sequence));
        }
        pipeline.start();
        pipeline.close();

        assertEquals(50, counters.stored.get(), "every queued message was committed before close returned");
        assertEquals(50, sqlite.heldKeys("agent-1").size());
        Inbound late = new Inbound("pmr/v1/agent-1/intervals", envelope(51).toByteArray());
        assertTrue(!pipeline.offer(late, 10, TimeUnit.MILLISECONDS), "a closing pipeline takes nothing more");
    }

    @Test
    void rejectionsAndDuplicatesKeepTheirOutcomesInThePipeline() throws InterruptedException {
        IngestPipeline pipeline = pipeline(new PipelineSettings(10, Duration.ofMillis(20), 2, 100));
        offer(pipeline, 1);
        offer(pipeline, 1); // a re-send in the same batch
        assertTrue(pipeline.offer(new Inbound("pmr/v1/agent-1/intervals", new byte[] {0x0a, 0x7f}), 1,
                TimeUnit.SECONDS), "a payload that is not protobuf is queued like any other");
        pipeline.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> counters.received.get() == 3);
        pipeline.close();
        IngestCounters snapshot = counters.snapshot();
        assertEquals(1, snapshot.stored());
        assertEquals(1, snapshot.duplicates());
        assertEquals(1, snapshot.rejected(), snapshot.toString());
        assertEquals(1, sqlite.quarantined(10).size(), "the unreadable payload is quarantined, not dropped");
    }

    @Test
    void settingsNameTheFieldTheyRefuse() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(0, Duration.ZERO, 1, 10)).getMessage().startsWith("maxBatchEnvelopes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(1, Duration.ofMillis(-1), 1, 10)).getMessage().startsWith("maxBatchDelay"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(1, Duration.ofSeconds(11), 1, 10)).getMessage().startsWith("maxBatchDelay"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(1, Duration.ZERO, 0, 10)).getMessage().startsWith("validatorThreads"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(10, Duration.ZERO, 1, 9)).getMessage().startsWith("queueCapacity"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PipelineSettings(10, Duration.ZERO, 1, 10, 0)).getMessage().startsWith("maxBatchBytes"));
        PipelineSettings defaults = PipelineSettings.forBatchSize(500);
        assertEquals(500, defaults.maxBatchEnvelopes());
        assertTrue(defaults.queueCapacity() >= 500);
        assertEquals(PipelineSettings.DEFAULT_MAX_BATCH_BYTES, defaults.maxBatchBytes());
    }

    private boolean offer(IngestPipeline pipeline, long sequence) {
        return offer(pipeline, envelope(sequence).toByteArray());
    }

    private static boolean offer(IngestPipeline pipeline, byte[] payload) {
        try {
            return pipeline.offer(new Inbound("pmr/v1/agent-1/intervals", payload), 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** An envelope of {@code count} consecutive minutes, distinct from every other sequence's. */
    private static Envelope large(long sequence, int count) {
        IntervalReport[] reports = new IntervalReport[count];
        for (int i = 0; i < count; i++) {
            reports[i] = interval("CSPN/PM4.3", START + (sequence * count + i) * 60_000, 25_000, 10, 9);
        }
        return intervals("agent-1", 1, sequence, reports);
    }

    private static Envelope envelope(long sequence) {
        return intervals("agent-1", 1, sequence, interval("CSPN/PM4.3", START + sequence * 60_000, 25_000, 10, 9));
    }

    private IngestPipeline pipeline(PipelineSettings settings) {
        EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 1 << 20, TestBounds.in2021());
        Responder responder = (agentId, ack) -> acks.add(ack);
        return new IngestPipeline(settings, validator,
                new IngestWorker(validator, recording(sqlite), responder, counters, CLOCK), CLOCK, "test");
    }

    /** The store, with each write's keys and thread recorded. */
    private Store recording(Store delegate) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write")) {
                        List<EnvelopeKey> keys = new ArrayList<>();
                        long bytes = 0;
                        for (Object write : (List<?>) args[0]) {
                            if (write instanceof StoreWrite.Accept accept) {
                                keys.add(EnvelopeValidator.keyOf(accept.envelope()));
                                bytes += accept.payload().length;
                            }
                        }
                        transactions.add(keys);
                        transactionBytes.add(bytes);
                        writerThreads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
