package io.pmr.collector.http;

import java.util.concurrent.atomic.AtomicLong;

/** The API's own counters. Thread-safe. */
final class ApiCounters {
    private final AtomicLong failed = new AtomicLong();

    void failed() {
        failed.incrementAndGet();
    }

    long failedCount() {
        return failed.get();
    }
}
