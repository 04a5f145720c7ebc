package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.HostileHistograms;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import io.pmr.collector.store.QuarantinedMessage;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.Store;
import io.pmr.collector.store.StoreWrite;
import io.pmr.collector.store.WriteOutcome;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's batch handling on a real SQLite file: duplicates are found before deep validation. */
class IngestWorkerTest {
    static final String TOPIC = "pmr/v1/agent-1/intervals";
    static final String RTT4 = "CSPN/PM4.3";
    static final long START = millis("2020-09-01T10:00:00Z");

    @TempDir
    Path dir;

    SqliteStore sqlite;
    final Counters counters = new Counters();
    final List<Ack> acks = new ArrayList<>();
    final Responder responder = new Responder() {
        @Override
        public boolean publishAck(String agentId, Ack ack) {
            assertEquals(agentId, ack.getAgentId(), "an Ack goes to the agent it names");
            Set<EnvelopeKey> held = new HashSet<>(sqlite.heldKeys(agentId));
            for (EnvelopeKey key : covered(ack)) {
                assertTrue(held.contains(key), () -> "Ack lists " + key + " before the store holds it");
            }
            acks.add(ack);
            return true;
        }

        @Override
        public void publishConfig(String agentId) {
            configsTo.add(agentId);
        }
    };
    final List<String> configsTo = new ArrayList<>();

    @BeforeEach
    void open() {
        sqlite = SqliteStore.open(dir.resolve("pmr.db"));
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    private IngestWorker worker(Store store) {
        return new IngestWorker(
                new EnvelopeValidator(Catalogue.shipped(), 1 << 20, TestBounds.in2021()),
                store, responder, counters, Clock.fixed(Instant.parse("2020-09-02T00:00:00Z"), ZoneOffset.UTC));
    }

    private static Inbound inbound(Envelope envelope) {
        return inbound(TOPIC, envelope);
    }

    private static Inbound inbound(String topic, Envelope envelope) {
        return new Inbound(topic, envelope.toByteArray());
    }

    private static Envelope plain(String agentId, long bootEpoch, long sequence) {
        return intervals(agentId, bootEpoch, sequence, interval(RTT4, START, 25_000, 5, 5));
    }

    private static List<EnvelopeKey> covered(Ack ack) {
        List<EnvelopeKey> keys = new ArrayList<>();
        for (AckedRange range : ack.getRangesList()) {
            for (long s = range.getFirstSequence(); s <= range.getLastSequence(); s++) {
                keys.add(new EnvelopeKey(ack.getAgentId(), range.getBootEpoch(), s));
            }
        }
        return keys;
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }

    private static Ack ack(String agentId, AckedRange... ranges) {
        return Ack.newBuilder().setAgentId(agentId).addAllRanges(List.of(ranges)).build();
    }

    /** A new collector process on the same database file: a new worker, hence an empty ledger. */
    private void restart() {
        sqlite.close();
        sqlite = SqliteStore.open(dir.resolve("pmr.db"));
    }

    private static Envelope good(long sequence, long events) {
        return intervals("agent-1", 1, sequence,
                withHistogram(interval(RTT4, START, 25_000, events, events), histogram(1_500, events)));
    }

    /** Same key as {@link #good}, but content that deep validation would quarantine as bad_histogram. */
    private static Envelope hostile(long sequence) {
        return intervals("agent-1", 1, sequence, withHistogram(interval(RTT4, START, 25_000, 10, 10),
                HostileHistograms.claiming(5, 1, Long.MAX_VALUE / 2)));
    }

    private static Ack ackOf(long first, long last) {
        return ack("agent-1", range(1, first, last));
    }

    private long storedEvents() {
        PeriodData data = sqlite.periodData(START, START + 60_000);
        MeasureCounts counts = data.counts().get(RTT4);
        return counts == null ? 0 : counts.events();
    }

    @Test
    void aReSentKeyIsADuplicateWithoutDeepValidation() throws Exception {
        IngestWorker worker = worker(sqlite);
        worker.handle(List.of(inbound(good(5, 10))));

        worker.handle(List.of(inbound(hostile(5)), inbound(hostile(6))));

        IngestCounters snapshot = counters.snapshot();
        assertEquals(1, snapshot.stored());
        assertEquals(1, snapshot.conflicts(), "seq 5 is stored already with other content: its content is not"
                + " validated, only compared (and kept apart)");
        assertEquals(Map.of("bad_histogram", 1L), snapshot.rejectedByReason(), "seq 6 is new: validated in full");
        assertEquals(List.of(ackOf(5, 5), ackOf(6, 6)), acks, "the conflicted key 5 is withheld from then on");
        assertEquals(10, storedEvents());
        List<QuarantinedMessage> quarantined = sqlite.quarantined(10);
        assertEquals(1, quarantined.size());
        assertEquals(new EnvelopeKey("agent-1", 1, 6), quarantined.get(0).key());
    }

    @Test
    void aBadRecordQuarantinesItsWholeEnvelopeWithTheExactReason() throws Exception {
        Envelope bad = RecordValidationTest.batch(r -> r.setDeviceId(""));
        worker(sqlite).handle(List.of(inbound(bad)));

        assertEquals(Map.of("bad_record", 1L), counters.snapshot().rejectedByReason());
        List<QuarantinedMessage> quarantined = sqlite.quarantined(10);
        assertEquals(1, quarantined.size());
        assertEquals("bad_record", quarantined.get(0).reason());
        assertEquals("records[1] CSPN/PM2: device_id is empty", quarantined.get(0).detail());
        assertEquals(new EnvelopeKey("agent-1", 1, 5), quarantined.get(0).key());
        assertEquals(0, storedEvents(), "neither the batch's interval ...");
        assertEquals(Map.of(), sqlite.periodData(START - 86_400_000L, START + 86_400_000L).watermarks(),
                "... nor its watermark ...");
        assertEquals(List.of(), sqlite.deviceRecords("CSPN/PM2", 0, Long.MAX_VALUE), "... nor its good record");
        assertEquals(List.of(ackOf(5, 5)), acks, "re-sending cannot help: acknowledged");
    }

    @Test
    void aKeyAcceptedEarlierInTheBatchMakesLaterCopiesDuplicates() throws Exception {
        worker(sqlite).handle(List.of(inbound(good(7, 10)), inbound(hostile(7)), inbound(good(7, 10))));

        IngestCounters snapshot = counters.snapshot();
        assertEquals(1, snapshot.stored());
        assertEquals(1, snapshot.duplicates(), "the identical copy");
        assertEquals(1, snapshot.conflicts(), "the other content under the same key");
        assertEquals(0, snapshot.rejected());
        assertEquals(List.of(), acks, "a key with a conflict is never acknowledged");
        assertEquals(10, storedEvents());
    }

    @Test
    void aKeyQuarantinedEarlierInTheBatchDoesNotHideAGoodCopy() throws Exception {
        worker(sqlite).handle(List.of(inbound(hostile(8)), inbound(good(8, 4))));

        IngestCounters snapshot = counters.snapshot();
        assertEquals(1, snapshot.stored(), "only accepted keys make duplicates");
        assertEquals(Map.of("bad_histogram", 1L), snapshot.rejectedByReason());
        assertEquals(4, storedEvents());
    }

    @Test
    void aDuplicateWhoseEarlierCopyTheStoreRefusedIsValidatedAndStored() throws Exception {
        Envelope refused = good(9, 10);
        Envelope resent = good(9, 3); // same key, other (valid) content
        Store refusing = new RefusingStore(sqlite, refused);

        worker(refusing).handle(List.of(inbound(refused), inbound(resent)));

        IngestCounters snapshot = counters.snapshot();
        assertEquals(Map.of("store_failed", 1L), snapshot.rejectedByReason());
        assertEquals(1, snapshot.stored(), "the second copy was taken for a duplicate, found absent, then stored");
        assertEquals(0, snapshot.duplicates());
        assertEquals(3, storedEvents());
        assertEquals(List.of(ackOf(9, 9)), acks);
    }

    @Test
    void aLaterAckAlsoCoversWhatEarlierBatchesAcknowledged() throws Exception {
        IngestWorker worker = worker(sqlite);

        worker.handle(List.of(inbound(plain("agent-1", 1, 1)), inbound(plain("agent-1", 1, 2)),
                inbound(plain("agent-1", 2, 1))));
        worker.handle(List.of(inbound(plain("agent-1", 1, 4))));
        worker.handle(List.of(inbound(plain("agent-1", 1, 3))));
        worker.handle(List.of(inbound(plain("agent-1", 1, 2)))); // a re-send: still answered in full

        Ack afterFirst = ack("agent-1", range(1, 1, 2), range(2, 1, 1));
        Ack afterSecond = ack("agent-1", range(1, 1, 2), range(1, 4, 4), range(2, 1, 1));
        Ack afterThird = ack("agent-1", range(1, 1, 4), range(2, 1, 1));
        assertEquals(List.of(afterFirst, afterSecond, afterThird, afterThird), acks,
                "each Ack lists everything held for the agent, not just its batch");
        assertEquals(4, counters.snapshot().acksPublished());
    }

    @Test
    void afterARestartTheFirstAckCoversWhatThePreviousProcessHeld() throws Exception {
        worker(sqlite).handle(List.of(inbound(plain("agent-1", 1, 1)), inbound(plain("agent-1", 1, 2)),
                inbound(hostile(3)), inbound(plain("agent-1", 2, 7))));
        assertEquals(List.of(ack("agent-1", range(1, 1, 3), range(2, 7, 7))), acks,
                "the quarantined seq 3 is acknowledged too");

        restart();
        worker(sqlite).handle(List.of(inbound(plain("agent-1", 2, 8))));

        assertEquals(ack("agent-1", range(1, 1, 3), range(2, 7, 8)), acks.get(1),
                "loaded from the store: stored and quarantined keys of the previous process");
    }

    @Test
    void anEnvelopeWhoseTopicAndPayloadNameDifferentAgentsIsNeverAcknowledged() throws Exception {
        EnvelopeKey claimedByAgent2 = new EnvelopeKey("agent-2", 1, 99);
        EnvelopeKey claimedByAgent1 = new EnvelopeKey("agent-1", 1, 50);
        IngestWorker worker = worker(sqlite);
        worker.handle(List.of(inbound("pmr/v1/agent-1/intervals", plain("agent-2", 1, 99)),
                inbound("pmr/v1/agent-2/intervals", plain("agent-1", 1, 50)), inbound(plain("agent-1", 1, 1))));
        assertEquals(Map.of("agent_mismatch", 2L), counters.snapshot().rejectedByReason());
        assertEquals(List.of(ackOf(1, 1)), acks, "no Ack to agent-2, and agent-1's lists only seq 1");

        worker.handle(List.of(inbound("pmr/v1/agent-2/intervals", plain("agent-2", 1, 1)),
                inbound(plain("agent-1", 1, 2))));
        restart();
        worker(sqlite).handle(List.of(inbound("pmr/v1/agent-2/intervals", plain("agent-2", 1, 2)),
                inbound(plain("agent-1", 1, 3))));

        assertEquals(List.of(ackOf(1, 1), ack("agent-2", range(1, 1, 1)), ackOf(1, 2),
                ack("agent-2", range(1, 1, 2)), ackOf(1, 3)), acks);
        for (Ack ack : acks) {
            assertFalse(covered(ack).contains(claimedByAgent2), () -> "acked " + claimedByAgent2);
            assertFalse(covered(ack).contains(claimedByAgent1), () -> "acked " + claimedByAgent1);
        }
        assertEquals(2, sqlite.quarantined(10).size(), "both mismatches are kept in quarantine, without a key");
    }

    @Test
    void otherContentUnderAStoredKeyIsAConflictKeptApartCountedAndNeverAcknowledged() throws Exception {
        IngestWorker worker = worker(sqlite);
        Envelope original = good(5, 10);
        Envelope other = good(5, 3); // valid, same key, other content (another install under the same id)
        worker.handle(List.of(inbound(original)));
        worker.handle(List.of(inbound(original)));
        assertEquals(List.of(ackOf(5, 5), ackOf(5, 5)), acks, "an identical duplicate is acknowledged again");

        worker.handle(List.of(inbound(other), inbound(good(6, 2))));
        worker.handle(List.of(inbound(other))); // the agent re-sends what stays unacknowledged

        IngestCounters snapshot = counters.snapshot();
        assertEquals(2, snapshot.stored());
        assertEquals(1, snapshot.duplicates());
        assertEquals(2, snapshot.conflicts(), "every receipt counts");
        assertEquals(12, storedEvents(), "the original is kept; the other content is added to nothing");
        assertEquals(List.of(ackOf(5, 5), ackOf(5, 5), ackOf(6, 6)), acks,
                "key 5 is withheld from every later Ack; a batch of conflicts alone publishes none");
        List<io.pmr.collector.data.EnvelopeConflict> conflicts = sqlite.conflicts(10);
        assertEquals(1, conflicts.size());
        assertEquals(new EnvelopeKey("agent-1", 1, 5), conflicts.get(0).key());
        assertEquals(2, conflicts.get(0).receipts());

        restart();
        worker(sqlite).handle(List.of(inbound(good(7, 1))));
        assertEquals(ackOf(6, 7), acks.get(acks.size() - 1), "a new process loads the withheld keys from the store");
    }

    private static Envelope birth(String agentId, long bootEpoch, long sequence, long createdEpochMillis) {
        return io.pmr.collector.TestEnvelopes.status(agentId, bootEpoch, sequence, RTT4, 25_000).toBuilder()
                .setCreatedEpochMillis(createdEpochMillis).build();
    }

    @Test
    void twoLiveAgentsUnderOneIdAreFlaggedWhenTheirBirthsAlternate() throws Exception {
        IngestWorker worker = worker(sqlite);
        long a = 0x9000_0000_0000_0001L; // above Long.MAX_VALUE as unsigned: ordered unsigned
        long b = 7;
        String status = "pmr/v1/agent-1/status";
        worker.handle(List.of(inbound(status, birth("agent-1", a, 1, 1_000))));
        worker.handle(List.of(inbound(status, birth("agent-1", b, 1, 2_000))));
        assertEquals(0, counters.snapshot().identityClashes(), "a restart: the new boot's birth follows the old one's");
        worker.handle(List.of(inbound(status, birth("agent-1", a, 2, 3_000)))); // kicked off, back again
        worker.handle(List.of(inbound(status, birth("agent-1", b, 2, 4_000))));

        assertEquals(2, counters.snapshot().identityClashes());
        assertEquals(1, sqlite.identityClashes().size(), "one row per agent and pair of epochs");
        io.pmr.collector.data.IdentityClash clash = sqlite.identityClashes().get(0);
        assertEquals("agent-1", clash.agentId());
        assertEquals(b, clash.bootEpochA(), "the lower epoch, unsigned");
        assertEquals(a, clash.bootEpochB());
    }

    @Test
    void aRestartWhoseOldBirthIsReplayedLateIsNoClash() throws Exception {
        IngestWorker worker = worker(sqlite);
        String status = "pmr/v1/agent-1/status";
        // Boot 1's first birth is stored; its second (after a reconnect) never got through before it was killed.
        worker.handle(List.of(inbound(status, birth("agent-1", 1, 1, 1_000))));
        // Boot 2 connects, sends its birth, then replays boot 1's unacknowledged birth from the outbox.
        worker.handle(List.of(inbound(status, birth("agent-1", 2, 3, 5_000))));
        worker.handle(List.of(inbound(status, birth("agent-1", 1, 2, 2_000))));
        worker.handle(List.of(inbound(status, birth("agent-1", 2, 4, 6_000)))); // boot 2 reconnects

        assertEquals(0, counters.snapshot().identityClashes());
        assertEquals(List.of(), sqlite.identityClashes());
    }

    @Test
    void aStatusStoredOrAlreadyStoredSendsTheAgentItsConfigAndNothingElseDoes() throws Exception {
        IngestWorker worker = worker(sqlite);
        worker.handle(List.of(inbound(good(1, 10))));
        assertEquals(List.of(), configsTo, "an interval batch is no status");

        Envelope birth = birth("agent-1", 1, 2, 1_000);
        worker.handle(List.of(inbound("pmr/v1/agent-1/status", birth)));
        assertEquals(List.of("agent-1"), configsTo, "a new birth");
        worker.handle(List.of(inbound("pmr/v1/agent-1/status", birth)));
        assertEquals(List.of("agent-1", "agent-1"), configsTo, "a retained status again, at a new subscription");

        worker.handle(List.of(inbound("pmr/v1/agent-2/status", birth("agent-1", 1, 3, 2_000))));
        assertEquals(1, counters.snapshot().rejected(), "a status on another agent's topic is quarantined");
        assertEquals(List.of("agent-1", "agent-1"), configsTo, "and earns no config, to either id");
    }

    /** A store that refuses (as invalid) any write carrying one particular envelope. */
    private record RefusingStore(Store delegate, Envelope refused) implements Store {
        @Override
        public List<WriteOutcome> write(List<StoreWrite> batch) {
            for (StoreWrite write : batch) {
                if (write instanceof StoreWrite.Accept accept && accept.envelope().equals(refused)) {
                    throw new IllegalArgumentException("refused for the test");
                }
            }
            return delegate.write(batch);
        }

        @Override
        public Set<EnvelopeKey> storedKeys(Collection<EnvelopeKey> keys) {
            return delegate.storedKeys(keys);
        }

        @Override
        public List<EnvelopeKey> heldKeys(String agentId) {
            return delegate.heldKeys(agentId);
        }

        @Override
        public PeriodData periodData(long fromEpochMillis, long toEpochMillis) {
            return delegate.periodData(fromEpochMillis, toEpochMillis);
        }

        @Override
        public long envelopeCount() {
            return delegate.envelopeCount();
        }

        @Override
        public List<QuarantinedMessage> quarantined(int limit) {
            return delegate.quarantined(limit);
        }

        @Override
        public void close() {
        }
    }
}
