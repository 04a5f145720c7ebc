package io.pmr.agent.close;

import io.pmr.agent.record.IntervalCell;
import io.pmr.proto.v1.IntervalReport;
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
    private final HistogramLogWriter writer;
    private final PrintStream stream;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    public IntervalLog(Path file, long nowEpochMillis) throws IOException {
        this.file = file;
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
     * Appends the histogram of a sent cell, as encoded in its report; reports without a histogram (no
     * completed event) are skipped. The line is HistogramLogWriter's tagged interval line
     * ({@code Tag=t,start,length,max,base64}), written here from the report's bytes because the writer
     * would encode the histogram again, slot by slot.
     */
    public void append(IntervalCell cell, IntervalReport report) {
        if (report.getHistogram().isEmpty()) {
            return;
        }
        double startSec = report.getIntervalStartEpochMillis() / 1000.0;
        double lengthSec = report.getIntervalLengthMillis() / 1000.0;
        stream.format(Locale.US, "Tag=%s:%s,%.3f,%.3f,%.3f,%s%n", report.getMeasureId(), report.getScope(),
                startSec, lengthSec, cell.maxLatencyMicros() / MICROS_PER_MILLI,
                BASE64.encodeToString(report.getHistogram().toByteArray()));
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
