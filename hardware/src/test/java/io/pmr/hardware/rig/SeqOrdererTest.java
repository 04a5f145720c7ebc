package io.pmr.hardware.rig;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeqOrdererTest {

    /** Duplicates and adjacent swaps, as the rig's faults make them: each seq delivered once, in order. */
    @Property(tries = 200)
    void duplicatedAndReorderedSeqsAreDeliveredOnceInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> wire = new ArrayList<>();
        for (long seq = 1; seq <= count; seq++) {
            wire.add(seq);
            if (random.nextDouble() < 0.3) {
                wire.add(seq);
            }
        }
        for (int i = 0; i + 1 < wire.size(); i++) {
            if (random.nextDouble() < 0.3) {
                Long a = wire.get(i);
                wire.set(i, wire.get(i + 1));
                wire.set(i + 1, a);
                i++;
            }
        }
        SeqOrderer<Long> orderer = new SeqOrderer<>(1, 16);
        List<Long> delivered = new ArrayList<>();
        for (long seq : wire) {
            orderer.offer(seq, seq, delivered::add);
        }
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), delivered);
        assertEquals(count + 1L, orderer.nextSeq());
        assertEquals(0, orderer.heldCount());
    }

    @Test
    void framesBeyondTheBoundAreRefusedAndTheGapStays() {
        SeqOrderer<Long> orderer = new SeqOrderer<>(1, 2);
        List<Long> delivered = new ArrayList<>();
        assertEquals(SeqOrderer.Outcome.HELD, orderer.offer(3, 3L, delivered::add));
        assertEquals(SeqOrderer.Outcome.HELD, orderer.offer(4, 4L, delivered::add));
        assertEquals(SeqOrderer.Outcome.OVERFLOW, orderer.offer(5, 5L, delivered::add));
        assertEquals(SeqOrderer.Outcome.DUPLICATE, orderer.offer(4, 4L, delivered::add));
        assertEquals(List.of(), delivered, "nothing before seq 1 arrives");
        assertEquals(SeqOrderer.Outcome.DELIVERED, orderer.offer(1, 1L, delivered::add));
        assertEquals(List.of(1L), delivered, "seq 2 is still missing");
        assertEquals(SeqOrderer.Outcome.DELIVERED, orderer.offer(2, 2L, delivered::add));
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
        assertEquals(5, orderer.nextSeq());
    }
}
