package io.pmr.collector.ingest;

import static io.pmr.collector.store.SqliteTableRows.rows;
import static io.pmr.collector.HostileHistograms.varints;
import static io.pmr.collector.HostileHistograms.withPayload;
import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.collector.HostileHistograms;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.store.CheckedHistograms;
import io.pmr.collector.store.PreparedEnvelope;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One inflate per histogram: the deep check's walk records each accepted common-form histogram's buckets for the
 * envelope's preparation ({@link CheckedHistograms}), which then does not inflate it again. What the walk records must
 * be exactly what {@code CompressedHistogramReader} reads (stores written from either are byte-identical), and a
 * histogram the check refuses keeps its exact error and leaves nothing recorded: the check's rules are unchanged, and
 * the preparation of an envelope the check refused never takes what its walk saw.
 */
class HistogramCheckRecordsTest {
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long DAY_LENGTH = HistogramCheck.countsArrayLength(1, DAY_MILLIS, 3);
    /** 2020-10-24T00:00Z. */
    private static final long FROM = 1_603_497_600_000L;
    private static final String[] MEASURES = {"CSPN/PM4.3", "CSPC/PM3.1", "DSP/PM1.2"};

    @TempDir
    Path dir;

    @Test
    void storesWrittenFromTheChecksWalkAndFromTheReaderAreByteIdentical() throws Exception {
        SplittableRandom random = new SplittableRandom(20_261_206L);
        List<Envelope> envelopes = new ArrayList<>();
        for (int sequence = 1; sequence <= 300; sequence++) {
            envelopes.add(envelope(random, sequence));
        }
        Path byReader = dir.resolve("reader.db");
        Path byCheck = dir.resolve("check.db");
        int recorded = 0;
        try (SqliteStore readerStore = SqliteStore.open(byReader); SqliteStore checkStore = SqliteStore.open(byCheck)) {
            List<StoreWrite> readerWrites = new ArrayList<>();
            List<StoreWrite> checkWrites = new ArrayList<>();
            for (Envelope envelope : envelopes) {
                byte[] payload = envelope.toByteArray();
                // no checked buckets handed over: the reader inflates each histogram
                readerWrites.add(new StoreWrite.Accept(envelope, 1L, payload, PreparedEnvelope.of(envelope, payload)));
                recorded += check(envelope);
                checkWrites.add(new StoreWrite.Accept(envelope, 1L, payload, PreparedEnvelope.of(envelope, payload,
                        CheckedHistograms.thisThread())));
            }
            assertEquals(readerStore.write(readerWrites), checkStore.write(checkWrites));
        }
        assertTrue(recorded > 1_000, "histograms taken from the check's walk: " + recorded);
        for (String table : List.of("envelope", "daily_rollup", "daily_total")) {
            assertEquals(rows(byReader, table), rows(byCheck, table), table);
        }
    }

    @Test
    void theValidatorRecordsWhatItAcceptsForThatEnvelopeOnly() {
        EnvelopeValidator validator = new EnvelopeValidator(Catalogue.shipped(), 4096, TestBounds.in2021());
        long start = io.pmr.collector.TestEnvelopes.millis("2020-09-01T10:00:00Z");
        Envelope envelope = intervals("agent-1", 1, 5,
                withHistogram(interval("CSPN/PM4.3", start, 25_000, 10, 9), histogram(1_500, 9)),
                interval("CSPN/PM4.3", start + 60_000, 25_000, 4, 4));
        ByteString histogram = envelope.getIntervals().getIntervals(0).getHistogram();

        CheckedHistograms checked = CheckedHistograms.thisThread();
        assertInstanceOf(Verdict.Valid.class, validator.check(envelope, checked));

        assertTrue(checked.checked(envelope, 0, histogram));
        assertFalse(checked.checked(Envelope.newBuilder(envelope).build(), 0, histogram), "another instance");
        assertFalse(checked.checked(envelope, 1, ByteString.EMPTY), "no histogram");
        PreparedEnvelope.of(envelope, envelope.toByteArray(), checked);
        assertFalse(checked.checked(envelope, 0, histogram), "the preparation took it");
    }

    /**
     * The histograms the reader behind the preparation would take but the check refuses (bytes past the declared
     * payload, a range beyond 2^56, a zero run past the counts array), and three both refuse (a count past the array, a
     * truncated varint, a wrapping total): each keeps the check's exact error, and nothing of it is recorded, even
     * after a good walk of the same interval of the same envelope.
     */
    @Test
    void aRefusedHistogramKeepsItsExactErrorAndLeavesNothingRecorded() {
        byte[] past = varints(1, 2, 3);
        byte[] run = varints(7, -DAY_LENGTH);
        byte[] count = varints(-(DAY_LENGTH - 1), 1, 1);
        byte[] cut = {0x0a, (byte) 0x81, (byte) 0x80};
        long quarter = 1L << 62;
        byte[] wraps = varints(quarter, quarter, quarter, quarter);
        Object[][] cases = {
                {withPayload(1, DAY_MILLIS, 2, past), "payload inflates to more than its declared 2 bytes"},
                {HostileHistograms.claiming(3, 1, (1L << 56) + 1), "highest trackable value 72057594037927937"
                        + " exceeds the bound 72057594037927936"},
                {withPayload(1, DAY_MILLIS, run.length, run), "zero run of " + DAY_LENGTH
                        + " at index 1 runs past the counts array of " + DAY_LENGTH},
                {withPayload(1, DAY_MILLIS, count.length, count), "count at index " + DAY_LENGTH
                        + " past the counts array of " + DAY_LENGTH},
                {withPayload(1, DAY_MILLIS, 3, cut), "truncated varint at payload byte 1"},
                {withPayload(1, DAY_MILLIS, wraps.length, wraps), "total count overflows"},
        };
        CheckedHistograms checked = CheckedHistograms.thisThread();
        for (Object[] refused : cases) {
            ByteString bad = (ByteString) refused[0];
            ByteString good = histogram(1_500, 9);
            Envelope envelope = intervals("agent-1", 1, 5, withHistogram(interval("CSPN/PM4.3", FROM, 25_000, 10, 9),
                    good));
            checked.begin(envelope);
            assertTrue(HistogramCheck.decodeTotal(good, checked, 0).ok());
            assertTrue(checked.checked(envelope, 0, good));

            HistogramCheck.Result result = HistogramCheck.decodeTotal(bad, checked, 0);

            assertEquals(refused[1], result.problem());
            assertEquals(refused[1], HistogramCheck.decodeTotal(bad).problem(), "the same without recording");
            assertFalse(checked.checked(envelope, 0, bad), refused[1].toString());
            assertFalse(checked.checked(envelope, 0, good), "the interval's earlier walk is dropped: "
                    + refused[1]);
        }
    }

    /** Walks each interval's histogram as the validator does; how many were accepted in the common form. */
    private static int check(Envelope envelope) {
        CheckedHistograms checked = CheckedHistograms.thisThread();
        checked.begin(envelope);
        int recorded = 0;
        List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
        for (int i = 0; i < reports.size(); i++) {
            ByteString histogram = reports.get(i).getHistogram();
            if (!histogram.isEmpty()) {
                assertTrue(HistogramCheck.decodeTotal(histogram, checked, i).ok());
                recorded += checked.checked(envelope, i, histogram) ? 1 : 0;
            }
        }
        return recorded;
    }

    /**
     * One to eight intervals: library-encoded histograms (2 or 3 digits, units ms / us / ns, values over the whole
     * range, counts up to 2^40) and hand-written common-form payloads (explicit zero counts, long zero runs, nine-byte
     * counts, values past 2^63 ns once in their unit, which the preparation leaves to the writer).
     */
    private static Envelope envelope(SplittableRandom random, int sequence) {
        List<IntervalReport> reports = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
            int unit = 1 + random.nextInt(3);
            ByteString histogram = switch (random.nextInt(10)) {
                case 0 -> null;
                case 1, 2 -> handWritten(random);
                default -> encoded(random, random.nextInt(4) == 0 ? 2 : 3, unit);
            };
            IntervalReport.Builder report = IntervalReport.newBuilder()
                    .setMeasureId(MEASURES[random.nextInt(MEASURES.length)]).setScope(random.nextBoolean() ? "A" : "B")
                    .setIntervalStartEpochMillis(FROM + random.nextInt(3 * 1_440) * 60_000L)
                    .setIntervalLengthMillis(60_000).setTrtMillis(25_000).setEvents(50).setWithinTrt(48)
                    .setTimedOut(2);
            if (histogram != null) {
                report.setHistogram(histogram).setHistogramUnitValue(unit);
            }
            reports.add(report.build());
        }
        return Envelope.newBuilder().setAgentId("agent-" + random.nextInt(3)).setBootEpoch(1).setSequence(sequence)
                .setIntervals(IntervalReportBatch.newBuilder().addAllIntervals(reports)).build();
    }

    private static ByteString encoded(SplittableRandom random, int digits, int unit) {
        long top = unit == 3 ? 2_000_000_000L : unit == 2 ? 20_000_000L : DAY_MILLIS;
        Histogram histogram = new Histogram(1, top, digits);
        for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
            long value = Math.max(1, (long) Math.exp(random.nextDouble() * Math.log(top)));
            histogram.recordValueWithCount(value, random.nextInt(20) == 0 ? 1L << 40 : 1 + random.nextInt(3));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    /** A common-form payload written by hand: counts (some explicitly 0), zero runs, nine-byte counts. */
    private static ByteString handWritten(SplittableRandom random) {
        long highest = random.nextInt(5) == 0 ? 1L << 56 : DAY_MILLIS;
        long length = HistogramCheck.countsArrayLength(1, highest, 3);
        List<Long> values = new ArrayList<>();
        long index = 0;
        while (index < length - 1 && values.size() < 40) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    long zeros = 1 + random.nextLong(Math.min(5_000, length - 1 - index));
                    values.add(-zeros);
                    index += zeros;
                }
                case 1 -> {
                    values.add(0L);
                    index++;
                }
                case 2 -> {
                    values.add(random.nextInt(50) == 0 ? 1L << 55 : 1 + random.nextLong(1L << 20));
                    index++;
                }
                default -> {
                    values.add(1 + (long) random.nextInt(3));
                    index++;
                }
            }
        }
        byte[] payload = varints(values.stream().mapToLong(Long::longValue).toArray());
        return withPayload(1, highest, payload.length, payload);
    }
}
