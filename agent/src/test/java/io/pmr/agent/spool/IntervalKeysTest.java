package io.pmr.agent.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import io.pmr.proto.v1.MeasureWatermark;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The ledger's compact keys write what the stripped protobuf batches wrote: the sent-interval ledger's file keeps
 * its bytes. Seeded batches of full reports (runs of series, repeated series, empty strings, zero, negative and
 * large starts, several envelopes acknowledged together) against the former path: each report stripped to
 * (measure, scope, start), the envelopes' batches merged, serialised.
 */
class IntervalKeysTest {
    private static final String[] MEASURES = {"CSPN/PM4.3", "CSPC/PM1.2", "TSP/PM2", "", "CSPS/PM4.3 \u00e9"};
    private static final String[] SCOPES = {"ALL", "EDMI_SMETS2", "", "northern"};

    @Test
    void mergesToTheBytesOfTheMergedStrippedBatches() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<IntervalReportBatch> envelopes = new ArrayList<>();
            for (int e = random.nextInt(1, 5); e > 0; e--) {
                envelopes.add(batch(random));
            }
            IntervalReportBatch.Builder merged = IntervalReportBatch.newBuilder();
            List<IntervalKeys> keys = new ArrayList<>();
            for (IntervalReportBatch envelope : envelopes) {
                merged.mergeFrom(stripped(envelope));
                keys.add(IntervalKeys.of(envelope));
            }
            byte[] expected = merged.build().toByteArray();
            assertArrayEquals(expected, IntervalKeys.merged(keys).toByteArray(), "seed " + seed);

            ByteBuffer record = AckedIntervalsFile.frame(keys);
            CRC32C crc = new CRC32C();
            crc.update(expected);
            assertEquals(expected.length, record.getInt(), "seed " + seed);
            assertEquals((int) crc.getValue(), record.getInt(), "seed " + seed);
            assertEquals(8 + expected.length, record.limit(), "seed " + seed);
        }
    }

    @Test
    void standsForTheStrippedBatch() {
        for (long seed = 1; seed <= 50; seed++) {
            IntervalReportBatch envelope = batch(new SplittableRandom(seed));
            assertEquals(stripped(envelope), IntervalKeys.of(envelope).toBatch(), "seed " + seed);
        }
    }

    /** What the ledger kept before: each report's measure, scope and start, and the batch's watermarks. */
    private static IntervalReportBatch stripped(IntervalReportBatch batch) {
        IntervalReportBatch.Builder keys = IntervalReportBatch.newBuilder();
        for (IntervalReport report : batch.getIntervalsList()) {
            keys.addIntervals(IntervalReport.newBuilder().setMeasureId(report.getMeasureId())
                    .setScope(report.getScope()).setIntervalStartEpochMillis(report.getIntervalStartEpochMillis()));
        }
        return keys.addAllWatermarks(batch.getWatermarksList()).build();
    }

    private static IntervalReportBatch batch(SplittableRandom random) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (int run = random.nextInt(0, 8); run > 0; run--) {
            String measure = MEASURES[random.nextInt(MEASURES.length)];
            String scope = SCOPES[random.nextInt(SCOPES.length)];
            long start = 1_598_914_800_000L + 60_000L * random.nextInt(-100, 50_000);
            for (int i = random.nextInt(1, 40); i > 0; i--) {
                long at = switch (random.nextInt(30)) {
                    case 0 -> 0;
                    case 1 -> -60_000L * random.nextInt(1, 1_000);
                    case 2 -> Long.MAX_VALUE - random.nextInt(1_000);
                    default -> start += 60_000L * random.nextInt(1, 4);
                };
                batch.addIntervals(IntervalReport.newBuilder().setMeasureId(measure).setScope(scope)
                        .setIntervalStartEpochMillis(at).setIntervalLengthMillis(60_000).setTrtMillis(25_000)
                        .setEvents(random.nextInt(1, 500)).setWithinTrt(random.nextInt(0, 500))
                        .setHistogramUnit(LatencyUnit.MICROSECONDS)
                        .setHistogram(ByteString.copyFrom(new byte[random.nextInt(1, 60)])));
            }
        }
        for (int mark = random.nextInt(0, 6); mark > 0; mark--) {
            long through = random.nextInt(10) == 0 ? 0 : 1_598_914_800_000L + 60_000L * random.nextInt(-10, 50_000);
            batch.addWatermarks(MeasureWatermark.newBuilder().setMeasureId(MEASURES[random.nextInt(MEASURES.length)])
                    .setFinalThroughEpochMillis(random.nextInt(20) == 0 ? -through : through));
        }
        return batch.build();
    }
}
