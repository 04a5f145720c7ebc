package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.withExclusion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.IntervalReport;
import org.junit.jupiter.api.Test;

/** One interval row's checks alone: the count bound at its edge for every count, the TRT, the row's place in the text. */
class IntervalRowCheckTest {
    private static final String RTT4 = "CSPN/PM4.3";
    private static final long START = millis("2020-09-01T10:00:00Z");
    private static final long MAX = IntervalRowCheck.MAX_COUNT;
    private static final EnvelopeKey KEY = new EnvelopeKey("agent-1", 1, 5);

    private final IntervalRowCheck rows = new IntervalRowCheck(new FieldChecks(Catalogue.shipped(),
            TestBounds.in2021()));

    private void rejected(IntervalReport row, RejectReason reason, String detail) {
        Verdict.Invalid problem = rows.check(3, row, KEY, null);
        assertEquals(new Verdict.Invalid(reason, detail, KEY), problem);
    }

    @Test
    void everyCountMayReachTheBoundAndNoneMayPassIt() {
        IntervalReport full = interval(RTT4, START, 25_000, MAX, MAX);
        assertNull(rows.check(3, full, KEY, null));
        assertNull(rows.check(3, full.toBuilder().setWithinTrt(0).setTimedOut(MAX).build(), KEY, null));
        assertNull(rows.check(3, full.toBuilder().setWithinTrt(0).setFailed(MAX).build(), KEY, null));
        assertNull(rows.check(3, withExclusion(full, "sm_fault", MAX), KEY, null));
        String tooMany = "intervals[3] CSPN/PM4.3 at 2020-09-01T10:00:00Z: a count exceeds " + MAX;
        rejected(interval(RTT4, START, 25_000, MAX + 1, MAX + 1), RejectReason.COUNT_OUT_OF_RANGE, tooMany);
        rejected(full.toBuilder().setWithinTrt(MAX + 1).build(), RejectReason.COUNT_OUT_OF_RANGE, tooMany);
        rejected(full.toBuilder().setTimedOut(MAX + 1).build(), RejectReason.COUNT_OUT_OF_RANGE, tooMany);
        rejected(full.toBuilder().setFailed(MAX + 1).build(), RejectReason.COUNT_OUT_OF_RANGE, tooMany);
        rejected(withExclusion(full, "sm_fault", MAX + 1), RejectReason.COUNT_OUT_OF_RANGE,
                "intervals[3] CSPN/PM4.3 at 2020-09-01T10:00:00Z: excluded count exceeds " + MAX);
    }

    @Test
    void aTrtOtherThanTheCataloguesIsRefusedNamingTheRow() {
        rejected(interval(RTT4, START, 30_000, 1, 1), RejectReason.TRT_MISMATCH,
                "intervals[3] CSPN/PM4.3 at 2020-09-01T10:00:00Z: trt_millis 30000 but the catalogue's TRT is 25000 ms");
        rejected(interval(RTT4, START, 25_000, 1, 1).toBuilder().setTrtRule("25s").build(), RejectReason.TRT_MISMATCH,
                "intervals[3] CSPN/PM4.3 at 2020-09-01T10:00:00Z: trt_rule '25s' but the catalogue's TRT is the plain"
                        + " duration 25000 ms");
    }

    @Test
    void aLengthFromOneMillisecondToADayIsAccepted() {
        IntervalReport row = interval(RTT4, START, 25_000, 1, 1);
        assertNull(rows.check(0, row.toBuilder().setIntervalLengthMillis(1).build(), KEY, null));
        assertNull(rows.check(0, row.toBuilder().setIntervalLengthMillis(86_400_000L).build(), KEY, null));
        rejected(row.toBuilder().setIntervalLengthMillis(86_400_001L).build(), RejectReason.BAD_INTERVAL_LENGTH,
                "intervals[3] CSPN/PM4.3 at 2020-09-01T10:00:00Z: interval_length_millis 86400001 is outside"
                        + " 1..86400000");
    }
}
