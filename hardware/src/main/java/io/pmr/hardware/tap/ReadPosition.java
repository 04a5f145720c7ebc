package io.pmr.hardware.tap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a {@link FileFollower} stands in one file, with hints that tell whether a file found later is that
 * same file: its file key, and SHA-256 hashes of its first bytes and of the bytes just before the position
 * (a file key alone can be reused, and a CSV log's first bytes are often just its header).
 *
 * @param fileKey         the file key's text; empty when the file system has none
 * @param firstBytesCount how many bytes from the file's start were hashed (at most {@link #HINT_BYTES})
 * @param firstBytesHash  SHA-256 of those bytes
 * @param tailBytesCount  how many bytes just before {@code position} were hashed (at most {@link #HINT_BYTES})
 * @param tailHash        SHA-256 of those bytes
 * @param position        the byte offset of the first line not yet read (a partial line is not read)
 * @param lineNumber      complete lines read in this file before {@code position}
 * @param skipBelowOffset lines beginning below this offset are skipped (a tap started at the end)
 */
record ReadPosition(String fileKey, int firstBytesCount, byte[] firstBytesHash, int tailBytesCount,
                    byte[] tailHash, long position, long lineNumber, long skipBelowOffset) {

    static final int HINT_BYTES = 64;
    static final int HASH_BYTES = 32;

    /** The position in an open file, with its hints. */
    static ReadPosition of(FileChannel channel, String fileKey, long position, long lineNumber, long skipBelowOffset)
            throws IOException {
        int first = (int) Math.min(HINT_BYTES, channel.size());
        int tail = (int) Math.min(HINT_BYTES, position);
        byte[] firstHash = hash(channel, 0, first);
        byte[] tailHash = hash(channel, position - tail, tail);
        if (firstHash == null || tailHash == null) {
            throw new IOException("the file shrank while its checkpoint was taken");
        }
        return new ReadPosition(fileKey, first, firstHash, tail, tailHash, position, lineNumber, skipBelowOffset);
    }

    /**
     * Why this position does not fit the file open on {@code channel}, whose key is {@code key}; null when it
     * does (same key, long enough, same first bytes, same bytes before the position).
     */
    String mismatch(FileChannel channel, String key) throws IOException {
        if (!key.equals(fileKey)) {
            return "the path now names another file (file key " + key + ", was " + fileKey
                    + "): rotated or replaced while stopped";
        }
        long size = channel.size();
        if (size < position) {
            return "the file is shorter (" + size + " bytes) than the saved position (" + position
                    + "): truncated while stopped";
        }
        if (!MessageDigest.isEqual(firstBytesHash, hash(channel, 0, firstBytesCount))) {
            return "the file's first " + firstBytesCount + " bytes differ: replaced or truncated while stopped";
        }
        if (!MessageDigest.isEqual(tailHash, hash(channel, position - tailBytesCount, tailBytesCount))) {
            return "the bytes before the saved position (" + position + ") differ: replaced or truncated while stopped";
        }
        return null;
    }

    /** SHA-256 of {@code count} bytes from {@code from}, or null if the file ends before them. */
    private static byte[] hash(FileChannel channel, long from, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                return null;
            }
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(buffer.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
