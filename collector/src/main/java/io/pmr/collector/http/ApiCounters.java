package io.pmr.collector.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The API's own counters and its open-connection gauge. Thread-safe. */
final class ApiCounters {
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();

    void failed() {
        failed.incrementAndGet();
    }

    long failedCount() {
        return failed.get();
    }

    /** Takes a place for a new connection; false (and counted as refused) when {@code max} are open. */
    boolean opened(int max) {
        while (true) {
            int now = open.get();
            if (now >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place of a connection {@link #opened} admitted. */
    void closed() {
        open.decrementAndGet();
    }

    void timedOut() {
        timedOut.incrementAndGet();
    }

    int openConnections() {
        return open.get();
    }

    long refusedCount() {
        return refused.get();
    }

    long timedOutCount() {
        return timedOut.get();
    }
}
