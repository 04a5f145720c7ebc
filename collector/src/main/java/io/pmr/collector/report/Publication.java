package io.pmr.collector.report;

import io.pmr.collector.credit.CreditHistory;
import io.pmr.collector.credit.CreditTable;
import java.util.List;
import java.util.Objects;

/**
 * What makes a computed report a published one: which version of the period's figures it is (a restated period
 * keeps every earlier version, with when and why), the service credits its levels earn, and the catalogue it was
 * computed with.
 *
 * @param catalogueFingerprint SHA-256 of the catalogue files (see {@code Catalogue.fingerprint()})
 * @param credits              the service credits table for the levels of this report
 * @param version              this version of the period's figures, 1 for the first
 * @param history              every version of the period up to and including this one, oldest first
 * @param creditHistory        the 12-month service-credit table per provider, ending with this month
 */
public record Publication(String catalogueFingerprint, CreditTable credits, int version, List<Version> history,
        CreditHistory creditHistory) {

    /** A publication without a 12-month credit history. */
    public Publication(String catalogueFingerprint, CreditTable credits, int version, List<Version> history) {
        this(catalogueFingerprint, credits, version, history, CreditHistory.NONE);
    }

    /**
     * One version of a period's figures.
     *
     * @param computedAtEpochMillis when it was computed
     * @param reason                why: the first computation, or what changed since the version before
     */
    public record Version(int version, long computedAtEpochMillis, String reason) {
        public Version {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public Publication {
        Objects.requireNonNull(catalogueFingerprint, "catalogueFingerprint");
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(creditHistory, "creditHistory");
        history = List.copyOf(history);
        if (history.isEmpty() || history.get(history.size() - 1).version() != version) {
            throw new IllegalArgumentException("history must end with version " + version);
        }
    }

    /** This version's entry. */
    public Version current() {
        return history.get(history.size() - 1);
    }
}
