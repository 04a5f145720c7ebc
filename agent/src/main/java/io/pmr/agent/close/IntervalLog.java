package io.pmr.agent.close;

import io.pmr.agent.record.IntervalCell;
import io.pmr.proto.v1.IntervalReport;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * Appends each sent interval's latency histogram (microseconds) to HdrHistogram's standard interval log,
 * tagged {@code {measureId}:{scope}} with absolute epoch-second timestamps, so a lab engineer can read
 * it with HistogramLogProcessor or HdrHistogram's plotters. A local convenience, not the record of truth:
 * a write failure is logged and counted, never stops the agent.
 *
 * <p>Lines are buffered in memory (64 KiB) and reach the file at {@link #flush()}, which the agent calls once per
 * written batch, and at {@link #close()}: a crash may lose the lines of the batch being written, never the record of
 * truth (the outbox). Unbuffered, each piece of each line was its own write system call, about ten per line: at
 * 30,000 hubs the demo's agents append 1.8 million lines, a third of their loops' time.
 *
 * <p>Threading: the record path's thread.
 */
public final class IntervalLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntervalLog.class);
    private static final int BUFFER_BYTES = 1 << 16;
    /** Below this many thousandths a value's {@code %.3f} is its digits with a point; above, the formatter decides. */
    private static final long EXACT_THOUSANDTHS_BOUND = 1L << 50;
    private static final byte[] LINE_SEPARATOR_BYTES = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final HistogramLogWriter writer;
    private final PrintStream stream;
    /** The line being built, reused: one line per appended cell. */
    private final StringBuilder line = new StringBuilder(256);
    /** The line's bytes ({@link #encodeLine}), reused. */
    private byte[] lineBytes = new byte[512];
    /** The histogram's Base64, reused. */
    private byte[] base64 = new byte[256];
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    public IntervalLog(Path file, long nowEpochMillis) throws IOException {
        this.file = file;
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        this.stream = new PrintStream(new BufferedOutputStream(new FileOutputStream(file.toFile(), true), BUFFER_BYTES),
                false, StandardCharsets.UTF_8);
        this.writer = new HistogramLogWriter(stream);
        if (fresh) {
            writer.outputLogFormatVersion();
            writer.outputComment("pmr agent interval latencies in microseconds; tag = measureId:scope");
            writer.outputStartTime(nowEpochMillis);
            writer.outputBaseTime(0);
            writer.outputLegend();
        }
        writer.setBaseTime(0);
        stream.flush();
    }

    public Path file() {
        return file;
    }

    /**
     * Appends the histogram of a sent cell, as encoded in its report; reports without a histogram (no
     * completed event) are skipped. The line is HistogramLogWriter's tagged interval line
     * ({@code Tag=t,start,length,max,base64}), written here from the report's bytes because the writer
     * would encode the histogram again, slot by slot.
     */
    public void append(IntervalCell cell, IntervalReport report) {
        if (report.getHistogram().isEmpty()) {
            return;
        }
        int length = encodeLine(report.getMeasureId(), report.getScope(), report.getIntervalStartEpochMillis(),
                report.getIntervalLengthMillis(), cell.maxLatencyMicros(), report.getHistogram().toByteArray());
        stream.write(lineBytes, 0, length);
    }

    /**
     * The tagged interval line, exactly what {@code String.format(Locale.US, "Tag=%s:%s,%.3f,%.3f,%.3f,%s%n", measureId,
     * scope, startMillis / 1000.0, lengthMillis / 1000.0, maxMicros / 1000.0, base64(histogram))} gives (for tests:
     * {@link #append} writes {@link #encodeLine}'s bytes).
     */
    String line(String measureId, String scope, long startMillis, long lengthMillis, long maxMicros,
                byte[] histogram) {
        int length = encodeLine(measureId, scope, startMillis, lengthMillis, maxMicros, histogram);
        return new String(lineBytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The tagged interval line ({@link #line}) as UTF-8 in {@link #lineBytes}, the bytes the stream would have written
     * for the text: built without the formatter (which parsed the pattern and converted each double through {@code
     * BigDecimal} on every line), the histogram's Base64 encoded straight into bytes and no {@code String} of the line
     * made for the stream to encode again (two to three allocations a line fewer). Reuses its buffers.
     *
     * @return the line's length in {@link #lineBytes}
     */
    private int encodeLine(String measureId, String scope, long startMillis, long lengthMillis, long maxMicros,
                           byte[] histogram) {
        line.setLength(0);
        line.append("Tag=").append(measureId).append(':').append(scope).append(',');
        appendThousandths(line, startMillis).append(',');
        appendThousandths(line, lengthMillis).append(',');
        appendThousandths(line, maxMicros).append(',');
        int textLength = line.length();
        int base64Length = 4 * ((histogram.length + 2) / 3);
        ensureLineBytes(3 * textLength + base64Length + LINE_SEPARATOR_BYTES.length);
        byte[] bytes = lineBytes;
        int length = 0;
        for (int i = 0; i < textLength; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) { // not ASCII (a measure id or scope never is): the stream's own encoding of the text
                byte[] text = line.toString().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(text, 0, bytes, 0, text.length);
                length = text.length;
                break;
            }
            bytes[length++] = (byte) c;
        }
        if (base64.length < base64Length) {
            base64 = new byte[Math.max(base64Length, 2 * base64.length)];
        }
        int encoded = BASE64.encode(histogram, base64);
        System.arraycopy(base64, 0, bytes, length, encoded);
        length += encoded;
        System.arraycopy(LINE_SEPARATOR_BYTES, 0, bytes, length, LINE_SEPARATOR_BYTES.length);
        return length + LINE_SEPARATOR_BYTES.length;
    }

    private void ensureLineBytes(int capacity) {
        if (lineBytes.length < capacity) {
            lineBytes = new byte[Math.max(capacity, 2 * lineBytes.length)];
        }
    }

    /**
     * Appends {@code thousandths / 1000.0} as {@code %.3f} does. Below 2^50 thousandths the double is within 2^-12 of
     * the exact quotient, so rounding it to three decimals gives the quotient's own digits; beyond, the formatter.
     */
    static StringBuilder appendThousandths(StringBuilder out, long thousandths) {
        if (thousandths <= -EXACT_THOUSANDTHS_BOUND || thousandths >= EXACT_THOUSANDTHS_BOUND) {
            return out.append(String.format(Locale.US, "%.3f", thousandths / 1000.0));
        }
        long magnitude = Math.abs(thousandths);
        if (thousandths < 0) {
            out.append('-');
        }
        long fraction = magnitude % 1000;
        out.append(magnitude / 1000).append('.');
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        return out.append(fraction);
    }

    /** Flushes appended lines; returns false (and logs) when the stream has failed. */
    public boolean flush() {
        stream.flush();
        if (stream.checkError()) {
            LOG.warn("could not append to interval log {}", file);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        writer.close();
    }
}
