package io.pmr.agent.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxEntry;
import io.pmr.agent.spool.SequenceStore;

import io.pmr.proto.v1.AckedRange;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.MeasureWatermark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Ack deletes only what this run published; ranges no collector can have sent delete nothing and are counted. */
class AckTrustTest {
    @TempDir
    Path dataDir;

    private static Envelope.Builder batch(long watermark) {
        return Envelope.newBuilder().setCreatedEpochMillis(1).setIntervals(IntervalReportBatch.newBuilder()
                .addWatermarks(MeasureWatermark.newBuilder().setMeasureId("CSPN/PM4.3")
                        .setFinalThroughEpochMillis(watermark)));
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }

    private Outbox open() throws IOException {
        return Outbox.open(dataDir, "gw-1", 100, SequenceStore.open(dataDir));
    }

    /** The sender's side of one run over an outbox: what it offered to MQTT and which ranges it believes. */
    private static final class Sender {
        final Outbox outbox;
        final SendState sent = new SendState();
        final AckTrust trust;

        Sender(Outbox outbox) {
            this.outbox = outbox;
            this.trust = new AckTrust("gw-1", outbox.bootEpoch(), sent);
        }

        void offering(OutboxEntry entry) {
            trust.offered(entry);
        }

        int acknowledge(List<AckedRange> ranges, String topic) {
            List<OutboxEntry> deletable = new ArrayList<>();
            for (AckedRange range : ranges) {
                deletable.addAll(trust.deletable(range, outbox, topic));
            }
            sent.forget(deletable);
            return deletable.isEmpty() ? 0 : outbox.remove(deletable);
        }

        long ackRangesIgnored() {
            return trust.ignored();
        }
    }

    private static Outbox.Written written(Outbox.WriteResult result) {
        return assertInstanceOf(Outbox.Written.class, result);
    }

    @Test
    void rangesBeyondWhatWasPublishedOrOverUnpublishedEntriesDeleteNothing() throws IOException {
        Outbox log = open();
        Sender outbox = new Sender(log);
        long epoch = log.bootEpoch();
        List<Outbox.Written> written = List.of(written(log.write(batch(1))), written(log.write(batch(2))),
                written(log.write(batch(3))), written(log.write(batch(4))));
        long s1 = written.get(0).entry().sequence();
        long s3 = written.get(2).entry().sequence();
        long s4 = written.get(3).entry().sequence();

        assertEquals(0, outbox.acknowledge(List.of(range(epoch, s1, s1)), "t"), "nothing published yet");
        assertEquals(1, outbox.ackRangesIgnored());

        outbox.offering(written.get(0).entry());
        outbox.offering(written.get(2).entry()); // the second is written but not handed to MQTT
        assertEquals(0, outbox.acknowledge(List.of(
                range(epoch, s1, s3), // covers the unpublished second
                range(epoch, s1, s4), // beyond the highest published
                range(epoch, s3 + 1, -1L), // up to 2^64-1: compared unsigned, beyond
                range(epoch, 1L << 63, -2L), // at and above 2^63, read as negative if compared signed
                range(epoch, s3, s1)), "pmr/v1/gw-1/ack")); // inverted
        assertEquals(6, outbox.ackRangesIgnored());
        assertEquals(4, log.size(), "a forged ack deleted nothing");

        // Another boot epoch's ranges are the normal content of a cumulative Ack: nothing held, nothing counted.
        assertEquals(0, outbox.acknowledge(List.of(range(epoch + 1, 1, 1_000)), "t"));
        assertEquals(6, outbox.ackRangesIgnored());

        // The genuine acks of what was published delete exactly that.
        assertEquals(2, outbox.acknowledge(List.of(range(epoch, s1, s1), range(epoch, s3, s3)), "t"));
        assertEquals(List.of(written.get(1).entry().sequence(), s4),
                log.entries().stream().map(OutboxEntry::sequence).toList());
        assertEquals(6, outbox.ackRangesIgnored());
    }

    @Test
    void afterARestartAnOldEpochsEntriesGoOnlyOnceReplayed() throws IOException {
        Outbox first = open();
        long oldEpoch = first.bootEpoch();
        long sequence = written(first.write(batch(1))).entry().sequence();

        Outbox reopened = open();
        Sender second = new Sender(reopened);
        assertEquals(0, second.acknowledge(List.of(range(oldEpoch, sequence, sequence)), "t"),
                "not replayed in this run yet: kept, and not counted (a cumulative Ack may come before the replay)");
        assertEquals(0, second.ackRangesIgnored());
        second.offering(reopened.entries().get(0));
        assertEquals(1, second.acknowledge(List.of(range(oldEpoch, sequence, sequence)), "t"));
    }
}
