package io.pmr.hardware.tap;

import io.pmr.hardware.Region;

import java.nio.file.Path;

/**
 * How a {@link TraceTap} reads one gateway log.
 *
 * @param path             the log file as the gateway names it (the current file, not a rotated one)
 * @param format           CSV, JSONL, or AUTO to choose from the extension ({@code .csv}; {@code .jsonl},
 *                         {@code .ndjson}, {@code .json})
 * @param region           the region this tap serves; lines of other regions are counted and skipped
 * @param startAtEnd       true to start at the current end of the file like {@code tail -f} (existing lines
 *                         are skipped, but a CSV header among them is still taken); false to read it from
 *                         its beginning. Only the file present at {@link TraceTap#open} is skipped: files
 *                         that appear later (rotation) are always read from their start.
 * @param maxLineBytes     the longest line accepted, in bytes without its line terminator; longer lines are
 *                         bad lines. 64 to 16 MiB; {@link #DEFAULT_MAX_LINE_BYTES} by default
 * @param maxPendingStarts how many started message ids are remembered while waiting for their ends; when
 *                         full, the oldest is forgotten (counted as a dropped start; the agent times it out).
 *                         1 to 100,000,000; {@link #DEFAULT_MAX_PENDING_STARTS} by default
 * @param checkpointFile   where {@link TraceTap#close()} saves the read position and the pending message ids
 *                         so that the next {@link TraceTap#open} resumes exactly there; null for none (every
 *                         open then starts per {@code startAtEnd}). Must differ from {@code path}
 */
public record TraceTapSettings(Path path, TraceFormat format, Region region, boolean startAtEnd,
                               int maxLineBytes, int maxPendingStarts, Path checkpointFile) {

    /** 64 KiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** One million ids (roughly 100 MB of heap at worst). */
    public static final int DEFAULT_MAX_PENDING_STARTS = 1_000_000;

    static final int MIN_LINE_BYTES = 64;
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    static final int MAX_PENDING_STARTS = 100_000_000;

    /** Validates every field. @throws IllegalArgumentException naming the field */
    public TraceTapSettings {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (format.resolve(path) == null) {
            throw new IllegalArgumentException("format AUTO cannot tell the format of '" + path
                    + "' from its extension (.csv, .jsonl, .ndjson, .json): set format to CSV or JSONL");
        }
        if (region == null) {
            throw new IllegalArgumentException("region must not be null");
        }
        if (maxLineBytes < MIN_LINE_BYTES || maxLineBytes > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be between " + MIN_LINE_BYTES + " and "
                    + MAX_LINE_BYTES + ", was " + maxLineBytes);
        }
        if (maxPendingStarts < 1 || maxPendingStarts > MAX_PENDING_STARTS) {
            throw new IllegalArgumentException("maxPendingStarts must be between 1 and " + MAX_PENDING_STARTS
                    + ", was " + maxPendingStarts);
        }
        if (checkpointFile != null) {
            if (checkpointFile.getFileName() == null) {
                throw new IllegalArgumentException("checkpointFile must name a file, was '" + checkpointFile + "'");
            }
            if (checkpointFile.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("checkpointFile must not be the log itself ('" + path + "')");
            }
        }
    }

    /** Settings without a checkpoint. */
    public TraceTapSettings(Path path, TraceFormat format, Region region, boolean startAtEnd,
                            int maxLineBytes, int maxPendingStarts) {
        this(path, format, region, startAtEnd, maxLineBytes, maxPendingStarts, null);
    }

    /** Settings with the default line limit and pending-start bound. */
    public TraceTapSettings(Path path, TraceFormat format, Region region, boolean startAtEnd) {
        this(path, format, region, startAtEnd, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_PENDING_STARTS);
    }

    /** These settings with a checkpoint file (null for none). @throws IllegalArgumentException as the constructor */
    public TraceTapSettings withCheckpoint(Path newCheckpointFile) {
        return new TraceTapSettings(path, format, region, startAtEnd, maxLineBytes, maxPendingStarts, newCheckpointFile);
    }

    /** The concrete format: {@link #format()}, or for AUTO the one the extension names. */
    public TraceFormat resolvedFormat() {
        return format.resolve(path);
    }
}
