package io.pmr.agent.spool;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.proto.v1.IntervalReportBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The durable half of the sent-interval ledger, {@code {dataDir}/sent-intervals.log}: the interval keys of every
 * envelope the collector acknowledged, appended and forced BEFORE the envelopes' outbox files are deleted, so at
 * every instant each written interval is on disk in its outbox file, in this file, or both.
 *
 * <p>Records: {@code payload length (int) | CRC32C of payload (int) | IntervalReportBatch keys}, big-endian. A torn
 * last record (power cut during an append) is dropped at load: its envelopes were not deleted yet, so their outbox
 * files still hold the keys. The file is compacted (one record: the watermarks and the sparse starts beyond them,
 * written atomically) at open and every {@link #COMPACT_AFTER} appends.
 *
 * <p>Threading: not thread-safe; the {@link Outbox} calls it under its lock.
 */
final class AckedIntervalsFile {
    private static final Logger LOG = LoggerFactory.getLogger(AckedIntervalsFile.class);
    static final String FILE_NAME = "sent-intervals.log";
    static final int COMPACT_AFTER = 512;
    private static final int HEADER_BYTES = 8;

    private final Path file;
    private final SentIntervals ledger;
    private int appendsSinceCompaction;

    private AckedIntervalsFile(Path file, SentIntervals ledger) {
        this.file = file;
        this.ledger = ledger;
    }

    /** Loads the acknowledged keys into {@code ledger}, then compacts the file. */
    static AckedIntervalsFile open(Path dataDir, SentIntervals ledger) throws IOException {
        AckedIntervalsFile acked = new AckedIntervalsFile(dataDir.resolve(FILE_NAME), ledger);
        acked.load();
        acked.compact();
        return acked;
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        int records = 0;
        while (all.remaining() > 0) {
            int at = all.position();
            String problem = null;
            if (all.remaining() < HEADER_BYTES) {
                problem = "a header of " + all.remaining() + " bytes";
            } else {
                int length = all.getInt();
                int expectedCrc = all.getInt();
                if (length < 0 || length > all.remaining()) {
                    problem = "a record of " + length + " bytes with " + all.remaining() + " left";
                } else {
                    CRC32C crc = new CRC32C();
                    crc.update(all.array(), all.position(), length);
                    if ((int) crc.getValue() != expectedCrc) {
                        problem = "a checksum mismatch";
                    } else {
                        try {
                            ledger.acknowledge(List.of(IntervalKeys.of(IntervalReportBatch.parseFrom(
                                    ByteBuffer.wrap(all.array(), all.position(), length)))));
                        } catch (InvalidProtocolBufferException e) {
                            problem = "an unparsable record: " + e.getMessage();
                        }
                        all.position(all.position() + length);
                    }
                }
            }
            if (problem != null) {
                // Only the last append can be torn, and its envelopes were not deleted: nothing is lost.
                LOG.warn("sent-interval ledger {}: dropped {} bytes from offset {} ({}) after {} good records; the "
                        + "outbox files of those acknowledgements were not deleted yet", file, all.limit() - at, at,
                        problem, records);
                return;
            }
            records++;
        }
    }

    /**
     * Appends the keys of acknowledged envelopes, as one record (one batch of all their intervals, then all their
     * watermarks), and forces them to disk; then they may be deleted.
     */
    void append(List<IntervalKeys> keys) throws IOException {
        if (appendsSinceCompaction >= COMPACT_AFTER) {
            compact(); // the ledger already holds everything appended so far
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer record = frame(keys);
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(true);
        }
        appendsSinceCompaction++;
    }

    /** Rewrites the file as one record of the ledger's acknowledged part (atomic, durable). */
    void compact() throws IOException {
        DurableFiles.writeAtomically(file, frame(ledger.ackedKeys().toByteArray()));
        appendsSinceCompaction = 0;
    }

    /** A record of acknowledged envelopes' keys: their merged batch ({@link IntervalKeys#merged}), framed. */
    static ByteBuffer frame(List<IntervalKeys> keys) {
        return frame(IntervalKeys.merged(keys).toByteArray());
    }

    /** A record: the batch's bytes after their length and checksum. */
    private static ByteBuffer frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        return record;
    }
}
