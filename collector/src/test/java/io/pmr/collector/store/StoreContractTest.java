package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.collector.data.IdentityClash;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pmr.proto.v1.Envelope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Store} implementation must have; one concrete subclass per implementation. */
abstract class StoreContractTest {
    static final String RTT4 = "CSPN/PM4.3";
    static final long SEP_START = millis("2020-08-31T23:00:00Z");
    static final long OCT_START = millis("2020-09-30T23:00:00Z");

    Store store;

    /** A fresh, empty store (on a real file where the implementation has one). */
    abstract Store newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static StoreWrite accept(Envelope envelope) {
        return new StoreWrite.Accept(envelope, 1_000L);
    }

    @Test
    void identicalDuplicateIsANoOpAndOtherContentUnderTheKeyIsAConflictKeptApart() {
        Envelope first = intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 10, 9));
        Envelope sameKeyOtherData = intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 500, 1));

        assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(accept(first))));
        assertEquals(List.of(WriteOutcome.DUPLICATE, WriteOutcome.CONFLICT, WriteOutcome.CONFLICT),
                store.write(List.of(accept(first), accept(sameKeyOtherData), new StoreWrite.Accept(sameKeyOtherData,
                        2_000L))));
        assertEquals(List.of(WriteOutcome.CONFLICT), store.write(List.of(new StoreWrite.Duplicate(
                new EnvelopeKey("agent-1", 1, 7), sameKeyOtherData.toByteArray(), 3_000L))),
                "a message taken for a duplicate is compared too");

        assertEquals(Map.of(RTT4, new MeasureCounts(10, 9, 1, 0)),
                store.periodData(SEP_START, OCT_START).counts(), "the original is kept, the other content not added");
        assertEquals(1, store.envelopeCount());
        List<EnvelopeConflict> conflicts = store.conflicts(10);
        assertEquals(1, conflicts.size(), "one row per distinct payload of a key");
        EnvelopeConflict conflict = conflicts.get(0);
        assertEquals(new EnvelopeKey("agent-1", 1, 7), conflict.key());
        assertEquals(sha256(first.toByteArray()), conflict.storedSha256Hex());
        assertEquals(sha256(sameKeyOtherData.toByteArray()), conflict.receivedSha256Hex());
        assertEquals(3, conflict.receipts());
        assertEquals(1_000L, conflict.firstReceivedEpochMillis());
        assertEquals(3_000L, conflict.lastReceivedEpochMillis());
        assertEquals(sameKeyOtherData.getSerializedSize(), conflict.payloadSize());
        assertEquals(List.of(new EnvelopeKey("agent-1", 1, 7)), store.conflictedKeys("agent-1"));
        assertEquals(List.of(), store.conflictedKeys("agent-2"));
    }

    @Test
    void identityClashesAreKeptPerAgentAndEpochPair() {
        store.recordIdentityClash(new IdentityClash("agent-1", 5, 9, 100L, 200L));
        store.recordIdentityClash(new IdentityClash("agent-1", 5, 9, 100L, 900L));
        assertEquals(List.of(new IdentityClash("agent-1", 5, 9, 100L, 900L)), store.identityClashes());
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sameSequenceInAnotherEpochOrAgentIsNotADuplicate() {
        List<WriteOutcome> outcomes = store.write(List.of(
                accept(intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-1", 2, 7, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-2", 1, 7, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 1, 1)))));

        assertEquals(List.of(WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.STORED, WriteOutcome.DUPLICATE),
                outcomes);
        // every key is new, but agent-1's second boot sent the very interval its first had (a reinstall measuring
        // again): counted once (StoreReplaysTest); agent-2's is its own
        assertEquals(2, store.periodData(SEP_START, OCT_START).counts().get(RTT4).events());
    }

    @Test
    void storedKeysAreTheAcceptedOnesOnly() {
        EnvelopeKey accepted = new EnvelopeKey("agent-1", 1, 7);
        EnvelopeKey quarantined = new EnvelopeKey("agent-1", 1, 8);
        store.write(List.of(accept(intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 10, 9))),
                new StoreWrite.Quarantine("pmr/v1/agent-1/intervals", "bad_histogram", "no", new byte[] {1}, 1,
                        quarantined, 5L)));

        assertEquals(Set.of(accepted), store.storedKeys(
                List.of(accepted, quarantined, new EnvelopeKey("agent-1", 2, 7), new EnvelopeKey("agent-2", 1, 7))));
        assertEquals(Set.of(), store.storedKeys(List.of()));
    }

    @Test
    void heldKeysAreTheAgentsStoredAndKeyedQuarantinedOnes() {
        store.write(List.of(
                accept(intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-1", 2, 1, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-2", 1, 2, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(intervals("agent-10", 1, 3, interval(RTT4, SEP_START, 25_000, 1, 1))),
                new StoreWrite.Quarantine("pmr/v1/agent-1/intervals", "bad_histogram", "no", new byte[] {1}, 1,
                        new EnvelopeKey("agent-1", 1, 5), 5L),
                new StoreWrite.Quarantine("pmr/v1/agent-1/intervals", "agent_mismatch", "no", new byte[] {1}, 1,
                        null, 5L),
                new StoreWrite.Quarantine("pmr/v1/agent-2/intervals", "bad_histogram", "no", new byte[] {1}, 1,
                        new EnvelopeKey("agent-2", 1, 6), 5L)));
        assertThrows(IllegalArgumentException.class, () -> store.write(List.of(
                accept(intervals("agent-1", 1, 9, interval(RTT4, SEP_START, 25_000, 1, 1))),
                accept(Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(10).build()))));

        assertEquals(Set.of(new EnvelopeKey("agent-1", 1, 1), new EnvelopeKey("agent-1", 2, 1),
                new EnvelopeKey("agent-1", 1, 5)), Set.copyOf(store.heldKeys("agent-1")),
                "stored and keyed quarantined keys of this agent only; nothing of a rolled-back batch");
        assertEquals(Set.of(new EnvelopeKey("agent-2", 1, 2), new EnvelopeKey("agent-2", 1, 6)),
                Set.copyOf(store.heldKeys("agent-2")));
        assertEquals(List.of(), store.heldKeys("agent-3"));
    }

    @Test
    void duplicateClaimIsConfirmedInsideTheTransactionAndAddsNothing() {
        Envelope first = intervals("agent-1", 1, 7, interval(RTT4, SEP_START, 25_000, 10, 9));
        EnvelopeKey key = new EnvelopeKey("agent-1", 1, 7);
        EnvelopeKey neverStored = new EnvelopeKey("agent-1", 1, 99);

        byte[] payload = first.toByteArray();
        List<WriteOutcome> outcomes = store.write(List.of(new StoreWrite.Duplicate(key, payload, 1L), accept(first),
                new StoreWrite.Duplicate(key, payload, 1L), new StoreWrite.Duplicate(neverStored, payload, 1L)));

        assertEquals(List.of(WriteOutcome.ABSENT, WriteOutcome.STORED, WriteOutcome.DUPLICATE, WriteOutcome.ABSENT),
                outcomes, "a claim is checked against the keys stored by then, earlier in the batch included");
        assertEquals(List.of(WriteOutcome.DUPLICATE), store.write(List.of(new StoreWrite.Duplicate(key, payload, 2L))));
        assertEquals(1, store.envelopeCount());
        assertEquals(Map.of(RTT4, new MeasureCounts(10, 9, 1, 0)), store.periodData(SEP_START, OCT_START).counts());
        assertEquals(Set.of(), store.storedKeys(List.of(neverStored)));
    }

    @Test
    void failedTransactionAddsNothing() {
        Envelope good = intervals("agent-1", 1, 1, interval(RTT4, SEP_START, 25_000, 10, 10));
        Envelope noBody = Envelope.newBuilder().setAgentId("agent-1").setBootEpoch(1).setSequence(2).build();
        StoreWrite.Quarantine quarantine = new StoreWrite.Quarantine("pmr/v1/x/status", "unparseable", "garbage",
                new byte[] {1, 2}, 2, null, 5L);

        assertThrows(IllegalArgumentException.class,
                () -> store.write(List.of(accept(good), quarantine, accept(noBody))));

        assertEquals(0, store.envelopeCount());
        assertEquals(Map.of(), store.periodData(SEP_START, OCT_START).counts());
        assertEquals(List.of(), store.quarantined(10));
        assertEquals(List.of(WriteOutcome.STORED), store.write(List.of(accept(good))),
                "the rolled-back key is free again");
    }

    @Test
    void sumsPerMeasureAndPeriodAttributeIntervalsByStart() {
        store.write(List.of(
                accept(intervals("agent-1", 1, 1,
                        interval(RTT4, SEP_START - 60_000, 25_000, 100, 50), // last minute of August (London)
                        interval(RTT4, SEP_START, 25_000, 10, 9),
                        withExclusion(interval(RTT4, SEP_START + 60_000, 25_000, 5, 5), "Test Lab Installations", 3),
                        interval("CSPN/PM4.2", SEP_START, 7_200_000, 4, 2))),
                accept(intervals("agent-2", 1, 1,
                        interval(RTT4, OCT_START - 60_000, 25_000, 20, 20),
                        withExclusion(interval(RTT4, OCT_START, 25_000, 7, 7), "Test Lab Installations", 1)))));

        PeriodData september = store.periodData(SEP_START, OCT_START);

        assertEquals(Map.of(RTT4, new MeasureCounts(35, 34, 1, 0), "CSPN/PM4.2", new MeasureCounts(4, 2, 2, 0)),
                september.counts());
        assertEquals(Map.of(RTT4, Map.of("Test Lab Installations", 3L)), september.exclusions());
        assertEquals(Map.of(RTT4, new MeasureCounts(100, 50, 50, 0)),
                store.periodData(SEP_START - 86_400_000L, SEP_START).counts());
    }

    @Test
    void keepsDeclaredSourcesAndTheHighestWatermark() {
        store.write(List.of(
                accept(status("agent-1", 1, 1, RTT4, 25_000)),
                accept(status("agent-2", 1, 1, RTT4, 25_000)),
                accept(watermark("agent-1", 1, 2, RTT4, OCT_START)),
                accept(watermark("agent-1", 1, 3, RTT4, SEP_START)))); // older watermark arriving late

        PeriodData data = store.periodData(SEP_START, OCT_START);

        assertEquals(Map.of(RTT4, Set.of("agent-1", "agent-2")), data.declaredBy());
        assertEquals(Map.of(RTT4, Map.of("agent-1", OCT_START)), data.watermarks());
    }

    @Test
    void quarantineKeepsTopicReasonKeyAndPayload() {
        byte[] payload = {9, 8, 7};
        EnvelopeKey key = new EnvelopeKey("agent-1", 3, 4);
        List<WriteOutcome> outcomes = store.write(List.of(
                new StoreWrite.Quarantine("pmr/v1/a/b", "unknown_topic", "topic is wrong", payload, 3, null, 11L),
                new StoreWrite.Quarantine("pmr/v1/agent-1/intervals", "bad_histogram", "no", payload, 70_000, key,
                        12L)));

        assertEquals(List.of(WriteOutcome.QUARANTINED, WriteOutcome.QUARANTINED), outcomes);
        List<QuarantinedMessage> stored = store.quarantined(10);
        assertEquals(2, stored.size());
        assertEquals("pmr/v1/a/b", stored.get(0).topic());
        assertEquals("unknown_topic", stored.get(0).reason());
        assertNull(stored.get(0).key());
        assertArrayEquals(payload, stored.get(0).payloadPrefix());
        assertEquals(key, stored.get(1).key());
        assertEquals(70_000, stored.get(1).payloadSize());
        assertEquals(0, store.envelopeCount(), "quarantined messages are not stored envelopes");
    }
}
