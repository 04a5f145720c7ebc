package io.pmr.collector.view;

import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static io.pmr.collector.TestEnvelopes.status;
import static io.pmr.collector.TestEnvelopes.watermark;

import com.google.protobuf.ByteString;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.LatencyUnit;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Real stored envelopes in a real SQLite file, as an agent would send them, for the view tests. */
final class ViewFixture {
    static final String HOSTILE_NAME = "RTT4 <script>alert('x')</script> & \"quoted\"";
    static final Catalogue CATALOGUE = Catalogue.parse("view-catalogue", new StringReader("""
            CPM1,DCC,Code,On-Demand Service Responses within TRT,composite,,monthly,99.00,96.00,
            CSPN/PM4.3,CSP North,SMETS2,"%s",within_trt,25s,monthly,85.00,80.00,CPM1
            CSPC/PM4.3,CSP Central,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96.00,90.00,CPM1
            CSPS/PM4.3,CSP South,SMETS2,RTT4 within 25 seconds,within_trt,25s,monthly,96.00,90.00,CPM1
            """.formatted(HOSTILE_NAME.replace("\"", "\"\""))));
    /** 2020-09-01 00:00 Europe/London (BST). */
    static final long SEP = millis("2020-08-31T23:00:00Z");
    static final long OCT = millis("2020-09-30T23:00:00Z");
    static final long DAY = 86_400_000L;

    private ViewFixture() {
    }

    /** A compressed histogram in the given unit: {@code counts[i]} values of {@code values[i]}. */
    static ByteString histogram(long[] values, long[] counts) {
        Histogram histogram = new Histogram(3);
        histogram.setAutoResize(true);
        for (int i = 0; i < values.length; i++) {
            histogram.recordValueWithCount(values[i], counts[i]);
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    /**
     * An interval as the agent sends it: {@code within} completed within TRT at {@code withinMicros}, {@code failed}
     * completed late at {@code lateMicros}, {@code timedOut} never completed (in no histogram); microseconds, as the
     * agent records.
     */
    static IntervalReport interval(String measure, long start, long within, long failed, long timedOut,
            long withinMicros, long lateMicros) {
        return IntervalReport.newBuilder().setMeasureId(measure).setScope("").setIntervalStartEpochMillis(start)
                .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(within + failed + timedOut)
                .setWithinTrt(within).setFailed(failed).setTimedOut(timedOut)
                .setHistogram(histogram(new long[] {withinMicros, lateMicros}, new long[] {within, failed}))
                .setHistogramUnit(LatencyUnit.MICROSECONDS).build();
    }

    /**
     * North: 820 of 1000 within (82.00, below target), on days 1, 2 (an interval at 23:30 UTC on the 1st, the 2nd in
     * London) and 30, none timed out. Central: 50 of 100 (below minimum), 10 of them timed out. South: 100 of 100.
     * Every agent final through the month's end.
     */
    static void store(SqliteStore store) {
        List<Envelope> envelopes = List.of(
                status("agent-north", 1, 1, "CSPN/PM4.3", 25_000),
                intervals("agent-north", 1, 2,
                        interval("CSPN/PM4.3", SEP + 60_000, 400, 100, 0, 1_200_000, 40_000_000),
                        interval("CSPN/PM4.3", millis("2020-09-01T23:30:00Z"), 300, 50, 0, 800_000, 31_000_000),
                        interval("CSPN/PM4.3", OCT - 120_000, 120, 30, 0, 2_000, 26_000_000)),
                watermark("agent-north", 1, 3, "CSPN/PM4.3", OCT),
                status("agent-central", 1, 1, "CSPC/PM4.3", 25_000),
                intervals("agent-central", 1, 2,
                        interval("CSPC/PM4.3", SEP + 5 * DAY, 50, 40, 10, 20_000_000, 90_000_000)),
                watermark("agent-central", 1, 3, "CSPC/PM4.3", OCT),
                status("agent-south", 1, 1, "CSPS/PM4.3", 25_000),
                // a histogram in milliseconds: the merge converts every unit to nanoseconds
                intervals("agent-south", 1, 2, interval("CSPS/PM4.3", SEP + 9 * DAY, 100, 0, 0, 3_000, 3_000)
                        .toBuilder().setHistogram(histogram(new long[] {3}, new long[] {100}))
                        .setHistogramUnit(LatencyUnit.MILLISECONDS).build()),
                watermark("agent-south", 1, 3, "CSPS/PM4.3", SEP + 20 * DAY));
        for (Envelope envelope : envelopes) {
            store.write(List.of(new StoreWrite.Accept(envelope, 0L)));
        }
    }
}
