package io.pmr.collector.store;

import static io.pmr.collector.store.SqliteTableRows.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ingest's validation pool prepares for the writer ({@link PreparedEnvelope}: the payload's hash and the
 * intervals' histograms decoded) changes nothing the store writes: the same seeded envelopes written with and without
 * it give byte-identical envelope keys, rollups and daily totals, and the rollups equal a fresh aggregation of the
 * minute rows decoded by the library. Histograms the reader does not take (2 digits, damaged, an unknown unit) are
 * left to the writer.
 */
class PreparedEnvelopeTest {
    private static final String[] MEASURES = {"CSPN/PM4.3", "CSPC/PM3.1", "DSP/PM1.2"};
    private static final long DAY_MILLIS = 86_400_000L;
    /** 2020-10-24T00:00Z: the seeded minutes cross the UK clock change of the 25th. */
    private static final long FROM = 1_603_497_600_000L;

    @TempDir
    Path dir;

    @Test
    void storesWrittenWithAndWithoutPreparationAreByteIdenticalAndEqualAFreshAggregation() throws Exception {
        List<Envelope> envelopes = envelopes(new Random(20201025L), 300);
        Path plain = dir.resolve("plain.db");
        Path prepared = dir.resolve("prepared.db");
        try (SqliteStore byWriter = SqliteStore.open(plain); SqliteStore byPool = SqliteStore.open(prepared)) {
            for (int from = 0; from < envelopes.size(); from += 37) {
                List<StoreWrite> writes = new ArrayList<>();
                List<StoreWrite> preparedWrites = new ArrayList<>();
                for (Envelope envelope : envelopes.subList(from, Math.min(envelopes.size(), from + 37))) {
                    byte[] payload = envelope.toByteArray();
                    writes.add(new StoreWrite.Accept(envelope, 1L, payload));
                    preparedWrites.add(new StoreWrite.Accept(envelope, 1L, payload,
                            PreparedEnvelope.of(envelope, payload)));
                }
                assertEquals(byWriter.write(writes), byPool.write(preparedWrites));
            }
            RollupCheck check = RollupMaintenance.check(byPool, 10);
            assertTrue(check.equal(), check.differences().toString());
            assertTrue(check.minuteRows() > 1_000, "enough minute rows: " + check.minuteRows());
        }
        for (String table : List.of("envelope", "daily_rollup", "daily_total")) {
            assertEquals(rows(plain, table), rows(prepared, table), table);
        }
    }

    @Test
    void onlyTheThreeDigitFormWithAKnownUnitIsDecodedAndTheHashIsThePayloads() throws Exception {
        Envelope envelope = envelope("a", 1, List.of(
                interval(0, histogram(new Random(1), 3, 2), 2),
                interval(1, histogram(new Random(2), 2, 2), 2),
                interval(2, ByteString.copyFrom(new byte[] {0x1c, (byte) 0x84, (byte) 0x93, 0x14, 0, 0, 0, 9, 1}), 2),
                interval(3, histogram(new Random(3), 3, 1), 99),
                interval(4, null, 0),
                interval(5, histogram(new Random(4), 3, 1), 1)));
        byte[] payload = envelope.toByteArray();
        PreparedEnvelope prepared = PreparedEnvelope.of(envelope, payload);
        assertTrue(prepared.decoded(0), "3 digits, milliseconds");
        assertFalse(prepared.decoded(1), "2 digits: the library decodes it on the writer");
        assertFalse(prepared.decoded(2), "damaged: the writer decodes it again and logs why");
        assertFalse(prepared.decoded(3), "unknown unit");
        assertFalse(prepared.decoded(4), "no histogram");
        assertTrue(prepared.decoded(5), "3 digits, nanoseconds");
        assertFalse(prepared.decoded(6), "beyond the envelope's intervals");
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(payload), prepared.payloadSha256());
    }

    private static List<Envelope> envelopes(Random random, int count) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int sequence = 1; sequence <= count; sequence++) {
            List<IntervalReport> reports = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                int unit = 1 + random.nextInt(3);
                ByteString histogram = random.nextInt(10) == 0 ? null
                        : histogram(random, 2 + random.nextInt(2), unit);
                reports.add(interval(random.nextInt(3 * 1_440), histogram, histogram == null ? 0 : unit)
                        .toBuilder().setMeasureId(MEASURES[random.nextInt(MEASURES.length)])
                        .setScope(random.nextBoolean() ? "SKU1" : "SKU2").build());
            }
            envelopes.add(envelope("agent-" + random.nextInt(3), sequence, reports));
        }
        return envelopes;
    }

    private static Envelope envelope(String agent, long sequence, List<IntervalReport> reports) {
        return Envelope.newBuilder().setAgentId(agent).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addAllIntervals(reports)).build();
    }

    private static IntervalReport interval(int minute, ByteString histogram, int unit) {
        IntervalReport.Builder builder = IntervalReport.newBuilder().setMeasureId(MEASURES[0]).setScope("SKU1")
                .setIntervalStartEpochMillis(FROM + minute * 60_000L).setIntervalLengthMillis(60_000)
                .setTrtMillis(25_000).setEvents(50).setWithinTrt(48).setTimedOut(2).setFailed(0);
        if (histogram != null) {
            builder.setHistogram(histogram).setHistogramUnitValue(unit);
        }
        return builder.build();
    }

    /** Random latencies (up to about a day in the unit's terms) with {@code digits} significant digits. */
    private static ByteString histogram(Random random, int digits, int unit) {
        long top = unit == LatencyUnit.NANOSECONDS_VALUE ? 2_000_000_000L
                : unit == LatencyUnit.MICROSECONDS_VALUE ? 20_000_000L : DAY_MILLIS;
        Histogram histogram = new Histogram(1, top, digits);
        for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
            histogram.recordValueWithCount(1 + (long) (random.nextDouble() * random.nextDouble() * (top - 1)),
                    1 + random.nextInt(3));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }
}
