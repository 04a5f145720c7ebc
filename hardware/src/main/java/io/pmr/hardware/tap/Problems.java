package io.pmr.hardware.tap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;

/** Reports bad lines: logs each at WARN as {@code file:line: what}, counts it, keeps the last few. */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(TraceTap.class);
    static final int RECENT = 32;

    private final Counts counts;
    private final ArrayDeque<String> recent = new ArrayDeque<>(RECENT);

    Problems(Counts counts) {
        this.counts = counts;
    }

    void badLine(String file, long lineNumber, String what) {
        counts.badLines = counts.badLines + 1;
        LOG.warn("{}:{}: {}", file, lineNumber, what);
        String message = file + ":" + lineNumber + ": " + what;
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(message);
        }
    }

    List<String> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
