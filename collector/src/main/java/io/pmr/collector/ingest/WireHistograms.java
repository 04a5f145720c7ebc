package io.pmr.collector.ingest;

import com.google.protobuf.ByteString;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * An interval report's histogram as it travels on the wire, decoded for tools outside the ingest ({@code pmr decode})
 * within the same bounds the ingest applies ({@link HistogramCheck}): a hostile header is refused before HdrHistogram
 * allocates anything. Stateless; thread-safe.
 */
public final class WireHistograms {
    private WireHistograms() {
    }

    /**
     * Decodes {@code encoded} (encodeIntoCompressedByteBuffer, V2) after {@link HistogramCheck} passed it.
     *
     * @throws IllegalArgumentException naming why the histogram was refused (the ingest's own reason)
     */
    public static Histogram decode(ByteString encoded) {
        HistogramCheck.Result check = HistogramCheck.decodeTotal(encoded);
        if (!check.ok()) {
            throw new IllegalArgumentException(check.problem());
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded.toByteArray()), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("does not decode: " + e.getMessage(), e);
        }
    }
}
