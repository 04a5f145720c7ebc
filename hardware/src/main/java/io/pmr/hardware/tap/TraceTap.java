package io.pmr.hardware.tap;

import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link HanPort} that tails a log of message timestamps which gateway software already writes, so a
 * gateway is measured without changing it. Each {@link #poll()} reads the lines appended since the last one
 * and reports them to the listener.
 *
 * <h2>File format (a user-facing contract)</h2>
 * One record per line, UTF-8, lines ending in LF (a CR before it is dropped). Blank lines and lines whose
 * first non-blank character is {@code #} are ignored. The fields:
 * <table>
 * <caption>Trace fields</caption>
 * <tr><th>name</th><th>required</th><th>value</th></tr>
 * <tr><td>{@code message_id}</td><td>yes</td><td>any non-empty text; a start and its end carry the same</td></tr>
 * <tr><td>{@code direction}</td><td>yes</td><td>{@code start} or {@code end}</td></tr>
 * <tr><td>{@code kind}</td><td>yes</td><td>an {@link io.pmr.hardware.EventKind} name ({@code RTT2}, {@code RTT3},
 *     {@code RTT4}, {@code CAT2_HAN_COMMAND}, {@code CAT3_ALERT}) or its PM number ({@code PM4.1},
 *     {@code PM4.2}, {@code PM4.3}, {@code PM3.1}, {@code PM3.2})</td></tr>
 * <tr><td>{@code device}</td><td>yes</td><td>the hub or device; recorded by the gateway, not used (may be
 *     empty)</td></tr>
 * <tr><td>{@code region}</td><td>yes</td><td>{@code north}, {@code central}, {@code south} or {@code CSPN},
 *     {@code CSPC}, {@code CSPS}</td></tr>
 * <tr><td>{@code timestamp}</td><td>yes</td><td>an ISO-8601 instant in UTC with up to nine fraction digits
 *     ({@code 2020-09-01T10:00:00.123456789Z}), or integer epoch milliseconds ({@code 1598954400123})</td></tr>
 * <tr><td>{@code success}</td><td>no</td><td>{@code true} (default) or {@code false}: an end that reports a
 *     failure; ignored on a start</td></tr>
 * <tr><td>{@code variant}</td><td>no</td><td>{@code SKU1} (default) or {@code SKU2}; used on a start</td></tr>
 * </table>
 * Names and the values of direction, kind, region, variant and success are case-insensitive.
 * <ul>
 * <li><b>CSV</b>: a header line names the columns, in any order (other columns are allowed and ignored):
 *     {@code message_id,direction,kind,device,region,timestamp[,success][,variant]}. A line is a header when a
 *     field of it is {@code message_id}; each file needs one before its data (a truncated file keeps the
 *     header it had). A header may be repeated (a restarted writer). Fields are separated by commas; a field
 *     may be double-quoted, with {@code ""} for a quote inside; blanks around fields are ignored. A data line
 *     must have as many fields as its header.</li>
 * <li><b>JSON lines</b>: one flat JSON object per line with the same keys; values are strings, numbers,
 *     booleans or {@code null} (= absent). Other keys are ignored, whatever their value. For example
 *     {@code {"message_id":"m-1","direction":"start","kind":"PM4.3","device":"hub-7","region":"north",
 *     "timestamp":"2020-09-01T10:00:00.123456789Z","variant":"SKU2"}}.</li>
 * </ul>
 * Lines of another region than the tap's are counted ({@code otherRegion}) and skipped. Any other line that
 * cannot be used (bad syntax, a missing field, an unknown direction, kind, region or variant, a bad timestamp,
 * no CSV header, a line longer than {@code maxLineBytes}, a second start of a message id that has not ended)
 * is a bad line: logged at WARN as {@code file:line: what is wrong}, counted, kept in {@link #recentProblems()},
 * and skipped. Line numbers count from 1 in each file (and again after a truncation).
 *
 * <h2>Message ids</h2>
 * The listener receives long ids: each start gets a new one, its end the same. An end whose message id has
 * no pending start gets an id that no start had (the agent counts it as unknown). At most
 * {@code maxPendingStarts} starts are remembered; beyond that the oldest is forgotten, counted and logged.
 *
 * <h2>Rotation</h2>
 * When the path names a different file (another file key) that has content, the old file is read to its
 * end and the new one from its start; when the file is shorter than what was read (copytruncate), it is
 * read again from its start. A missing file (between rotation steps) is not an error. Limits: lines
 * appended to an old file after the tap has moved on are not read, nor is a truncation noticed if the file
 * has grown past the previous read position by the next poll, so poll more often than the log rotates.
 * A partial last line stays buffered until its newline arrives; one left at a rotation is a bad line.
 *
 * <h2>Threading</h2>
 * No threads of its own: the caller calls {@link #poll()} (one thread at a time; the listener is called on
 * that thread). {@link #close()}, {@link #counters()} and {@link #recentProblems()} may be called from any
 * thread.
 */
public final class TraceTap implements HanPort {
    private static final Logger LOG = LoggerFactory.getLogger(TraceTap.class);

    private final TraceTapSettings settings;
    private final TimeSource timeSource;
    private final Counts counts = new Counts();
    private final Problems problems = new Problems(counts);
    private final TraceLineHandler handler;
    private final FileFollower follower;
    private final LineParser parser;
    private final MessageIds ids;
    private final CheckpointStore checkpoints;
    /** How this tap started, for tests and diagnostics. */
    private String startNote;
    private HanListener listener;
    private boolean closed;

    private TraceTap(TraceTapSettings settings, TimeSource timeSource) {
        this.settings = settings;
        this.timeSource = timeSource;
        this.parser = settings.resolvedFormat() == TraceFormat.CSV ? new CsvLineParser() : new JsonLineParser();
        this.ids = new MessageIds(settings.maxPendingStarts(), counts);
        this.handler = new TraceLineHandler(settings.region(), parser, ids, counts, problems);
        this.follower = new FileFollower(settings.path(), settings.maxLineBytes(), handler);
        this.checkpoints = settings.checkpointFile() == null ? null : new CheckpointStore(settings.checkpointFile());
    }

    /**
     * Opens a tap on {@code settings.path()}. The file need not exist yet. With {@code startAtEnd}, the lines
     * the file holds now are skipped (a CSV header among them is still taken).
     *
     * <p>With a {@link TraceTapSettings#checkpointFile()} that exists, the tap takes up the pending message ids
     * and the next id saved by the last {@link #close()} (so an end matches its start read before the stop),
     * ignores {@code startAtEnd}, and: if the path still names the file it was reading (same file key, same
     * first bytes and bytes before the position, at least as long), resumes at its first unread line with
     * its line numbering and CSV header; otherwise (rotated, replaced or truncated while stopped) reads the
     * current file from its start, saying why at INFO. The checkpoint is deleted once taken up, so that a
     * crash later starts per the settings (at worst lines are missed; none is read twice). A damaged
     * checkpoint is logged at WARN with why, moved aside to {@code <name>.damaged} and ignored.
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws IOException              if the file exists but cannot be opened, or a checkpoint cannot be
     *                                  read or deleted (resuming from a checkpoint that stays could count
     *                                  lines twice after a crash)
     */
    public static TraceTap open(TraceTapSettings settings, TimeSource time) throws IOException {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        if (time == null) {
            throw new IllegalArgumentException("time must not be null");
        }
        TraceTap tap = new TraceTap(settings, time);
        TapCheckpoint checkpoint = tap.loadCheckpoint();
        if (checkpoint == null) {
            tap.follower.start(settings.startAtEnd());
            String problem = tap.startNote; // a damaged checkpoint, if any
            tap.startNote = (settings.startAtEnd() ? "from its end" : "from its start")
                    + (problem == null ? "" : problem);
        } else {
            tap.resume(checkpoint);
        }
        if (!java.nio.file.Files.exists(settings.path())) {
            // Waiting is right between rotation steps, but a mistyped path would otherwise measure nothing unseen.
            tap.startNote += "; the file does not exist yet: waiting for it (check the path if it should)";
            LOG.warn("trace tap on {} ({}, region {}, {})", settings.path(), settings.resolvedFormat(),
                    settings.region(), tap.startNote);
            return tap;
        }
        LOG.info("trace tap on {} ({}, region {}, {})", settings.path(), settings.resolvedFormat(),
                settings.region(), tap.startNote);
        return tap;
    }

    /** The checkpoint to take up (already deleted from disk), or null: none configured, none saved, or damaged. */
    private TapCheckpoint loadCheckpoint() throws IOException {
        if (checkpoints == null) {
            return null;
        }
        TapCheckpoint checkpoint;
        try {
            checkpoint = checkpoints.load();
        } catch (CheckpointStore.Damaged e) {
            Path aside = checkpoints.setAside();
            startNote = "; damaged checkpoint "
                    + checkpoints.file() + " ignored: " + e.getMessage();
            LOG.warn("{}: damaged trace tap checkpoint ignored ({}); moved to {}", checkpoints.file(),
                    e.getMessage(), aside);
            return null;
        }
        if (checkpoint == null) {
            return null;
        }
        checkpoints.delete();
        if (!checkpoint.logPath().equals(settings.path().toString())) {
            LOG.info("{}: the checkpoint is of another log ({}), ignored", checkpoints.file(), checkpoint.logPath());
            return null;
        }
        return checkpoint;
    }

    private void resume(TapCheckpoint checkpoint) throws IOException {
        ids.restore(checkpoint.nextId(), checkpoint.pending());
        String why = follower.resume(checkpoint.read());
        ReadPosition read = checkpoint.read();
        boolean sameFile = read != null && !follower.fileKeyText().isEmpty()
                && read.fileKey().equals(follower.fileKeyText());
        if (checkpoint.header() != null && (why == null || sameFile)) {
            // A truncated file keeps the header it had, as while running.
            parser.restoreHeader(checkpoint.header());
        }
        if (why == null) {
            startNote = "resumed at byte " + read.position() + ", after line " + read.lineNumber() + " ("
                    + ids.pendingCount() + " starts pending)";
        } else {
            startNote = "from its start: not resumed at the checkpoint: " + why + " (" + ids.pendingCount()
                    + " starts pending)";
            LOG.info("{}: not resuming at the checkpoint: {}; reading the current file from its start",
                    settings.path(), why);
        }
    }

    /**
     * Reads every complete line appended since the last poll and reports its start or end to the listener,
     * on the calling thread. Never throws for bad content or a missing file; an I/O error is logged, counted
     * ({@code readErrors}) and retried at the next poll.
     *
     * @return the complete lines read (after the start point), of any sort; 0 after {@link #close()}
     * @throws IllegalStateException if no listener is attached
     */
    public synchronized int poll() {
        if (closed) {
            return 0;
        }
        if (listener == null) {
            throw new IllegalStateException("attach a listener to the trace tap on " + settings.path()
                    + " before polling");
        }
        long before = counts.linesRead;
        try {
            follower.poll();
        } catch (IOException e) {
            counts.readErrors = counts.readErrors + 1;
            LOG.warn("{}: cannot read: {}", settings.path(), e.toString());
        }
        return (int) Math.min(Integer.MAX_VALUE, counts.linesRead - before);
    }

    /** What has been read so far. */
    public TraceTapCounters counters() {
        return counts.snapshot();
    }

    /** The last bad-line messages ({@code file:line: what is wrong}), oldest first; at most 32. */
    public List<String> recentProblems() {
        return problems.recent();
    }

    /** How {@link #open} started: from the end or start, resumed at a checkpoint, or why not. */
    String startNote() {
        return startNote;
    }

    /** The settings this tap was opened with. */
    public TraceTapSettings settings() {
        return settings;
    }

    @Override
    public Region region() {
        return settings.region();
    }

    @Override
    public synchronized void attach(HanListener newListener) {
        if (newListener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        if (closed) {
            throw new IllegalStateException("the trace tap on " + settings.path() + " is closed");
        }
        if (listener != null) {
            throw new IllegalStateException("the trace tap on " + settings.path() + " already has a listener");
        }
        listener = newListener;
        handler.listener(newListener);
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    /**
     * Closes the file; later polls read nothing. Idempotent. With a {@link TraceTapSettings#checkpointFile()},
     * first saves durably (temporary file, forced, renamed atomically) the read position (the first line
     * not yet complete: a partial line is read again), the line number, the CSV header, the next id and the
     * pending message ids; a failure to save is logged at ERROR (the next open then starts per settings).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (checkpoints != null) {
            saveCheckpoint();
        }
        try {
            follower.close();
        } catch (IOException e) {
            LOG.warn("{}: closing failed: {}", settings.path(), e.toString());
        }
    }

    private void saveCheckpoint() {
        try {
            ReadPosition read = follower.position();
            TapCheckpoint checkpoint = new TapCheckpoint(settings.path().toString(), read, parser.header(),
                    ids.nextId(), ids.pending());
            checkpoints.save(checkpoint);
            LOG.info("{}: checkpoint saved to {} ({}, {} starts pending)", settings.path(), checkpoints.file(),
                    read == null ? "no file open" : "at byte " + read.position() + ", line " + read.lineNumber(),
                    checkpoint.pending().size());
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot save the checkpoint to {}: {}; the next start will not resume", settings.path(),
                    checkpoints.file(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "TraceTap[" + settings.path() + ", " + settings.region() + "]";
    }
}
