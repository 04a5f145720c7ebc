package io.pmr.collector.store;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.Envelope;
import java.util.Arrays;

/**
 * The buckets of the interval histograms the ingest's histogram check has just walked, so that preparing the same
 * envelope for the writer ({@link PreparedEnvelope#of}) does not inflate them a second time: the check
 * ({@code ingest.HistogramCheck}) inflates each histogram once, refuses what is out of bounds, and, for a histogram in
 * the common form ({@link CompressedHistogramReader}'s: 3 digits, lowest 1, offset 0) that it accepted whole, leaves its
 * recorded buckets (counts-array index and count, index ascending) here; the preparation maps them to nanoseconds as
 * the reader's would be mapped ({@link IntervalHistograms#decodeIndexed}).
 *
 * <p>A histogram's buckets are taken only for the very objects checked: the same {@link Envelope} instance (the last
 * one {@link #begin} was called for on this thread) and, for its interval, the same {@link ByteString} instance
 * (immutable, so the same bytes) that the check accepted. Anything else (another envelope, an interval the check did
 * not accept or did not reach) is decoded from its bytes as before. The ingest's item passes one instance to the check
 * ({@code EnvelopeValidator.check(Envelope, CheckedHistograms)}) and then to the preparation
 * ({@link PreparedEnvelope#of(Envelope, byte[], CheckedHistograms)}), which forgets what it held, as the item does for
 * an envelope the check refused. One instance per thread ({@link #thisThread}: its buffers reused by the validation
 * pool's few threads); not thread-safe.
 */
public final class CheckedHistograms {
    private static final ThreadLocal<CheckedHistograms> THREADS = ThreadLocal.withInitial(CheckedHistograms::new);

    /** The envelope whose intervals are recorded, or null (nothing recorded). */
    private Envelope envelope;
    /** Per interval: the histogram the check accepted (of either form), or null (not walked, or refused). */
    private ByteString[] accepted = new ByteString[8];
    /** Per interval: true when the check accepted it but it is not the common form the reader decodes. */
    private boolean[] uncommon = new boolean[8];
    private int[][] indexes = new int[8][];
    private long[][] counts = new long[8][];
    private int[] sizes = new int[8];
    /** The interval being walked, its histogram and whether it is the common form; -1 when none. */
    private int walking = -1;
    private ByteString walkingHistogram;
    private boolean walkingCommon;
    /**
     * The walked interval's buffers and bucket count, in fields while it is walked ({@link #bucket} runs per bucket:
     * no per-interval array lookups there); its count goes to {@link #sizes} when it is accepted.
     */
    private int[] walkingIndexes;
    private long[] walkingCounts;
    private int walkingSize;

    private CheckedHistograms() {
    }

    /** This thread's instance. */
    public static CheckedHistograms thisThread() {
        return THREADS.get();
    }

    /** Forgets what was recorded and starts recording the intervals of {@code envelope}. */
    public void begin(Envelope envelope) {
        forget();
        this.envelope = envelope;
    }

    /**
     * Starts walking interval {@code interval}'s {@code histogram} of the envelope {@link #begin} named; {@code common}
     * when its header is the common form (then {@link #bucket} records its buckets).
     */
    public void startInterval(int interval, ByteString histogram, boolean common) {
        if (envelope == null) {
            return;
        }
        ensureCapacity(interval);
        accepted[interval] = null;
        uncommon[interval] = false;
        sizes[interval] = 0;
        walking = interval;
        walkingHistogram = histogram;
        walkingCommon = common;
        walkingIndexes = indexes[interval];
        walkingCounts = counts[interval];
        walkingSize = 0;
    }

    /** Records a recorded bucket (a count above 0) at counts-array {@code index}, ascending, of the interval walked. */
    public void bucket(int index, long count) {
        if (walking < 0 || !walkingCommon) {
            return;
        }
        int size = walkingSize;
        if (size == walkingIndexes.length) {
            indexes[walking] = walkingIndexes = Arrays.copyOf(walkingIndexes, size * 2);
            counts[walking] = walkingCounts = Arrays.copyOf(walkingCounts, size * 2);
        }
        walkingIndexes[size] = index;
        walkingCounts[size] = count;
        walkingSize = size + 1;
    }

    /** The interval walked was accepted whole: its buckets may be used by the preparation. */
    public void accept() {
        if (walking < 0) {
            return;
        }
        accepted[walking] = walkingHistogram;
        uncommon[walking] = !walkingCommon;
        sizes[walking] = walkingSize;
        endWalk();
    }

    private void endWalk() {
        walking = -1;
        walkingHistogram = null;
        walkingIndexes = null;
        walkingCounts = null;
    }

    /** Interval {@code interval}'s histogram was refused: nothing of it, nor of an earlier walk of it, is used. */
    public void refuse(int interval) {
        if (interval < accepted.length) {
            accepted[interval] = null;
        }
        endWalk();
    }

    /**
     * True when interval {@code interval} of {@code envelope}, whose histogram is {@code histogram}, was accepted by
     * the check on this thread (then {@link #common}, {@link #size}, {@link #indexes} and {@link #counts} describe it).
     */
    public boolean checked(Envelope envelope, int interval, ByteString histogram) {
        return envelope == this.envelope && interval < accepted.length && accepted[interval] == histogram
                && histogram != null;
    }

    /** Of a {@link #checked} interval: true when it is the common form, whose buckets were recorded. */
    boolean common(int interval) {
        return !uncommon[interval];
    }

    int size(int interval) {
        return sizes[interval];
    }

    int[] indexes(int interval) {
        return indexes[interval];
    }

    long[] counts(int interval) {
        return counts[interval];
    }

    /** Drops the envelope and histograms held (the buffers are kept for the next envelope). */
    public void forget() {
        if (envelope != null) {
            Arrays.fill(accepted, null);
        }
        envelope = null;
        endWalk();
    }

    private void ensureCapacity(int interval) {
        if (interval >= accepted.length) {
            int length = Math.max(interval + 1, accepted.length * 2);
            accepted = Arrays.copyOf(accepted, length);
            uncommon = Arrays.copyOf(uncommon, length);
            indexes = Arrays.copyOf(indexes, length);
            counts = Arrays.copyOf(counts, length);
            sizes = Arrays.copyOf(sizes, length);
        }
        if (indexes[interval] == null) {
            indexes[interval] = new int[64];
            counts[interval] = new long[64];
        }
    }
}
