package io.pmr.agent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single-producer single-consumer ring: bounded, FIFO, and across two threads nothing lost, doubled or reordered. */
class SpscRingTest {

    @Test
    void holdsItsCapacityInOrderAndRefusesMore() {
        SpscRing<Integer> ring = new SpscRing<>(5);
        assertEquals(8, ring.capacity());
        assertTrue(ring.isEmpty());
        assertNull(ring.poll());
        for (int round = 0; round < 3; round++) { // wraps round the cells
            for (int i = 0; i < 8; i++) {
                assertTrue(ring.offer(round * 100 + i));
            }
            assertFalse(ring.offer(-1), "full");
            for (int i = 0; i < 8; i++) {
                assertEquals(round * 100 + i, ring.poll());
            }
            assertTrue(ring.isEmpty());
        }
        assertThrows(NullPointerException.class, () -> ring.offer(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpscRing<>(0));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }

    @Test
    void acrossTwoThreadsEveryElementArrivesOnceInOrder() throws InterruptedException {
        SpscRing<Long> ring = new SpscRing<>(16);
        int count = 200_000;
        long[] received = new long[1];
        long[] outOfOrder = {0};
        CountDownLatch go = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            long expected = 0;
            while (expected < count) {
                Long value = ring.poll();
                if (value == null) {
                    Thread.onSpinWait();
                    continue;
                }
                if (value != expected) {
                    outOfOrder[0]++;
                }
                expected++;
            }
            received[0] = expected;
        }, "consumer");
        consumer.start();
        Thread producer = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            for (long i = 0; i < count; i++) {
                Long boxed = i; // boxed before the loop's spin, once
                while (!ring.offer(boxed)) {
                    Thread.onSpinWait();
                }
            }
        }, "producer");
        producer.start();
        go.countDown();
        producer.join();
        consumer.join();
        assertEquals(count, received[0]);
        assertEquals(0, outOfOrder[0], "elements out of order");
        assertTrue(ring.isEmpty());
    }
}
