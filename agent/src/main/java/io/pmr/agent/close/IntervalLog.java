package io.pmr.agent.close;

import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.LatencyHistogramEncoder;
import io.pmr.agent.record.Measures;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Threading: the record path's thread.
 */
public final class IntervalLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntervalLog.class);
    private static final double MICROS_PER_MILLI = 1000.0;

    private final Path file;
    private final Measures measures;
    private final HistogramLogWriter writer;
    private final PrintStream stream;
    private final LatencyHistogramEncoder encoder = new LatencyHistogramEncoder();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    public IntervalLog(Path file, Measures measures, long nowEpochMillis) throws IOException {
        this.file = file;
        this.measures = measures;
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        this.stream = new PrintStream(new FileOutputStream(file.toFile(), true), false, StandardCharsets.UTF_8);
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
     * Appends the histogram of a sent cell; cells without completed events are skipped. The line is
     * HistogramLogWriter's tagged interval line ({@code Tag=t,start,length,max,base64}), written here from
     * the encoder's bytes because the writer would re-encode slot by slot.
     */
    public void append(IntervalCell cell) {
        byte[] compressed = cell.encodeLatencies(encoder);
        if (compressed == null) {
            return;
        }
        double startSec = cell.intervalStartEpochMillis() / 1000.0;
        double lengthSec = IntervalTable.INTERVAL_NANOS / 1e9;
        stream.format(Locale.US, "Tag=%s:%s,%.3f,%.3f,%.3f,%s%n", measures.measureId(cell.kind()), cell.variant().name(),
                startSec, lengthSec, cell.maxLatencyMicros() / MICROS_PER_MILLI, BASE64.encodeToString(compressed));
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
