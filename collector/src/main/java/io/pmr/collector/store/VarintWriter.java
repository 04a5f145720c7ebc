package io.pmr.collector.store;

import java.util.Arrays;

/**
 * The rollup columns' unsigned LEB128 varints ({@link RollupCodec}, {@link AgentDayMinutes}) into a growable byte
 * array. Not a {@code ByteArrayOutputStream}:
 * its {@code write} is synchronized, a lock per byte, and the ingest writer encodes each rollup and total it touches
 * (hundreds of bytes) every transaction. Not thread-safe.
 */
final class VarintWriter {
    /** The longest varint of a long. */
    static final int MAX_VARINT_BYTES = 10;
    private byte[] bytes;
    private int size;

    VarintWriter(int initialCapacity) {
        bytes = new byte[Math.max(8, initialCapacity)];
    }

    /** Appends {@code value} as an unsigned varint (7 bits a byte, low first, high bit set on all but the last). */
    void writeVarint(long value) {
        if (bytes.length - size < MAX_VARINT_BYTES) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + MAX_VARINT_BYTES));
        }
        size = putVarint(bytes, size, value);
    }

    /**
     * Writes {@code value} as an unsigned varint into {@code out} at {@code at}, which must have room for
     * {@value #MAX_VARINT_BYTES} bytes; returns the position after it. For loops that keep their buffer and position in
     * locals (a rollup's encoding: a field store per byte was most of its cost).
     */
    static int putVarint(byte[] out, int at, long value) {
        // one and two bytes (most bucket deltas and counts) without the loop
        if ((value & ~0x7FL) == 0) {
            out[at] = (byte) value;
            return at + 1;
        }
        if ((value & ~0x3FFFL) == 0) {
            out[at] = (byte) (value | 0x80);
            out[at + 1] = (byte) (value >>> 7);
            return at + 2;
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out[at++] = (byte) rest;
        return at;
    }

    /** Appends {@code length} bytes of {@code source} from {@code offset}. */
    void write(byte[] source, int offset, int length) {
        if (bytes.length - size < length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
