package io.pmr.collector.report;

import java.util.Objects;

/** Events excluded from a measure for one reason. */
public record ExcludedCount(String reason, long count) {
    public ExcludedCount {
        Objects.requireNonNull(reason, "reason");
    }
}
