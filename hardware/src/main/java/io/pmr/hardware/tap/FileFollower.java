package io.pmr.hardware.tap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Follows one log path across rotations, cutting complete lines (UTF-8, terminated by LF, a CR before it
 * dropped) and handing them to a {@link Sink}. A partial last line stays buffered until its newline arrives.
 *
 * <p>Rotation: when the path names a different file (file key changed) that already has content, the old
 * file is read to its end, then closed, then the new one is read from its start; waiting for content
 * keeps reading the old file while a writer that has not reopened yet still appends to it. When the file is
 * shorter than what was read (copytruncate), reading restarts at its start. A missing path is not an error.
 *
 * <p>Threading: one thread at a time (the tap's polling thread).
 */
final class FileFollower implements AutoCloseable {

    /** Where lines go. */
    interface Sink {
        /** A complete line; {@code skipped} when it began before the start point of a tap that starts at the end. */
        void line(String file, long lineNumber, String text, boolean skipped);

        /**
         * A line that cannot be read as text: too long ({@code complete}), or incomplete when its file was left.
         */
        void badLine(String file, long lineNumber, String what, boolean complete);

        /** The tap moved to a new file ({@code truncated} false) or the file was truncated. */
        void rotated(String file, boolean truncated);
    }

    private final Path path;
    private final String fileName;
    private final int maxLineBytes;
    private final Sink sink;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final byte[] line;

    private FileChannel channel;
    private Object fileKey;
    private long readPosition;
    private long lineStartOffset;
    private long skipBelowOffset;
    private long lineNumber;
    private int lineLength;
    private boolean overlong;

    FileFollower(Path path, int maxLineBytes, Sink sink) {
        this.path = path;
        this.fileName = path.toString();
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
        this.line = new byte[maxLineBytes + 1]; // room for a CR before the LF
    }

    /**
     * Opens the file if it exists. With {@code skipExisting}, the lines that begin before its current end
     * are passed as skipped.
     */
    void start(boolean skipExisting) throws IOException {
        if (open() && skipExisting) {
            skipBelowOffset = channel.size();
        }
    }

    /**
     * Opens the file and, when {@code at} fits it ({@link ReadPosition#mismatch}), resumes exactly there;
     * otherwise reading starts at the file's start (or, when the path does not exist, at the start of the
     * file when it appears).
     *
     * @return null when resumed; otherwise why not
     */
    String resume(ReadPosition at) throws IOException {
        if (!open()) {
            return "the file does not exist; it is read from its start when it appears";
        }
        if (at == null) {
            return "no file was open at the last stop";
        }
        String why = at.mismatch(channel, fileKeyText());
        if (why != null) {
            return why;
        }
        readPosition = at.position();
        lineStartOffset = at.position();
        lineNumber = at.lineNumber();
        skipBelowOffset = at.skipBelowOffset();
        return null;
    }

    /**
     * Where reading stands, for a checkpoint: the start of the first line not yet complete (a buffered partial
     * line is read again next time); null when no file is open.
     */
    ReadPosition position() throws IOException {
        if (channel == null) {
            return null;
        }
        return ReadPosition.of(channel, fileKeyText(), lineStartOffset, lineNumber, skipBelowOffset);
    }

    /** The open file's key as text; empty when there is none or no file is open. */
    String fileKeyText() {
        return channel == null || fileKey == null ? "" : fileKey.toString();
    }

    /** Reads what was appended since the last call; returns the complete lines read that were not skipped. */
    int poll() throws IOException {
        if (channel == null && !open()) {
            return 0;
        }
        int lines = drain();
        BasicFileAttributes now = attributes();
        if (now == null) {
            return lines; // between rotation steps: keep the old file, it may still grow
        }
        Object key = now.fileKey();
        if (key != null && fileKey != null && !key.equals(fileKey)) {
            if (now.size() == 0) {
                return lines; // the writer has not moved to the new file yet
            }
            lines += drain();
            leaveFile();
            close();
            sink.rotated(fileName, false);
            if (open()) {
                lines += drain();
            }
        } else if (channel.size() < readPosition) {
            leaveFile();
            resetPosition();
            sink.rotated(fileName, true);
            lines += drain();
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        FileChannel open = channel;
        channel = null;
        if (open != null) {
            open.close();
        }
    }

    private boolean open() throws IOException {
        BasicFileAttributes before = attributes();
        if (before == null) {
            return false;
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        BasicFileAttributes after = attributes();
        if (after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
            opened.close(); // renamed while opening: try again at the next poll
            return false;
        }
        channel = opened;
        fileKey = after.fileKey();
        resetPosition();
        return true;
    }

    private void resetPosition() {
        readPosition = 0;
        lineStartOffset = 0;
        skipBelowOffset = 0;
        lineNumber = 0;
        lineLength = 0;
        overlong = false;
    }

    private BasicFileAttributes attributes() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** A partial line left when a file is left can never complete: report it. */
    private void leaveFile() {
        if ((lineLength > 0 || overlong) && lineStartOffset >= skipBelowOffset) {
            sink.badLine(fileName, lineNumber + 1, "incomplete last line (no newline) discarded at rotation", false);
        }
    }

    private int drain() throws IOException {
        int lines = 0;
        while (true) {
            readBuffer.clear();
            int read = channel.read(readBuffer, readPosition);
            if (read <= 0) {
                return lines;
            }
            byte[] bytes = readBuffer.array();
            long offsetOfFirst = readPosition;
            readPosition += read;
            for (int i = 0; i < read; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (completeLine()) {
                        lines++;
                    }
                    lineStartOffset = offsetOfFirst + i + 1;
                } else if (lineLength < line.length) {
                    line[lineLength++] = b;
                } else {
                    overlong = true;
                }
            }
        }
    }

    /** Hands the buffered line to the sink; returns whether it counts as read (not skipped). */
    private boolean completeLine() {
        lineNumber++;
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r' && !overlong) {
            length--;
        }
        boolean skipped = lineStartOffset < skipBelowOffset;
        boolean tooLong = overlong || length > maxLineBytes;
        lineLength = 0;
        overlong = false;
        if (tooLong) {
            if (!skipped) {
                sink.badLine(fileName, lineNumber, "line longer than " + maxLineBytes + " bytes", true);
            }
        } else {
            sink.line(fileName, lineNumber, new String(line, 0, length, StandardCharsets.UTF_8), skipped);
        }
        return !skipped;
    }
}
