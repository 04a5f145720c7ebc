package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.MeasureCounts;
import io.pmr.proto.v1.Envelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one PostgreSQL database (two collectors) writing the same envelopes at once, in different orders and
 * batches, into the same daily rollup and total rows: every envelope is stored exactly once (the other copy is a
 * duplicate), and the rollups and totals equal a fresh aggregation of the minute rows (no addition lost to a race).
 */
class PostgresConcurrentWritersTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long DAY = millis("2020-09-15T00:00:00Z");

    @Test
    void twoWritersStoreEachEnvelopeOnceAndLoseNoRollupAddition() throws Exception {
        StoreLocation location = StoreEngine.newPostgresDatabase();
        SplittableRandom random = new SplittableRandom(15);
        List<Envelope> envelopes = new ArrayList<>();
        long events = 0;
        long within = 0;
        for (int agent = 0; agent < 3; agent++) {
            for (int sequence = 1; sequence <= 40; sequence++) {
                long count = random.nextLong(1, 50);
                long ok = random.nextLong(0, count + 1);
                events += count;
                within += ok;
                envelopes.add(intervals("agent-" + agent, 1, sequence, withHistogram(interval(RTT4,
                        DAY + sequence * 60_000L, 25_000, count, ok), histogram(100 + sequence, count))));
            }
        }
        List<Envelope> reversed = new ArrayList<>(envelopes);
        Collections.reverse(reversed);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try (SqliteStore first = SqliteStore.open(location); SqliteStore second = SqliteStore.open(location)) {
            Future<List<WriteOutcome>> a = threads.submit(() -> writeAll(first, envelopes, 7, start));
            Future<List<WriteOutcome>> b = threads.submit(() -> writeAll(second, reversed, 11, start));
            start.countDown();
            List<WriteOutcome> outcomes = new ArrayList<>(a.get(2, TimeUnit.MINUTES));
            outcomes.addAll(b.get(2, TimeUnit.MINUTES));

            assertEquals(envelopes.size(), Collections.frequency(outcomes, WriteOutcome.STORED),
                    "each envelope stored by exactly one of the writers");
            assertEquals(envelopes.size(), Collections.frequency(outcomes, WriteOutcome.DUPLICATE));
            assertEquals(envelopes.size(), first.envelopeCount());
            assertEquals(new MeasureCounts(events, within, events - within, 0),
                    first.periodData(DAY - 3_600_000L, DAY + 86_400_000L).counts().get(RTT4));
            RollupCheck check = RollupMaintenance.check(second, 10);
            assertTrue(check.equal(), check::toString);
            assertEquals(envelopes.size(), check.minuteRows());
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<WriteOutcome> writeAll(SqliteStore store, List<Envelope> envelopes, int batchSize,
            CountDownLatch start) throws InterruptedException {
        start.await();
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (int from = 0; from < envelopes.size(); from += batchSize) {
            List<StoreWrite> batch = new ArrayList<>();
            for (Envelope envelope : envelopes.subList(from, Math.min(envelopes.size(), from + batchSize))) {
                batch.add(new StoreWrite.Accept(envelope, 1_000L));
            }
            outcomes.addAll(store.write(batch));
        }
        return outcomes;
    }
}
