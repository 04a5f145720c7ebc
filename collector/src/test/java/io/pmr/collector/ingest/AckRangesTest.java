package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.store.EnvelopeKey;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AckRangesTest {

    @Test
    void mergesConsecutiveSequencesPerEpoch() {
        Map<String, Ack> acks = AckRanges.build(List.of(new EnvelopeKey("a", 1, 5), new EnvelopeKey("a", 1, 3),
                new EnvelopeKey("b", 0, 9), new EnvelopeKey("a", 1, 4), new EnvelopeKey("a", 2, 6),
                new EnvelopeKey("a", 1, 4), new EnvelopeKey("a", 1, 8)));

        assertEquals(List.of("a", "b"), List.copyOf(acks.keySet()));
        assertEquals(List.of(range(1, 3, 5), range(1, 8, 8), range(2, 6, 6)), acks.get("a").getRangesList());
        assertEquals("a", acks.get("a").getAgentId());
        assertEquals(List.of(range(0, 9, 9)), acks.get("b").getRangesList());
    }

    @Test
    void unsignedSequencesDoNotWrap() {
        Ack ack = AckRanges.build(List.of(new EnvelopeKey("a", 1, -1L), new EnvelopeKey("a", 1, 0),
                new EnvelopeKey("a", 1, -2L))).get("a");

        assertEquals(List.of(range(1, 0, 0), range(1, -2L, -1L)), ack.getRangesList());
    }

    @Property(tries = 200, seed = "42")
    void rangesCoverExactlyTheKeys(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> sequences,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 2) Integer> epochs) {
        List<EnvelopeKey> keys = new ArrayList<>();
        for (int i = 0; i < Math.min(sequences.size(), epochs.size()); i++) {
            keys.add(new EnvelopeKey("agent", epochs.get(i), sequences.get(i)));
        }
        Set<EnvelopeKey> covered = new HashSet<>();
        AckedRange previous = null;
        for (Ack ack : AckRanges.build(keys).values()) {
            for (AckedRange range : ack.getRangesList()) {
                assertTrue(range.getFirstSequence() <= range.getLastSequence());
                if (previous != null && previous.getBootEpoch() == range.getBootEpoch()) {
                    assertTrue(previous.getLastSequence() + 1 < range.getFirstSequence(), "sorted, merged");
                }
                for (long s = range.getFirstSequence(); s <= range.getLastSequence(); s++) {
                    covered.add(new EnvelopeKey("agent", range.getBootEpoch(), s));
                }
                previous = range;
            }
        }
        assertEquals(new HashSet<>(keys), covered);
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }
}
