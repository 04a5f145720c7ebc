package io.pmr.collector.store;

import static io.pmr.collector.TestEnvelopes.histogram;
import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.withHistogram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.pmr.proto.v1.Envelope;
import org.junit.jupiter.api.Test;

/**
 * {@link PreparedEnvelope#of} takes an interval's buckets from the {@link CheckedHistograms} it is handed (what the
 * ingest's check read in its one inflate) only for the very envelope and histogram instances the check accepted there,
 * and only once; anything else is decoded from its own bytes. The recorded buckets here are deliberately another histogram's,
 * so that which ones the preparation used shows in what it adds.
 */
class CheckedHistogramsTest {
    private static final ByteString OWN = histogram(1_500, 9);
    private static final ByteString OTHER = histogram(7_000, 2);
    private static final long START = 1_598_954_400_000L; // 2020-09-01T10:00Z

    private static Envelope envelope(ByteString histogram) {
        return intervals("agent-1", 1, 5, withHistogram(interval("CSPN/PM4.3", START, 25_000, 10, 9), histogram));
    }

    /** What {@code prepared} adds for interval 0, encoded. */
    private static byte[] added(PreparedEnvelope prepared) {
        SparseBuckets buckets = new SparseBuckets();
        prepared.addTo(0, buckets);
        return buckets.encode();
    }

    private static byte[] decodedFromBytes(ByteString histogram) {
        Envelope envelope = envelope(histogram);
        return added(PreparedEnvelope.of(envelope, envelope.toByteArray()));
    }

    /** Records OTHER's buckets as what the check read of {@code envelope}'s interval 0, and accepts it. */
    private static void recordOtherAsChecked(Envelope envelope) throws Exception {
        CheckedHistograms checked = CheckedHistograms.thisThread();
        checked.begin(envelope);
        checked.startInterval(0, envelope.getIntervals().getIntervals(0).getHistogram(), true);
        try (CompressedHistogramReader reader = new CompressedHistogramReader()) {
            assertTrue(reader.read(OTHER.toByteArray()));
            for (int i = 0; i < reader.size(); i++) {
                checked.bucket(reader.index(i), reader.count(i));
            }
        }
        checked.accept();
    }

    @Test
    void theSameEnvelopeAndHistogramTakeTheCheckedBucketsOnce() throws Exception {
        byte[] other = decodedFromBytes(OTHER);
        byte[] own = decodedFromBytes(OWN);
        Envelope envelope = envelope(OWN);
        recordOtherAsChecked(envelope);
        assertTrue(CheckedHistograms.thisThread().checked(envelope, 0, envelope.getIntervals().getIntervals(0)
                .getHistogram()));

        assertArrayEquals(other, added(PreparedEnvelope.of(envelope, envelope.toByteArray(),
                CheckedHistograms.thisThread())),
                "the checked buckets, not inflated again");
        assertFalse(CheckedHistograms.thisThread().checked(envelope, 0, OWN), "taken once");
        assertArrayEquals(own, added(PreparedEnvelope.of(envelope, envelope.toByteArray(),
                CheckedHistograms.thisThread())));
    }

    @Test
    void anotherEnvelopeInstanceOrAnotherThreadDecodesItsOwnBytes() throws Exception {
        byte[] own = decodedFromBytes(OWN);
        Envelope envelope = envelope(OWN);
        recordOtherAsChecked(envelope);
        Envelope equalCopy = Envelope.parseFrom(envelope.toByteArray());

        assertArrayEquals(own, added(PreparedEnvelope.of(equalCopy, equalCopy.toByteArray(),
                CheckedHistograms.thisThread())),
                "an equal envelope that was not the one checked");
        recordOtherAsChecked(envelope);
        byte[][] onAnotherThread = new byte[1][];
        Thread other = new Thread(() -> onAnotherThread[0] = added(PreparedEnvelope.of(envelope,
                envelope.toByteArray(), CheckedHistograms.thisThread())));
        other.start();
        other.join();
        assertArrayEquals(own, onAnotherThread[0], "another thread's check");
    }

    @Test
    void aRefusedOrNotYetAcceptedIntervalDecodesItsOwnBytes() throws Exception {
        byte[] own = decodedFromBytes(OWN);
        Envelope envelope = envelope(OWN);
        CheckedHistograms checked = CheckedHistograms.thisThread();
        checked.begin(envelope);
        checked.startInterval(0, OWN, true);
        checked.bucket(5, 1);
        checked.refuse(0);
        assertFalse(checked.checked(envelope, 0, OWN), "refused");
        checked.startInterval(0, OWN, true);
        checked.bucket(5, 1);
        assertFalse(checked.checked(envelope, 0, OWN), "walked, not accepted");

        assertArrayEquals(own, added(PreparedEnvelope.of(envelope, envelope.toByteArray(), checked)));
    }

    @Test
    void aCheckedHistogramNotInTheCommonFormIsLeftToTheWriterAsBefore() {
        Envelope envelope = envelope(OWN);
        CheckedHistograms checked = CheckedHistograms.thisThread();
        checked.begin(envelope);
        checked.startInterval(0, envelope.getIntervals().getIntervals(0).getHistogram(), false);
        checked.bucket(5, 1); // not recorded: not the common form
        checked.accept();

        assertFalse(PreparedEnvelope.of(envelope, envelope.toByteArray(), checked).decoded(0),
                "as the reader's decodeCommonForm leaves a form it does not read");
    }
}
