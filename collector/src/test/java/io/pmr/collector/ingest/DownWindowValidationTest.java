package io.pmr.collector.ingest;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.Test;

/** Probed availability: intervals and declarations without a catalogue TRT, and down windows checked one by one. */
class DownWindowValidationTest {
    private static final String TOPIC = "pmr/v1/gw-n/intervals";
    private static final String PM62 = "CSPN/PM6.2";
    private static final long START = millis("2020-09-01T10:00:00Z");

    private final EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 64 * 1024,
            TestBounds.in2021());

    private static Envelope batch(DownWindow... windows) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder()
                .addIntervals(interval(PM62, START, 2_000, 6, 4))
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId(PM62).setFinalThroughEpochMillis(START));
        for (DownWindow window : windows) {
            batch.addDownWindows(window);
        }
        return Envelope.newBuilder().setAgentId("gw-n").setBootEpoch(1).setSequence(7).setIntervals(batch).build();
    }

    private static DownWindow window(String measure, long start, long end) {
        return DownWindow.newBuilder().setMeasureId(measure).setStartEpochMillis(start).setEndEpochMillis(end).build();
    }

    private Verdict.Invalid rejected(Envelope envelope, RejectReason reason) {
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class, validator.validate(TOPIC, envelope.toByteArray()));
        assertEquals(reason, invalid.reason(), invalid.detail());
        return invalid;
    }

    @Test
    void probeIntervalsAndWindowsOfAnAvailabilityMeasureNeedNoCatalogueTrt() {
        Envelope envelope = batch(window(PM62, START, START + 20_000), window(PM62, START + 40_000, START + 50_000));
        assertEquals(envelope, assertInstanceOf(Verdict.Valid.class,
                validator.validate(TOPIC, envelope.toByteArray())).envelope());
        assertInstanceOf(Verdict.Valid.class, validator.validate("pmr/v1/gw-n/status",
                status("gw-n", 1, 1, PM62, 2_000).toByteArray()), "the probe timeout is the agent's own setting");
    }

    @Test
    void aBadWindowQuarantinesItsEnvelopeNamingTheWindow() {
        assertEquals("down_windows[1] CSPN/PM6.2: end_epoch_millis " + START + " is not after start_epoch_millis "
                        + START, rejected(batch(window(PM62, START, START + 1), window(PM62, START, START)),
                RejectReason.BAD_DOWN_WINDOW).detail());
        assertEquals("down_windows[0] CSPN/PM4.3: measure_id is of kind within_trt, which takes no down windows",
                rejected(batch(window("CSPN/PM4.3", START, START + 1)), RejectReason.BAD_DOWN_WINDOW).detail());
        rejected(batch(window("CSPN/PM99", START, START + 1)), RejectReason.UNKNOWN_MEASURE);
    }
}
