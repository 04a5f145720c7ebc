package io.pmr.collector.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Live ingest counters: updated by the ingest threads, read as a snapshot from any thread. */
final class Counters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong acksPublished = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong identityClashes = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    volatile boolean storeFailing;
    private final AtomicLongArray rejectedByReason = new AtomicLongArray(RejectReason.values().length);

    void reject(RejectReason reason) {
        rejectedByReason.incrementAndGet(reason.ordinal());
        rejected.incrementAndGet();
    }

    IngestCounters snapshot() {
        Map<String, Long> byCode = new TreeMap<>();
        for (RejectReason reason : RejectReason.values()) {
            long count = rejectedByReason.get(reason.ordinal());
            if (count > 0) {
                byCode.put(reason.code(), count);
            }
        }
        return new IngestCounters(received.get(), stored.get(), duplicates.get(), rejected.get(), byCode,
                acksPublished.get(), conflicts.get(), identityClashes.get(), storeFailures.get(), storeFailing);
    }
}
