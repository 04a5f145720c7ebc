package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.IngestService;
import io.pmr.collector.ingest.IngestSettings;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.Store;
import io.pmr.collector.store.StoreException;
import io.pmr.proto.v1.Envelope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector acknowledges a PUBLISH to the broker once it is queued, before the commit. A collector that dies in
 * between (here: its store fails every write, then it is shut down with the batch uncommitted) has the broker forget
 * those messages, and loses nothing: they were never acknowledged to the agent, which re-sends them, and the next
 * collector on the same session and database stores each exactly once.
 */
@Timeout(120)
class IngestCrashBeforeCommitTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int ENVELOPES = 30;
    private static final long START = millis("2020-09-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void messagesAckedToTheBrokerButNotCommittedAreStoredOnceWhenTheAgentResends() throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        for (int sequence = 1; sequence <= ENVELOPES; sequence++) {
            envelopes.add(intervals("agent-1", 7, sequence,
                    interval("CSPN/PM4.3", START + sequence * 60_000L, 25_000, 10, 9)));
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 65_536, 1 << 20, dir.resolve("broker"));
                SqliteStore sqlite = SqliteStore.open(dir.resolve("pmr.db"))) {
            IngestSettings onBroker = new IngestSettings(broker.url(), "pmr-collector-crash", 1 << 20, 500);
            AtomicBoolean diskFails = new AtomicBoolean(true);
            try (TestAgent agent = new TestAgent(broker.url(), keys -> sqlite.storedKeys(keys).containsAll(keys))) {
                IngestService doomed = IngestService.start(onBroker, Catalogue.shipped(), failingWhile(sqlite, diskFails),
                        Clock.systemUTC());
                for (Envelope envelope : envelopes) {
                    agent.publish(envelope); // returns on the broker's PUBACK: it comes although nothing can commit
                }
                await().atMost(PATIENCE).until(() -> doomed.counters().storeFailures() >= 1);
                doomed.close(); // the "crash": queued, acknowledged to the broker, never committed
                assertEquals(0, sqlite.envelopeCount(), "nothing was committed");
                assertTrue(agent.acked().isEmpty(), "nothing was acknowledged to the agent: " + agent.acked());

                diskFails.set(false);
                try (IngestService next = IngestService.start(onBroker, Catalogue.shipped(), sqlite,
                        Clock.systemUTC())) {
                    // The broker forgot them (they were PUBACKed): the session brings nothing back by itself.
                    assertEquals(0, next.counters().received(), "the broker redelivered acknowledged messages");
                    for (Envelope envelope : envelopes) {
                        if (!agent.acked().contains(key(envelope))) {
                            agent.publish(envelope); // the agent's re-send of what its Acks never covered
                        }
                    }
                    await().atMost(PATIENCE).until(() -> agent.acked().size() == ENVELOPES);
                    IngestCounters counters = next.counters();
                    assertEquals(ENVELOPES, counters.stored(), counters.toString());
                    assertEquals(0, counters.rejected(), counters.toString());
                    assertEquals(ENVELOPES, counters.received(), "only the agent's re-sends arrived: the broker"
                            + " redelivered none of what it was acknowledged: " + counters);
                }
            }
            assertEquals(ENVELOPES, sqlite.envelopeCount(), "each envelope stored exactly once");
            MeasureCounts counts = sqlite.periodData(START, START + (ENVELOPES + 1) * 60_000L).counts()
                    .get("CSPN/PM4.3");
            assertEquals(ENVELOPES * 10L, counts.events(), "no event lost, none counted twice");
        }
    }

    private static EnvelopeKey key(Envelope envelope) {
        return new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
    }

    /** The store, whose writes fail as a full disk's do while {@code failing} is set. */
    private static Store failingWhile(Store delegate, AtomicBoolean failing) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && failing.get()) {
                        throw new StoreException("disk I/O error (the test's)");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
