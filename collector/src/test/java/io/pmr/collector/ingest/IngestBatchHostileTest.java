package io.pmr.collector.ingest;

import io.pmr.testkit.HostileTally;
import io.pmr.testkit.Mutation;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.store.SqliteStore;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A corrupted envelope inside an ingest batch, on a real SQLite file: it is quarantined and counted under the reason
 * the validator names, and every good envelope of the same batch is stored (exactly their events, nothing twice).
 */
class IngestBatchHostileTest {
    private static final HostileTally TALLY = HostileTally.of("IngestBatchHostileTest");
    private static final HostileTally.Decoder BATCH = TALLY.decoder("IngestWorker(batch of 5)");
    private static final String TOPIC = "pmr/v1/agent-1/intervals";
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long START = millis("2020-09-01T10:00:00Z");
    private static final int BATCH_SIZE = 5;

    private final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 1 << 20,
            TestBounds.in2021());

    @AfterContainer
    static void writeTally() {
        TALLY.write();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    private static Envelope good(long sequence) {
        long events = 10 * sequence;
        return intervals("agent-1", 1, sequence,
                withHistogram(interval(RTT4, START, 25_000, events, events), histogram(1_500, events)));
    }

    @Property(tries = 30, seed = "6060601")
    void theGoodEnvelopesAroundACorruptedOneAreAllStoredAndTheBadOneIsCounted(
            @ForAll @IntRange(min = 0, max = BATCH_SIZE - 1) int bad, @ForAll("mutations") List<Mutation> mutations)
            throws Exception {
        byte[] corrupted = Mutation.applyAll(good(bad + 1).toByteArray(), mutations);
        Verdict verdict = validator.validate(TOPIC, corrupted);
        Assume.that(verdict instanceof Verdict.Invalid);
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        Verdict screened = validator.screen(TOPIC, corrupted);
        List<EnvelopeKey> goodKeys = new ArrayList<>();
        for (int i = 0; i < BATCH_SIZE; i++) {
            if (i != bad) {
                goodKeys.add(new EnvelopeKey("agent-1", 1, i + 1));
            }
        }
        // a corruption that lands on another envelope's key is that key's duplicate, not this property's case
        Assume.that(!(screened instanceof Verdict.Valid valid && goodKeys.contains(EnvelopeValidator.keyOf(valid.envelope()))));

        Path dir = Files.createTempDirectory("ingest-hostile");
        try (SqliteStore store = SqliteStore.open(dir.resolve("pmr.db"))) {
            Counters counters = new Counters();
            Responder responder = new Responder() {
                @Override
                public boolean publishAck(String agentId, Ack ack) {
                    return true;
                }
            };
            IngestWorker worker = new IngestWorker(validator, store, responder, counters,
                    Clock.fixed(Instant.parse("2020-09-02T00:00:00Z"), ZoneOffset.UTC));
            List<Inbound> batch = new ArrayList<>();
            long goodEvents = 0;
            for (int i = 0; i < BATCH_SIZE; i++) {
                byte[] payload = i == bad ? corrupted : good(i + 1).toByteArray();
                goodEvents += i == bad ? 0 : 10L * (i + 1);
                batch.add(new Inbound(TOPIC, payload));
            }
            try {
                worker.handle(batch);
            } catch (Throwable t) {
                throw BATCH.crash(t);
            }
            BATCH.rejected(invalid.reason().code());

            IngestCounters snapshot = counters.snapshot();
            assertEquals(BATCH_SIZE, snapshot.received());
            assertEquals(BATCH_SIZE - 1, snapshot.stored(), snapshot.toString());
            assertEquals(0, snapshot.duplicates());
            assertEquals(Map.of(invalid.reason().code(), 1L), snapshot.rejectedByReason());
            MeasureCounts counts = store.periodData(START, START + 60_000).counts().get(RTT4);
            assertEquals(goodEvents, counts.events(), "exactly the good envelopes' events");
            assertEquals(1, store.quarantined(10).size());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
