package io.pmr.launcher;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.IntervalReportBatch;
import io.pmr.proto.v1.LatencyUnit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The messages of {@code pmr bench ingest}: valid interval envelopes, as an agent sends them, spread over a few agent
 * ids with consecutive sequences. Each carries {@code rowsPerEnvelope} one-minute interval rows of CSPN/PM4.3 (TRT 25 s)
 * with a histogram, padded with per-device records until the payload reaches {@code sizeBytes}. Deterministic: the
 * same arguments give the same bytes.
 */
final class BenchEnvelopes {
    static final String MEASURE = "CSPN/PM4.3";
    static final long TRT_MILLIS = 25_000;
    /** 2020-09-01T00:00:00Z: within every bound the collector checks. */
    static final long BASE_EPOCH_MILLIS = 1_598_918_400_000L;
    private static final long MINUTE_MILLIS = 60_000;

    /** One message: its MQTT topic, its payload, and the agent and sequence that the collector acknowledges. */
    record Message(String topic, byte[] payload, String agentId, long sequence) {
    }

    private final int agents;
    private final int rowsPerEnvelope;
    private final int sizeBytes;
    private final ByteString histogram;

    /**
     * @param agents          distinct agent ids the messages are spread over (round robin), at least 1
     * @param rowsPerEnvelope interval rows per envelope, at least 1
     * @param sizeBytes       smallest payload size; 0 for the natural size of the rows
     */
    BenchEnvelopes(int agents, int rowsPerEnvelope, int sizeBytes) {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be >= 1, was " + agents);
        }
        if (rowsPerEnvelope < 1) {
            throw new IllegalArgumentException("rowsPerEnvelope must be >= 1, was " + rowsPerEnvelope);
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
        }
        this.agents = agents;
        this.rowsPerEnvelope = rowsPerEnvelope;
        this.sizeBytes = sizeBytes;
        Histogram latencies = new Histogram(1, 86_400_000L, 3);
        for (int i = 0; i < 40; i++) {
            latencies.recordValue(800 + 97L * i);
        }
        ByteBuffer buffer = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
        int length = latencies.encodeIntoCompressedByteBuffer(buffer);
        this.histogram = ByteString.copyFrom(buffer.array(), 0, length);
    }

    /**
     * {@code count} messages of agents named {@code prefix-0 ...}, boot epoch {@code bootEpoch}, sequences from 1 per
     * agent; interval starts never repeat within one call.
     */
    List<Message> messages(String prefix, long bootEpoch, int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String agentId = prefix + "-" + (i % agents);
            long sequence = i / agents + 1;
            Envelope envelope = envelope(agentId, bootEpoch, sequence, (long) (i / agents) * rowsPerEnvelope);
            messages.add(new Message("pmr/v1/" + agentId + "/intervals", envelope.toByteArray(), agentId, sequence));
        }
        return messages;
    }

    private Envelope envelope(String agentId, long bootEpoch, long sequence, long firstMinute) {
        IntervalReportBatch.Builder batch = IntervalReportBatch.newBuilder();
        for (int r = 0; r < rowsPerEnvelope; r++) {
            batch.addIntervals(IntervalReport.newBuilder().setMeasureId(MEASURE).setScope("SKU1")
                    .setIntervalStartEpochMillis(BASE_EPOCH_MILLIS + (firstMinute + r) * MINUTE_MILLIS)
                    .setIntervalLengthMillis(MINUTE_MILLIS).setTrtMillis(TRT_MILLIS)
                    .setEvents(40).setWithinTrt(39).setTimedOut(1).setFailed(0)
                    .setHistogram(histogram).setHistogramUnit(LatencyUnit.MILLISECONDS));
        }
        Envelope.Builder envelope = Envelope.newBuilder().setAgentId(agentId).setBootEpoch(bootEpoch)
                .setSequence(sequence);
        // Each record adds its own tagged size to the batch (the envelope's length prefix may grow by a byte or two,
        // which only overshoots): no re-serialising the whole envelope per record.
        int size = envelope.clone().setIntervals(batch).build().getSerializedSize();
        int record = 0;
        while (size < sizeBytes) {
            long start = BASE_EPOCH_MILLIS + firstMinute * MINUTE_MILLIS + record;
            EventRecord padding = EventRecord.newBuilder().setMeasureId(MEASURE)
                    .setDeviceId(String.format(Locale.ROOT, "00-0B-%06d", record))
                    .setMessageId(agentId + "/" + sequence + "/" + record)
                    .setStartEpochMillis(start).setEndEpochMillis(start + 900)
                    .setOutcome(EventRecord.Outcome.WITHIN_TRT).setLatencyMicros(900_000).build();
            batch.addRecords(padding);
            size += CodedOutputStream.computeMessageSize(IntervalReportBatch.RECORDS_FIELD_NUMBER, padding);
            record++;
        }
        return envelope.setIntervals(batch).build();
    }
}
