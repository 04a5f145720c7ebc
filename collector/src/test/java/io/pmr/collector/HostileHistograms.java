package io.pmr.collector;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Compressed HdrHistogram encodings with a header written by hand, as a hostile sender would. */
public final class HostileHistograms {
    private HostileHistograms() {
    }

    /** A well-formed V2 compressed histogram whose header claims these parameters (and an empty payload). */
    public static ByteString claiming(int digits, long lowest, long highest) {
        ByteBuffer real = TestEnvelopes.histogram(5, 1).asReadOnlyByteBuffer();
        int compressedCookie = real.getInt(0);
        ByteBuffer header = ByteBuffer.allocate(40);
        header.putInt(compressedCookie - 1); // the uncompressed V2 cookie is one less than the compressed one
        header.putInt(0);
        header.putInt(0);
        header.putInt(digits);
        header.putLong(lowest);
        header.putLong(highest);
        header.putDouble(1.0);
        Deflater deflater = new Deflater();
        deflater.setInput(header.array());
        deflater.finish();
        byte[] deflated = new byte[200];
        int length = deflater.deflate(deflated);
        deflater.end();
        ByteBuffer out = ByteBuffer.allocate(8 + length);
        out.putInt(compressedCookie);
        out.putInt(length);
        out.put(deflated, 0, length);
        return ByteString.copyFrom(out.array());
    }

    /**
     * A V2 compressed histogram with a hand-written header (3 digits over {@code lowest..highest}) declaring
     * {@code declaredPayloadLength} and followed by exactly {@code payload}, as a hostile sender could build it.
     */
    public static ByteString withPayload(long lowest, long highest, int declaredPayloadLength, byte[] payload) {
        int compressedCookie = TestEnvelopes.histogram(5, 1).asReadOnlyByteBuffer().getInt(0);
        ByteBuffer inner = ByteBuffer.allocate(40 + payload.length);
        inner.putInt(compressedCookie - 1);
        inner.putInt(declaredPayloadLength);
        inner.putInt(0);
        inner.putInt(3);
        inner.putLong(lowest);
        inner.putLong(highest);
        inner.putDouble(1.0);
        inner.put(payload);
        Deflater deflater = new Deflater();
        deflater.setInput(inner.array());
        deflater.finish();
        byte[] deflated = new byte[inner.capacity() + 256];
        int length = deflater.deflate(deflated);
        deflater.end();
        ByteBuffer out = ByteBuffer.allocate(8 + length);
        out.putInt(compressedCookie);
        out.putInt(length);
        out.put(deflated, 0, length);
        return ByteString.copyFrom(out.array());
    }

    /**
     * HdrHistogram's V2 payload encoding of these values (ZigZag LEB128, the 9th byte carrying 8 bits): a
     * non-negative value is one count, a negative one a run of that many zero counts.
     */
    public static byte[] varints(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long value : values) {
            long zigzag = (value << 1) ^ (value >> 63);
            int written = 0;
            while (written < 8 && (zigzag & ~0x7fL) != 0) {
                out.write((int) ((zigzag & 0x7f) | 0x80));
                zigzag >>>= 7;
                written++;
            }
            out.write((int) zigzag);
        }
        return out.toByteArray();
    }

    /** A real histogram cut short. */
    public static ByteString truncated() {
        byte[] bytes = TestEnvelopes.histogram(5, 1).toByteArray();
        return ByteString.copyFrom(Arrays.copyOf(bytes, bytes.length - 4));
    }
}
