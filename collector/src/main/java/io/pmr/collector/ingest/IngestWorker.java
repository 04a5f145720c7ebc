package io.pmr.collector.ingest;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.IdentityClash;
import io.pmr.collector.store.Store;
import io.pmr.collector.store.StoreException;
import io.pmr.collector.store.StoreWrite;
import io.pmr.collector.store.WriteOutcome;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.Envelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's single writer, on one thread ({@link IngestPipeline}'s): takes a batch of prepared messages (screened
 * and validated in depth on the validation pool), looks up whether the keys of the messages the deep checks refused
 * are already stored, writes the batch in ONE transaction, and only after the commit publishes, to each agent the batch touched, one cumulative {@link Ack}
 * listing every key held for that agent (stored, duplicate or quarantined with a key; see {@link AckLedger}), so a
 * lost Ack is made good by the next. A message whose key is accepted earlier in the batch, or a refused one whose key
 * is already stored, is written as a {@link StoreWrite.Duplicate} whatever its deep verdict; a valid message is written
 * as a {@link StoreWrite.Accept}, which the store confirms as a duplicate when its key is already stored. A conflict (a stored key with another payload)
 * is counted and its key withheld from every Ack; a newly stored birth is shown to {@link IdentityWatch}. A batch the
 * store refuses is retried item by item, so one poison message cannot block the good ones; while the store itself is
 * failing, the batch is retried with backoff and nothing is acknowledged to the agents.
 *
 * <p>The broker's PUBACK is not this class's business: the MQTT side sends it once a message is queued, and the
 * delivery promise is this Ack after commit (an agent re-sends whatever stays unacknowledged). Not thread-safe:
 * everything but {@link #stop} runs on the writer thread.
 */
final class IngestWorker {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWorker.class);
    static final int QUARANTINE_PREFIX_BYTES = 64 * 1024;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final EnvelopeValidator validator;
    private final Store store;
    private final Responder responder;
    private final Counters counters;
    private final Clock clock;
    private final AckLedger ledger = new AckLedger(AckLedger.MAX_RANGES_PER_ACK);
    private final IdentityWatch identities = new IdentityWatch();
    private final CountDownLatch stop = new CountDownLatch(1);

    IngestWorker(EnvelopeValidator validator, Store store, Responder responder, Counters counters, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.responder = responder;
        this.counters = counters;
        this.clock = clock;
    }

    /** Asks a store call that is retrying to give up (nothing is acknowledged then); callable from any thread. */
    void stop() {
        stop.countDown();
    }

    boolean stopping() {
        return stop.getCount() == 0;
    }

    /** Prepares (on the calling thread) and commits one batch: what the pipeline does, in one call, for tests. */
    void handle(List<Inbound> batch) throws InterruptedException {
        long receivedEpochMillis = clock.millis();
        List<IngestItem> items = new ArrayList<>(batch.size());
        for (Inbound inbound : batch) {
            items.add(IngestItem.prepare(inbound, validator, receivedEpochMillis));
        }
        commit(items);
    }

    /**
     * Commits one batch of prepared items in their order: refusals of the screen are quarantined; each screened key is
     * looked up; a stored or earlier-in-batch key is written as a duplicate, the rest as their deep verdict says; one
     * transaction; then the Acks.
     */
    void commit(List<IngestItem> items) throws InterruptedException {
        counters.received.addAndGet(items.size());
        // Only a message the deep checks refuse needs its key looked up first (stored: a duplicate, acknowledged;
        // else quarantined). A valid one goes to the store as it is: the store's own key insert finds a stored key
        // and confirms the duplicate by payload hash, in the same transaction, without a lookup per message.
        List<EnvelopeKey> refusedKeys = new ArrayList<>();
        for (IngestItem item : items) {
            if (item.screened == null) {
                reject(item, item.screenRefusal);
            } else if (!(item.deep instanceof Verdict.Valid)) {
                refusedKeys.add(EnvelopeValidator.keyOf(item.screened));
            }
        }
        Set<EnvelopeKey> stored = refusedKeys.isEmpty() ? Set.of()
                : retrying("Stored-key lookup of " + refusedKeys.size() + " key(s)",
                        () -> store.storedKeys(refusedKeys));
        if (stored == null) {
            return;
        }
        Set<EnvelopeKey> acceptedInBatch = new HashSet<>(items.size() * 2); // no rehash while it fills
        for (IngestItem item : items) {
            if (item.screened == null) {
                continue;
            }
            EnvelopeKey key = EnvelopeValidator.keyOf(item.screened);
            if (stored.contains(key) || acceptedInBatch.contains(key)) {
                item.write = new StoreWrite.Duplicate(key, item.inbound.payload(), item.receivedEpochMillis);
                item.ackKey = key;
            } else if (applyDeepVerdict(item, key)) {
                acceptedInBatch.add(key);
            }
        }
        List<WriteOutcome> outcomes = writeDurably(items);
        if (outcomes == null) {
            return;
        }
        if (!resolveAbsent(items, outcomes)) {
            return;
        }
        List<EnvelopeKey> toAck = new ArrayList<>(items.size());
        List<EnvelopeKey> conflicted = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            IngestItem item = items.get(i);
            switch (outcomes.get(i)) {
                case STORED -> {
                    counters.stored.incrementAndGet();
                    watchIdentity(item);
                    offerConfig(item);
                }
                case DUPLICATE -> {
                    counters.duplicates.incrementAndGet();
                    offerConfig(item);
                }
                case QUARANTINED -> counters.reject(item.reason);
                case CONFLICT -> {
                    // Kept apart by the store (which logged both hashes); its key must never be acknowledged as if
                    // this payload were stored.
                    counters.conflicts.incrementAndGet();
                    conflicted.add(item.ackKey);
                    item.ackKey = null;
                }
                default -> throw new IllegalStateException("unreachable: " + outcomes.get(i));
            }
            if (item.ackKey != null) {
                toAck.add(item.ackKey);
            }
        }
        publishAcks(toAck, conflicted);
    }

    /** A stored (or already stored) status of an agent: its config goes (again) to its config topic. */
    private void offerConfig(IngestItem item) {
        if (item.screened != null && item.screened.hasStatus() && item.ackKey != null) {
            responder.publishConfig(item.ackKey.agentId());
        }
    }

    /** Records two live agents under one id when this newly stored birth reveals them ({@link IdentityWatch}). */
    private void watchIdentity(IngestItem item) throws InterruptedException {
        Envelope envelope = ((StoreWrite.Accept) item.write).envelope();
        IdentityClash clash = identities.observe(envelope, item.receivedEpochMillis);
        if (clash == null) {
            return;
        }
        counters.identityClashes.incrementAndGet();
        LOG.warn("Two agents are live under agent id '{}': boot epochs {} and {} take turns on the broker (births"
                + " alternate); their data is stored apart by epoch, but check for a cloned or doubly started agent",
                Topics.printable(clash.agentId()), Long.toUnsignedString(clash.bootEpochA()),
                Long.toUnsignedString(clash.bootEpochB()));
        retrying("Recording an identity clash of agent '" + Topics.printable(clash.agentId()) + "'", () -> {
            store.recordIdentityClash(clash);
            return Boolean.TRUE;
        });
    }

    /**
     * Adds the committed keys to the ledger (loading each agent's held keys from the store the first time it is
     * touched) and publishes one cumulative Ack per agent, in order of first appearance in the batch.
     */
    private void publishAcks(List<EnvelopeKey> committed, List<EnvelopeKey> conflicted) throws InterruptedException {
        // Each agent's keys apart, in batch order: its Ack looks through its own keys only, not the whole batch's
        // (a batch of n keys from n agents would otherwise cost n * n comparisons).
        Map<String, List<EnvelopeKey>> agents = new LinkedHashMap<>();
        for (EnvelopeKey key : committed) {
            agents.computeIfAbsent(key.agentId(), id -> new ArrayList<>()).add(key);
        }
        for (EnvelopeKey key : conflicted) {
            if (!ledger.knows(key.agentId())) {
                agents.putIfAbsent(key.agentId(), List.of());
            }
        }
        for (String agentId : agents.keySet()) {
            if (!ledger.knows(agentId)) {
                // Read after the commit, so it already holds this batch's keys; adding them again is a no-op.
                List<EnvelopeKey> held = retrying(
                        "Loading the held keys of agent '" + Topics.printable(agentId) + "'",
                        () -> store.heldKeys(agentId));
                if (held == null) {
                    return;
                }
                List<EnvelopeKey> withheld = retrying(
                        "Loading the conflicted keys of agent '" + Topics.printable(agentId) + "'",
                        () -> store.conflictedKeys(agentId));
                if (withheld == null) {
                    return;
                }
                ledger.load(agentId, held, withheld);
            }
        }
        for (EnvelopeKey key : conflicted) {
            ledger.withhold(key);
        }
        for (EnvelopeKey key : committed) {
            ledger.add(key);
        }
        for (Map.Entry<String, List<EnvelopeKey>> agent : agents.entrySet()) {
            String agentId = agent.getKey();
            // The batch's own keys are listed whatever their age (a re-send of an old envelope is acknowledged).
            Ack ack = ledger.ack(agentId, agent.getValue());
            // null when every key the agent touched is withheld (conflicts): nothing to acknowledge
            if (ack != null && responder.publishAck(agentId, ack)) {
                counters.acksPublished.incrementAndGet();
            }
        }
    }

    /**
     * A {@link StoreWrite.Duplicate} the store did not confirm relied on an earlier copy in the batch that the store
     * then refused; such items are validated in full and written now, replacing their outcomes in place.
     *
     * @return false when the worker is stopping and nothing must be acknowledged
     */
    private boolean resolveAbsent(List<IngestItem> items, List<WriteOutcome> outcomes) throws InterruptedException {
        List<Integer> absent = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == WriteOutcome.ABSENT) {
                absent.add(i);
            }
        }
        if (absent.isEmpty()) {
            return true;
        }
        List<IngestItem> retry = new ArrayList<>(absent.size());
        for (int i : absent) {
            IngestItem item = items.get(i);
            LOG.info("Message {} was taken for a duplicate but its key is not stored; writing it as its deep checks"
                    + " found it", item.ackKey);
            applyDeepVerdict(item, item.ackKey);
            retry.add(item);
        }
        List<WriteOutcome> retried = writeDurably(retry);
        if (retried == null) {
            return false;
        }
        for (int j = 0; j < absent.size(); j++) {
            outcomes.set(absent.get(j), retried.get(j));
        }
        return true;
    }

    /** Sets the item's write from its deep verdict; true when it is to be accepted. */
    private boolean applyDeepVerdict(IngestItem item, EnvelopeKey key) {
        if (item.deep instanceof Verdict.Valid valid) {
            // hashed as received (StoreWrite.Accept), as a later copy of it is: not a re-encoding of the parse
            item.write = new StoreWrite.Accept(valid.envelope(), item.receivedEpochMillis, item.inbound.payload(),
                    item.prepared);
            item.ackKey = key;
            item.reason = null;
            return true;
        }
        reject(item, (Verdict.Invalid) item.deep);
        return false;
    }

    private void reject(IngestItem item, Verdict.Invalid invalid) {
        // The topic's agent id when the payload could not vouch for one (the topic names the claimed sender).
        Topics.Parsed parsed = Topics.parse(item.inbound.topic());
        String agentId = item.screened != null ? Topics.printable(item.screened.getAgentId())
                : parsed != null ? Topics.printable(parsed.agentId()) : "?";
        LOG.warn("Rejected message of agent '{}' on topic '{}': {}: {}", agentId,
                Topics.printable(item.inbound.topic()), invalid.reason().code(), invalid.detail());
        item.write = quarantine(item.inbound, invalid.reason(), invalid.detail(), invalid.ackKey(),
                item.receivedEpochMillis);
        item.ackKey = invalid.ackKey();
        item.reason = invalid.reason();
    }

    /**
     * Writes the items in one transaction. If the store refuses it as invalid, each item is written on its own and an
     * item the store refuses is quarantined as {@code store_failed}. While the store itself fails, retries with
     * backoff until it works or the worker stops (then returns null: nothing is acknowledged, the broker redelivers).
     */
    private List<WriteOutcome> writeDurably(List<IngestItem> items) throws InterruptedException {
        List<StoreWrite> writes = new ArrayList<>(items.size());
        for (IngestItem item : items) {
            writes.add(item.write);
        }
        List<WriteOutcome> outcomes = writeRetrying(writes);
        if (outcomes != null || stopping()) {
            return outcomes;
        }
        outcomes = new ArrayList<>(items.size());
        for (IngestItem item : items) {
            List<WriteOutcome> one = writeRetrying(List.of(item.write));
            if (one == null && !stopping()) {
                item.write = quarantine(item.inbound, RejectReason.STORE_FAILED, "the store refused this message",
                        item.ackKey, item.receivedEpochMillis);
                item.reason = RejectReason.STORE_FAILED;
                one = writeRetrying(List.of(item.write));
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
        try {
            return retrying("Store write of " + writes.size() + " message(s)", () -> store.write(writes));
        } catch (IllegalArgumentException e) {
            LOG.error("Store refused {} message(s): {}", writes.size(), e.getMessage());
            return null;
        }
    }

    /** Runs a store call until it works, backing off while the store fails; null when the worker stops first. */
    private <T> T retrying(String what, Supplier<T> call) throws InterruptedException {
        long backoffMillis = 50;
        while (true) {
            try {
                T result = call.get();
                if (counters.storeFailing) {
                    counters.storeFailing = false;
                    LOG.warn("The store works again ({}); ingest resumes and acknowledges what it holds", what);
                }
                return result;
            } catch (StoreException e) {
                // A full disk lands here (SQLITE_FULL or an I/O error): nothing is acknowledged, so agents keep
                // every envelope in their outboxes until the store takes writes again.
                counters.storeFailures.incrementAndGet();
                counters.storeFailing = true;
                LOG.error("{} failed, retrying in {} ms; nothing is acknowledged meanwhile: {}", what, backoffMillis,
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
