package io.pmr.collector;

import com.google.protobuf.ByteString;
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

    /** A real histogram cut short. */
    public static ByteString truncated() {
        byte[] bytes = TestEnvelopes.histogram(5, 1).toByteArray();
        return ByteString.copyFrom(Arrays.copyOf(bytes, bytes.length - 4));
    }
}
