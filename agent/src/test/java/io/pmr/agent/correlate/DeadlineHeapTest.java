package io.pmr.agent.correlate;

import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineHeapTest {
    @Test
    void pollsInDeadlineOrderThroughGrowthAndInterleavedPolls() {
        SplittableRandom random = new SplittableRandom(16);
        DeadlineHeap heap = new DeadlineHeap(16);
        PriorityQueue<long[]> reference = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int round = 0; round < 20_000; round++) {
            if (random.nextInt(3) > 0 || reference.isEmpty()) {
                long deadline = random.nextLong(1_000_000);
                heap.add(deadline, round);
                reference.add(new long[] {deadline, round});
            } else {
                long[] expected = reference.poll();
                assertEquals(expected[0], heap.peekDeadline(), "round " + round);
                heap.poll();
            }
            assertEquals(reference.size(), heap.size());
        }
        long previous = Long.MIN_VALUE;
        while (!heap.isEmpty()) {
            assertTrue(heap.peekDeadline() >= previous);
            previous = heap.peekDeadline();
            heap.poll();
        }
    }

    @Test
    void keepsEachEntryWithItsDeadline() {
        DeadlineHeap heap = new DeadlineHeap(16);
        heap.add(30, 3_000_000_007L); // entries are message ids
        heap.add(10, 1_000_000_005L);
        heap.add(20, 2_000_000_006L);
        assertEquals(1_000_000_005L, heap.peekEntry());
        heap.poll();
        assertEquals(20, heap.peekDeadline());
        assertEquals(2_000_000_006L, heap.peekEntry());
    }
}
