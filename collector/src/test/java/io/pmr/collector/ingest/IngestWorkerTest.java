package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.HostileHistograms;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.EnvelopeKey;
import io.pmr.collector.store.MeasureCounts;
import io.pmr.collector.store.PeriodData;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
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
    final List<Inbound> completed = new ArrayList<>();
    final List<Ack> acks = new ArrayList<>();
    final Responder responder = new Responder() {
        @Override
        public void complete(Inbound inbound) {
            completed.add(inbound);
        }

        @Override
        public boolean publishAck(String agentId, Ack ack) {
            acks.add(ack);
            return true;
        }
    };

    @BeforeEach
    void open() {
        sqlite = SqliteStore.open(dir.resolve("pmr.db"));
    }

    @AfterEach
    void close() {
        sqlite.close();
    }

    private IngestWorker worker(Store store) {
        return new IngestWorker(new LinkedBlockingQueue<>(), new EnvelopeValidator(Catalogue.shipped(), 1 << 20),
                store, responder, counters, Clock.fixed(Instant.parse("2020-09-02T00:00:00Z"), ZoneOffset.UTC), 500);
    }

    private static Inbound inbound(Envelope envelope) {
        return new Inbound(TOPIC, envelope.toByteArray(), 1, 1, 1);
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
        return Ack.newBuilder().setAgentId("agent-1").addRanges(
                AckedRange.newBuilder().setBootEpoch(1).setFirstSequence(first).setLastSequence(last)).build();
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
        assertEquals(1, snapshot.duplicates(), "seq 5 is stored already: its content is not validated again");
        assertEquals(Map.of("bad_histogram", 1L), snapshot.rejectedByReason(), "seq 6 is new: validated in full");
        assertEquals(List.of(ackOf(5, 5), ackOf(5, 6)), acks);
        assertEquals(3, completed.size());
        assertEquals(10, storedEvents());
        List<QuarantinedMessage> quarantined = sqlite.quarantined(10);
        assertEquals(1, quarantined.size());
        assertEquals(new EnvelopeKey("agent-1", 1, 6), quarantined.get(0).key());
    }

    @Test
    void aKeyAcceptedEarlierInTheBatchMakesLaterCopiesDuplicates() throws Exception {
        worker(sqlite).handle(List.of(inbound(good(7, 10)), inbound(hostile(7)), inbound(good(7, 10))));

        IngestCounters snapshot = counters.snapshot();
        assertEquals(1, snapshot.stored());
        assertEquals(2, snapshot.duplicates());
        assertEquals(0, snapshot.rejected());
        assertEquals(List.of(ackOf(7, 7)), acks);
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
        assertEquals(2, completed.size());
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
