package io.pmr.hardware.tap;

import io.pmr.hardware.HanListener;
import io.pmr.hardware.Region;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lines a {@link FileFollower} cuts into listener calls: parse, decode, filter by region, map
 * message ids, deliver; everything else is a counted bad line. Polling thread only.
 */
final class TraceLineHandler implements FileFollower.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(TraceTap.class);

    private final Region region;
    private final LineParser parser;
    private final MessageIds ids;
    private final Counts counts;
    private final Problems problems;
    private final String[] values = new String[Column.COUNT];
    private final TraceRecord record = new TraceRecord();
    private HanListener listener;

    TraceLineHandler(Region region, LineParser parser, MessageIds ids, Counts counts, Problems problems) {
        this.region = region;
        this.parser = parser;
        this.ids = ids;
        this.counts = counts;
        this.problems = problems;
    }

    void listener(HanListener newListener) {
        listener = newListener;
    }

    @Override
    public void line(String file, long lineNumber, String text, boolean skipped) {
        String line = text.strip();
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1).strip(); // a byte-order mark some writers put at the start of a file
        }
        boolean ignorable = line.isEmpty() || line.charAt(0) == '#';
        if (skipped) {
            if (!ignorable) {
                counts.skippedAtStart = counts.skippedAtStart + 1;
                parser.observeSkipped(line);
            }
            return;
        }
        counts.linesRead = counts.linesRead + 1;
        if (ignorable) {
            return;
        }
        LineParser.Outcome outcome = parser.parse(line, values);
        if (outcome == LineParser.Outcome.HEADER) {
            return;
        }
        if (outcome == LineParser.Outcome.BAD) {
            problems.badLine(file, lineNumber, parser.problem());
            return;
        }
        String problem = record.decode(values);
        if (problem != null) {
            problems.badLine(file, lineNumber, problem);
            return;
        }
        if (record.region != region) {
            counts.otherRegion = counts.otherRegion + 1;
            return;
        }
        if (record.start) {
            long id = ids.start(record.messageId);
            if (id < 0) {
                problems.badLine(file, lineNumber, "start of message_id '" + record.messageId
                        + "', which is already started and has not ended");
                return;
            }
            counts.starts = counts.starts + 1;
            if (record.kind.perDevice()) {
                listener.onDeviceStart(id, record.kind, record.variant, record.deviceId, record.groupId,
                        record.epochNanos);
            } else {
                listener.onStart(id, record.kind, record.variant, record.epochNanos);
            }
        } else {
            long id = ids.end(record.messageId);
            counts.ends = counts.ends + 1;
            listener.onEnd(id, record.epochNanos, record.success);
        }
    }

    @Override
    public void badLine(String file, long lineNumber, String what, boolean complete) {
        if (complete) {
            counts.linesRead = counts.linesRead + 1;
        }
        problems.badLine(file, lineNumber, what);
    }

    @Override
    public void rotated(String file, boolean truncated) {
        counts.rotations = counts.rotations + 1;
        if (!truncated) {
            parser.newFile();
        }
        LOG.info("{}: {}, reading it from its start ({} starts pending)", file,
                truncated ? "file was truncated" : "now names a new file", ids.pendingCount());
    }
}
