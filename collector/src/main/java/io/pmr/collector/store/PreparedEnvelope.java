package io.pmr.collector.store;

import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * What the store would otherwise compute on its one writer thread for a {@link StoreWrite.Accept}, computed beforehand
 * on any thread (the ingest's validation pool): the payload's SHA-256 and each interval's histogram decoded to
 * nanosecond values for the daily rollup. The writer is the ingest's one serial stage; an hourly batch of 60 rows spent
 * most of its rollup time inflating and walking histograms there.
 *
 * <p>Exactly what the writer's own path computes: the same decoding ({@link IntervalHistograms#decodeCommonForm}), here
 * rather than on the writer. A histogram the ingest's check has just accepted for this very envelope, handed over with
 * it, is not inflated again: its buckets are the ones the check's walk recorded ({@link CheckedHistograms}), mapped to
 * nanoseconds by the same code. An interval it does not take (not the 3-digit V2 form, damaged bytes, an unknown unit,
 * a value beyond 2^63-1 ns) is left undecoded here, and the writer decodes it as before, with its log line.
 * Immutable once built; {@link #of} is thread-safe (one decoder, with its {@code Inflater}, and one digest per calling
 * thread, kept for the thread's life: the validation pool's few threads).
 */
public final class PreparedEnvelope {
    private static final ThreadLocal<IntervalHistograms> DECODERS =
            ThreadLocal.withInitial(() -> new IntervalHistograms(IntervalHistograms.Decoding.READER));
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(PreparedEnvelope::sha256);

    private final byte[] payloadSha256;
    /** Per interval, in the envelope's order: its nanosecond buckets and their counts; null when not decoded. */
    private final long[][] bucketsNanos;
    private final long[][] counts;
    /** Per interval, the sum of its counts (when decoded). */
    private final long[] totalCounts;

    private PreparedEnvelope(byte[] payloadSha256, long[][] bucketsNanos, long[][] counts, long[] totalCounts) {
        this.payloadSha256 = payloadSha256;
        this.bucketsNanos = bucketsNanos;
        this.counts = counts;
        this.totalCounts = totalCounts;
    }

    /** Hashes {@code payload} (the bytes {@code envelope} was parsed from) and decodes its intervals' histograms. */
    public static PreparedEnvelope of(Envelope envelope, byte[] payload) {
        return of(envelope, payload, null);
    }

    /**
     * {@link #of(Envelope, byte[])}, taking from {@code checked} (unless null) the buckets the ingest's check recorded
     * for this very envelope instead of inflating those histograms again; {@code checked} is emptied after.
     */
    public static PreparedEnvelope of(Envelope envelope, byte[] payload, CheckedHistograms checked) {
        byte[] hash = DIGESTS.get().digest(payload);
        try {
            if (envelope.getBodyCase() != Envelope.BodyCase.INTERVALS) {
                return new PreparedEnvelope(hash, null, null, null);
            }
            List<IntervalReport> reports = envelope.getIntervals().getIntervalsList();
            long[][] values = new long[reports.size()][];
            long[][] counts = new long[reports.size()][];
            long[] totalCounts = new long[reports.size()];
            IntervalHistograms decoder = DECODERS.get();
            for (int i = 0; i < reports.size(); i++) {
                IntervalReport report = reports.get(i);
                if (report.getHistogram().isEmpty() || !LatencyNanos.knownUnit(report.getHistogramUnitValue())) {
                    continue;
                }
                if (checked == null || !checked.checked(envelope, i, report.getHistogram())) {
                    decode(decoder, report, i, values, counts, totalCounts);
                } else if (checked.common(i)) {
                    // read by the check's inflate; a checked histogram not in the common form is left to the
                    // writer's library decode, as decodeCommonForm's false leaves it
                    decodeChecked(decoder, checked, report, i, values, counts, totalCounts);
                }
            }
            return new PreparedEnvelope(hash, values, counts, totalCounts);
        } finally {
            if (checked != null) {
                checked.forget();
            }
        }
    }

    private static void decodeChecked(IntervalHistograms decoder, CheckedHistograms checked, IntervalReport report,
            int index, long[][] values, long[][] counts, long[] totalCounts) {
        try {
            decoder.decodeIndexed(checked.indexes(index), checked.counts(index), checked.size(index),
                    report.getHistogramUnitValue());
            values[index] = decoder.decodedBuckets();
            counts[index] = decoder.decodedCounts();
            totalCounts[index] = decoder.decodedTotalCount();
        } catch (RuntimeException e) {
            // left to the writer, which decodes it again and logs the problem with its rollup
        }
    }

    private static void decode(IntervalHistograms decoder, IntervalReport report, int index, long[][] values,
            long[][] counts, long[] totalCounts) {
        try {
            if (decoder.decodeCommonForm(report.getHistogram().toByteArray(), report.getHistogramUnitValue())) {
                values[index] = decoder.decodedBuckets();
                counts[index] = decoder.decodedCounts();
                totalCounts[index] = decoder.decodedTotalCount();
            }
        } catch (DataFormatException | RuntimeException e) {
            // left to the writer, which decodes it again and logs the problem with its rollup
        }
    }

    byte[] payloadSha256() {
        return payloadSha256;
    }

    /** True when interval {@code index}'s histogram was decoded here. */
    boolean decoded(int index) {
        return bucketsNanos != null && index < bucketsNanos.length && bucketsNanos[index] != null;
    }

    /**
     * Adds interval {@code index}'s decoded values to {@code into}, as the writer's own path adds its decoded buckets;
     * all or nothing.
     *
     * @throws ArithmeticException when a bucket's count would pass 2^63-1
     */
    void addTo(int index, SparseBuckets into) {
        into.addBuckets(bucketsNanos[index], counts[index], bucketsNanos[index].length, totalCounts[index]);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
