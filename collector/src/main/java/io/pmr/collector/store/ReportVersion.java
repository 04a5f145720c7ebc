package io.pmr.collector.store;

import java.util.Objects;

/**
 * One computed version of a period's report, kept for restatement: versions of a period are numbered 1, 2, ... and
 * none is ever replaced.
 *
 * @param period                {@code yyyy-MM}
 * @param version               1 for the first computation of the period, then +1 per restatement
 * @param computedAtEpochMillis when it was computed
 * @param reason                why it was (re)computed, e.g. {@code first}, {@code late data}, {@code correction}
 * @param fingerprint           {@link ReportVersionStore#dataFingerprint()} of the data it was computed from
 * @param reportJson            the report as written (JSON)
 */
public record ReportVersion(String period, int version, long computedAtEpochMillis, String reason, String fingerprint,
        String reportJson) {
    public ReportVersion {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(reportJson, "reportJson");
        if (version < 1) {
            throw new IllegalArgumentException("version " + version + " is below 1");
        }
    }
}
