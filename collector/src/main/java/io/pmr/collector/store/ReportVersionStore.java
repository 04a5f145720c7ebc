package io.pmr.collector.store;

import java.util.List;
import java.util.Optional;

/**
 * Versions of computed reports, for restatement, and a fingerprint of the stored data that tells whether a period
 * must be recomputed. Durable on return; any thread.
 */
public interface ReportVersionStore {

    /**
     * Saves the next version of a period's report (previous version + 1, or 1), in one transaction.
     *
     * @throws StoreException if the transaction failed
     */
    ReportVersion saveReportVersion(String period, long computedAtEpochMillis, String reason, String fingerprint,
            String reportJson);

    /**
     * Records {@code version} of a period only when the latest stored version is {@code version - 1} (none, for 1), in
     * one transaction: a publish that another overtook between reading the versions and recording its own gets empty
     * and records nothing, so two publishes never store the same figures as two versions.
     *
     * @throws StoreException if the transaction failed
     */
    Optional<ReportVersion> recordReportVersion(String period, int version, long computedAtEpochMillis, String reason,
            String fingerprint, String reportJson);

    /** Every version of the period, oldest first; empty when never computed. */
    List<ReportVersion> reportVersions(String period);

    /** One version of a period. */
    Optional<ReportVersion> reportVersion(String period, int version);

    /**
     * Text that changes whenever stored data that figures depend on changes (agent data, watermarks, imports that
     * changed rows) and stays equal otherwise (duplicates, quarantined messages, re-imports that changed nothing).
     * Cheap: index look-ups, no scan of the data.
     */
    String dataFingerprint();
}
