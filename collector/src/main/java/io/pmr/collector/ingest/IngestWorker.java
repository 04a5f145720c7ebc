package io.pmr.collector.ingest;

import io.pmr.collector.store.EnvelopeKey;
import io.pmr.collector.store.Store;
import io.pmr.collector.store.StoreException;
import io.pmr.collector.store.StoreWrite;
import io.pmr.collector.store.WriteOutcome;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.Envelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single thread between the MQTT callback and the store: drains up to {@code batchSize} messages, validates
 * them, writes them in ONE transaction, and only after the commit acknowledges each to the broker and publishes one
 * {@link Ack} per agent listing what was stored, duplicate or quarantined. A batch the store refuses is retried item by
 * item, so one poison message cannot block the good ones; while the store itself is failing, the batch is retried
 * with backoff and nothing is acknowledged.
 */
final class IngestWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);
    static final int QUARANTINE_PREFIX_BYTES = 64 * 1024;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final BlockingQueue<Inbound> queue;
    private final EnvelopeValidator validator;
    private final Store store;
    private final Responder responder;
    private final Counters counters;
    private final Clock clock;
    private final int batchSize;
    private final CountDownLatch stop = new CountDownLatch(1);

    IngestWorker(BlockingQueue<Inbound> queue, EnvelopeValidator validator, Store store, Responder responder,
            Counters counters, Clock clock, int batchSize) {
        this.queue = queue;
        this.validator = validator;
        this.store = store;
        this.responder = responder;
        this.counters = counters;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Asks the loop to finish its current batch and return. */
    void stop() {
        stop.countDown();
    }

    boolean stopping() {
        return stop.getCount() == 0;
    }

    @Override
    public void run() {
        List<Inbound> batch = new ArrayList<>(batchSize);
        while (!stopping()) {
            try {
                Inbound first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                handle(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug, not bad input (that is handled in validate); keep serving: unacknowledged messages come back.
                LOG.error("Ingest batch failed unexpectedly; its messages stay unacknowledged", e);
            }
        }
    }

    /** Handles one batch: validate, store in one transaction, then acknowledge. Package-private for tests. */
    void handle(List<Inbound> batch) throws InterruptedException {
        long receivedEpochMillis = clock.millis();
        List<StoreWrite> writes = new ArrayList<>(batch.size());
        List<EnvelopeKey> ackKeys = new ArrayList<>(batch.size());
        List<RejectReason> reasons = new ArrayList<>(batch.size());
        for (Inbound inbound : batch) {
            counters.received.incrementAndGet();
            Verdict verdict = validator.validate(inbound.topic(), inbound.payload());
            if (verdict instanceof Verdict.Valid valid) {
                Envelope envelope = valid.envelope();
                writes.add(new StoreWrite.Accept(envelope, receivedEpochMillis));
                ackKeys.add(new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence()));
                reasons.add(null);
            } else {
                Verdict.Invalid invalid = (Verdict.Invalid) verdict;
                LOG.warn("Rejected message on topic '{}': {}: {}", Topics.printable(inbound.topic()),
                        invalid.reason().code(), invalid.detail());
                writes.add(quarantine(inbound, invalid.reason(), invalid.detail(), invalid.ackKey(),
                        receivedEpochMillis));
                ackKeys.add(invalid.ackKey());
                reasons.add(invalid.reason());
            }
        }
        List<WriteOutcome> outcomes = writeDurably(batch, writes, ackKeys, reasons, receivedEpochMillis);
        if (outcomes == null) {
            return;
        }
        List<EnvelopeKey> toAck = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            switch (outcomes.get(i)) {
                case STORED -> counters.stored.incrementAndGet();
                case DUPLICATE -> counters.duplicates.incrementAndGet();
                case QUARANTINED -> counters.reject(reasons.get(i));
                default -> throw new IllegalStateException("unreachable");
            }
            responder.complete(batch.get(i));
            if (ackKeys.get(i) != null) {
                toAck.add(ackKeys.get(i));
            }
        }
        for (Map.Entry<String, Ack> ack : AckRanges.build(toAck).entrySet()) {
            if (responder.publishAck(ack.getKey(), ack.getValue())) {
                counters.acksPublished.incrementAndGet();
            }
        }
    }

    /**
     * Writes the batch in one transaction. If the store refuses it as invalid, each item is written on its own and an
     * item the store refuses is quarantined as {@code store_failed}. While the store itself fails, retries with
     * backoff until it works or the worker stops (then returns null: nothing is acknowledged, the broker redelivers).
     */
    private List<WriteOutcome> writeDurably(List<Inbound> batch, List<StoreWrite> writes, List<EnvelopeKey> ackKeys,
            List<RejectReason> reasons, long receivedEpochMillis) throws InterruptedException {
        List<WriteOutcome> outcomes = writeRetrying(writes);
        if (outcomes != null || stopping()) {
            return outcomes;
        }
        outcomes = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            List<WriteOutcome> one = writeRetrying(List.of(writes.get(i)));
            if (one == null && !stopping()) {
                Inbound inbound = batch.get(i);
                StoreWrite.Quarantine replacement = quarantine(inbound, RejectReason.STORE_FAILED,
                        "the store refused this message", ackKeys.get(i), receivedEpochMillis);
                reasons.set(i, RejectReason.STORE_FAILED);
                one = writeRetrying(List.of(replacement));
            }
            if (one == null) {
                return null;
            }
            outcomes.add(one.get(0));
        }
        return outcomes;
    }

    /** The outcomes, or null when the store refused the items as invalid or the worker is stopping. */
    private List<WriteOutcome> writeRetrying(List<StoreWrite> writes) throws InterruptedException {
        long backoffMillis = 50;
        while (true) {
            try {
                return store.write(writes);
            } catch (IllegalArgumentException e) {
                LOG.error("Store refused {} message(s): {}", writes.size(), e.getMessage());
                return null;
            } catch (StoreException e) {
                LOG.error("Store write of {} message(s) failed, retrying in {} ms: {}", writes.size(), backoffMillis,
                        e.getMessage());
                if (stop.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                    return null;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private static StoreWrite.Quarantine quarantine(Inbound inbound, RejectReason reason, String detail,
            EnvelopeKey key, long receivedEpochMillis) {
        byte[] payload = inbound.payload();
        byte[] prefix = Arrays.copyOf(payload, Math.min(payload.length, QUARANTINE_PREFIX_BYTES));
        return new StoreWrite.Quarantine(inbound.topic(), reason.code(), detail, prefix, payload.length, key,
                receivedEpochMillis);
    }
}
