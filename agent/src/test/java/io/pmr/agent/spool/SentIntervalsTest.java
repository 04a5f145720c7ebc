package io.pmr.agent.spool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import org.junit.jupiter.api.Test;

/** The ledger in memory: held keys are counted per envelope, series by series, and leave with their envelopes. */
class SentIntervalsTest {
    private static final long MINUTE = 60_000;

    @Test
    void aStartHeldByTwoEnvelopesStaysSentUntilBothLeave() {
        SentIntervals ledger = new SentIntervals();
        IntervalKeys first = keys("CSPN/PM4.3", "all", 0, MINUTE);
        IntervalKeys second = keys("CSPN/PM4.3", "all", MINUTE, 2 * MINUTE);
        ledger.hold(first);
        ledger.hold(second);
        assertTrue(ledger.contains("CSPN/PM4.3", "all", MINUTE));
        ledger.release(first);
        assertFalse(ledger.contains("CSPN/PM4.3", "all", 0), "only the first envelope held it");
        assertTrue(ledger.contains("CSPN/PM4.3", "all", MINUTE), "the second envelope still holds it");
        ledger.release(second);
        assertFalse(ledger.contains("CSPN/PM4.3", "all", MINUTE));
        assertFalse(ledger.contains("CSPN/PM4.3", "all", 2 * MINUTE));
    }

    @Test
    void runsOfSeveralSeriesInOneEnvelopeAreHeldAndReleasedEachInItsOwnSeries() {
        SentIntervals ledger = new SentIntervals();
        IntervalReportBatch.Builder mixed = IntervalReportBatch.newBuilder();
        addReports(mixed, "CSPN/PM4.3", "all", 0, MINUTE);
        addReports(mixed, "CSPN/PM4.3", "north", 0);
        addReports(mixed, "CSPC/PM4.3", "all", MINUTE);
        addReports(mixed, "CSPN/PM4.3", "all", 2 * MINUTE); // the first series again, after the others
        IntervalKeys envelope = IntervalKeys.of(mixed.build());
        ledger.hold(envelope);
        assertTrue(ledger.contains("CSPN/PM4.3", "north", 0));
        assertFalse(ledger.contains("CSPN/PM4.3", "north", MINUTE), "a start of another series is not this one's");
        assertTrue(ledger.contains("CSPC/PM4.3", "all", MINUTE));
        assertFalse(ledger.contains("CSPC/PM4.3", "all", 0));
        assertTrue(ledger.contains("CSPN/PM4.3", "all", 2 * MINUTE));
        ledger.release(envelope);
        for (long start : new long[] {0, MINUTE, 2 * MINUTE}) {
            assertFalse(ledger.contains("CSPN/PM4.3", "all", start));
            assertFalse(ledger.contains("CSPN/PM4.3", "north", start));
            assertFalse(ledger.contains("CSPC/PM4.3", "all", start));
        }
    }

    @Test
    void releasingAnEnvelopeNeverHeldChangesNothing() {
        SentIntervals ledger = new SentIntervals();
        ledger.hold(keys("CSPN/PM4.3", "all", 0));
        ledger.release(keys("CSPC/PM4.3", "all", 0));
        assertTrue(ledger.contains("CSPN/PM4.3", "all", 0));
    }

    private static IntervalKeys keys(String measure, String scope, long... starts) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        addReports(batch, measure, scope, starts);
        return IntervalKeys.of(batch.build());
    }

    private static void addReports(IntervalReportBatch.Builder batch, String measure, String scope, long... starts) {
        for (long start : starts) {
            batch.addIntervals(IntervalReport.newBuilder().setMeasureId(measure).setScope(scope)
                    .setIntervalStartEpochMillis(start));
        }
    }
}
