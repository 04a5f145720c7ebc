package io.pmr.collector.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an import file as CSV records, one at a time, so a file of any length costs the memory of one record: UTF-8
 * with or without a byte order mark, RFC 4180 quoting (a quoted field may hold commas, doubled quotes and line
 * breaks), CRLF or LF line ends. Blank lines and lines starting with {@code #} (outside a quoted field) are skipped.
 * Each record keeps the 1-based line on which it starts, so errors name the line a user sees in an editor.
 *
 * <p>What stops the reading (then {@link #next()} throws the {@link ImportException} of {@link ImportProblems}, with
 * the problems found so far): bytes that are not UTF-8 (named at their line), a quote never closed, a record longer
 * than {@link #MAX_RECORD_CHARS} or with more than {@link #MAX_FIELDS} fields. Not thread-safe.
 */
final class CsvRows {
    /** Longest record, in characters: a 16 MiB note fits; an unclosed quote in a huge file does not eat the heap. */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
    /** Most fields in a record (the widest kind has seven). */
    static final int MAX_FIELDS = 1_000;
    private static final int BUFFER = 64 * 1024;

    /** One record: its first line and its fields. */
    record Row(int lineNumber, List<String> fields) {
    }

    private final InputStream in;
    private final ImportProblems problems;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private boolean endOfBytes;
    private boolean decoderFlushed;
    private boolean malformed;
    private boolean started;
    private int line = 1;

    /**
     * @param in       the file's bytes; read to the end, not closed
     * @param problems where a problem that stops the reading is recorded
     */
    CsvRows(InputStream in, ImportProblems problems) {
        this.in = in;
        this.problems = problems;
        chars.flip();
    }

    /**
     * The next record, or null at the end of the file.
     *
     * @throws ImportException when the file cannot be read on (see the class comment)
     * @throws UncheckedIOException when reading the stream fails
     */
    Row next() {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            int startLine = line;
            if (c == '#') {
                int skipped;
                do {
                    skipped = read();
                } while (skipped >= 0 && skipped != '\n');
                line++;
                continue;
            }
            Row row = record(startLine);
            if (row != null) {
                return row;
            }
        }
    }

    /** Reads one record from its first character; null when it is a blank line. */
    private Row record(int startLine) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        long length = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                break;
            }
            if (++length > MAX_RECORD_CHARS) {
                throw problems.fatal(startLine, "row", "longer than " + MAX_RECORD_CHARS + " characters"
                        + (quoted ? " (a quoted field is never closed?)" : ""));
            }
            if (quoted) {
                if (c == '"' && peek() == '"') {
                    field.append('"');
                    read();
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                if (fields.size() >= MAX_FIELDS) {
                    throw problems.fatal(startLine, "row", "more than " + MAX_FIELDS + " fields");
                }
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n') {
                line++;
                break;
            } else if (c == '\r' && (peek() < 0 || peek() == '\n')) {
                // CR of a CRLF line end: the LF ends the record
            } else {
                field.append((char) c);
            }
        }
        if (quoted) {
            throw problems.fatal(startLine, "row", "a quoted field is never closed");
        }
        fields.add(field.toString());
        boolean blank = fields.size() == 1 && fields.get(0).isBlank() && !wasQuoted;
        return blank ? null : new Row(startLine, List.copyOf(fields));
    }

    private int peek() {
        return fill() ? chars.get(chars.position()) : -1;
    }

    private int read() {
        return fill() ? chars.get() : -1;
    }

    /**
     * Makes a character available; false at the end. The decoder stops just before bytes that are not UTF-8, having
     * produced every character before them, so the problem is named at the line where those bytes are.
     */
    private boolean fill() {
        while (!chars.hasRemaining()) {
            if (malformed) {
                throw problems.fatal(line, "file", "not UTF-8 text");
            }
            if (decoderFlushed) {
                return false;
            }
            chars.clear();
            if (!endOfBytes) {
                readBytes();
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, endOfBytes);
            bytes.compact();
            if (result.isError()) {
                malformed = true;
            } else if (endOfBytes && result.isUnderflow()) {
                decoderFlushed = decoder.flush(chars).isUnderflow();
            }
            chars.flip();
        }
        return true;
    }

    /** Appends what the stream has into {@link #bytes} (in write mode). */
    private void readBytes() {
        try {
            int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfBytes = true;
            } else {
                bytes.position(bytes.position() + n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import file at line " + line + ": " + e.getMessage(), e);
        }
    }
}
