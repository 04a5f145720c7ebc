package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's one thread of control: order, ownership, failures, Acks and an allocation-free record path. */
class AgentLoopTest {
    /** More than every slot holds at once, so slots are reused and the producer waits for free ones. */
    private static final int OBSERVATIONS = AgentLoop.SLOTS * AgentLoop.SLOT_CAPACITY * 3 + 17;

    private AgentLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.halt();
        }
    }

    /** Records what reached it into pre-allocated arrays (so the thread of control allocates nothing either). */
    private static class Recorder implements HanListener {
        final long[] ids = new long[OBSERVATIONS];
        final long[] fields = new long[OBSERVATIONS];
        int size;
        volatile Thread seenOn;
        boolean seenOnOtherThreads;
        RuntimeException throwAt;
        long throwAtId = -1;

        private void seen(long id, long field) {
            Thread current = Thread.currentThread();
            if (seenOn == null) {
                seenOn = current;
            } else if (seenOn != current) {
                seenOnOtherThreads = true;
            }
            if (id == throwAtId) {
                throw throwAt;
            }
            ids[size] = id;
            fields[size++] = field;
        }

        @Override
        public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            seen(messageId, kind.ordinal() * 10L + variant.ordinal() + startEpochNanos * 100);
        }

        @Override
        public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                long startEpochNanos) {
            seen(messageId, deviceId * 31 + groupId * 7 + kind.ordinal() + startEpochNanos * 100);
        }

        @Override
        public void onEnd(long messageId, long endEpochNanos, boolean success) {
            seen(messageId, endEpochNanos * 100 + (success ? 1 : 2));
        }
    }

    /** Feeds {@code count} seeded observations of every shape; returns what the recorder must have seen, in order. */
    private static long[][] feed(HanListener into, int count, long seed) {
        Random random = new Random(seed);
        EventKind[] kinds = EventKind.values();
        HubVariant[] variants = HubVariant.values();
        long[] ids = new long[count];
        long[] fields = new long[count];
        for (int i = 0; i < count; i++) {
            long id = i + 1;
            long nanos = 1_000_000L * i + random.nextInt(1_000);
            ids[i] = id;
            switch (random.nextInt(3)) {
                case 0 -> {
                    EventKind kind = kinds[random.nextInt(kinds.length)];
                    HubVariant variant = variants[random.nextInt(variants.length)];
                    into.onStart(id, kind, variant, nanos);
                    fields[i] = kind.ordinal() * 10L + variant.ordinal() + nanos * 100;
                }
                case 1 -> {
                    EventKind kind = kinds[random.nextInt(kinds.length)];
                    long device = random.nextLong() >>> 8;
                    long group = random.nextInt(1_000);
                    into.onDeviceStart(id, kind, variants[0], device, group, nanos);
                    fields[i] = device * 31 + group * 7 + kind.ordinal() + nanos * 100;
                }
                default -> {
                    boolean success = random.nextBoolean();
                    into.onEnd(id, nanos, success);
                    fields[i] = nanos * 100 + (success ? 1 : 2);
                }
            }
        }
        return new long[][] {ids, fields};
    }

    @Test
    void everyObservationReachesTheListenerInOrderOnTheThreadOfControlBeforeTheNextCommand() {
        Recorder recorder = new Recorder();
        loop = new AgentLoop("gw-1", recorder, (topic, payload) -> { });
        long[][] expected = feed(loop, OBSERVATIONS, 11);
        AtomicReference<Thread> commandThread = new AtomicReference<>();
        int[] seenByCommand = new int[1];
        loop.call(() -> {
            commandThread.set(Thread.currentThread());
            seenByCommand[0] = recorder.size;
        });
        assertEquals(OBSERVATIONS, seenByCommand[0], "a command runs after every observation handed before it");
        assertArrayEquals(expected[0], recorder.ids);
        assertArrayEquals(expected[1], recorder.fields, "every field of every observation arrives intact");
        assertEquals("pmr-agent-loop-gw-1", recorder.seenOn.getName());
        assertSame(recorder.seenOn, commandThread.get(), "commands and observations share the thread of control");
        assertTrue(!recorder.seenOnOtherThreads && recorder.seenOn != Thread.currentThread());
    }

    @Test
    void commandsStartedOnSeveralLoopsRunSideBySideEachAfterItsOwnObservationsAndAwaitRethrowsTheirFailures()
            throws InterruptedException {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        loop = new AgentLoop("gw-1", first, (topic, payload) -> { });
        AgentLoop other = new AgentLoop("gw-2", second, (topic, payload) -> { });
        try {
            long[][] expectedFirst = feed(loop, OBSERVATIONS, 21);
            long[][] expectedSecond = feed(other, OBSERVATIONS / 2, 22);
            // Each command waits until the other's has started: they can only both end if they run at the same time.
            java.util.concurrent.CountDownLatch bothRunning = new java.util.concurrent.CountDownLatch(2);
            int[] seen = new int[2];
            AgentLoop.Command a = loop.start(() -> {
                seen[0] = first.size;
                bothRunning.countDown();
                awaitQuietly(bothRunning);
            });
            AgentLoop.Command b = other.start(() -> {
                seen[1] = second.size;
                bothRunning.countDown();
                awaitQuietly(bothRunning);
                throw new IllegalStateException("tick failed");
            });
            assertThrows(IllegalStateException.class, () -> loop.start(() -> { }),
                    "a second command before the first is awaited is refused");
            loop.await(a);
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> other.await(b));
            assertEquals("tick failed", failure.getMessage());
            assertEquals(OBSERVATIONS, seen[0], "each command runs after every observation handed to its loop");
            assertEquals(OBSERVATIONS / 2, seen[1]);
            assertArrayEquals(expectedFirst[0], first.ids);
            assertArrayEquals(expectedSecond[1], java.util.Arrays.copyOf(second.fields, OBSERVATIONS / 2));
            loop.call(() -> { }); // awaited: the loop takes commands again
            other.call(() -> { });
        } finally {
            other.halt();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other loop's command never ran beside this one");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCommandsFailureReachesItsCallerAndAnObservationsFailureTheNextCallerAndTheLoopGoesOn() {
        Recorder recorder = new Recorder();
        recorder.throwAt = new IllegalStateException("bad observation");
        recorder.throwAtId = 5;
        loop = new AgentLoop("gw-2", recorder, (topic, payload) -> { });
        IllegalArgumentException thrown = new IllegalArgumentException("bad command");
        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> loop.call(() -> {
            throw thrown;
        })));
        feed(loop, 10, 12);
        assertSame(recorder.throwAt, assertThrows(IllegalStateException.class, () -> loop.call(() -> { })),
                "the observation's failure is not swallowed");
        int[] seen = new int[1];
        loop.call(() -> seen[0] = recorder.size);
        assertEquals(4, seen[0], "the slot's observations after the failure are dropped with it; the loop lives on");
        feed(new HanListener() {
            @Override
            public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
                loop.onStart(messageId + 100, kind, variant, startEpochNanos);
            }

            @Override
            public void onEnd(long messageId, long endEpochNanos, boolean success) {
                loop.onEnd(messageId + 100, endEpochNanos, success);
            }
        }, 3, 13);
        loop.call(() -> seen[0] = recorder.size);
        assertEquals(7, seen[0]);
    }

    @Test
    void acksFromAnotherThreadAreAppliedOnTheThreadOfControlInQueueOrderAndABadOneStopsNothing() throws InterruptedException {
        Recorder recorder = new Recorder();
        List<String> applied = new ArrayList<>();
        List<Thread> appliedOn = new ArrayList<>();
        loop = new AgentLoop("gw-3", recorder, (topic, payload) -> {
            if (payload.length == 4) {
                throw new IllegalStateException("a bad ack");
            }
            applied.add(topic + ":" + payload.length);
            appliedOn.add(Thread.currentThread());
        });
        Thread paho = new Thread(() -> {
            loop.ackArrived("pmr/v1/a/ack", new byte[3]);
            loop.ackArrived("pmr/v1/a/ack", new byte[4]); // fails: logged, and the loop goes on
            loop.ackArrived("pmr/v1/a/ack", new byte[5]);
        });
        paho.start();
        paho.join();
        List<String> seenByCommand = new ArrayList<>();
        loop.call(() -> seenByCommand.addAll(applied));
        assertEquals(List.of("pmr/v1/a/ack:3", "pmr/v1/a/ack:5"), seenByCommand);
        assertEquals("pmr-agent-loop-gw-3", appliedOn.get(0).getName());
        assertSame(appliedOn.get(0), appliedOn.get(1));
        assertEquals(0, loop.acksDropped());
    }

    @Test
    void whileTheThreadOfControlIsBusyAcksBeyondTheQueuesRoomAreDroppedAndCountedNeverWaitedFor()
            throws InterruptedException {
        Recorder recorder = new Recorder();
        List<Integer> applied = new ArrayList<>();
        loop = new AgentLoop("gw-7", recorder, (topic, payload) -> applied.add(payload.length));
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread driver = new Thread(() -> loop.call(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        driver.start();
        busy.await();
        int offered = AgentLoop.SLOTS * 4;
        for (int i = 0; i < offered; i++) {
            loop.ackArrived("t", new byte[i]); // returns at once even though nothing is consumed
        }
        long dropped = loop.acksDropped();
        assertTrue(dropped > 0 && dropped < offered, "dropped " + dropped + " of " + offered);
        release.countDown();
        driver.join();
        List<Integer> seen = new ArrayList<>();
        loop.call(() -> seen.addAll(applied));
        assertEquals(offered - dropped, seen.size(), "every Ack not dropped is applied, in order");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i), "the first ones fit, in arrival order");
        }
    }

    @Test
    void afterAHaltNothingMoreRunsAndCommandsAreRefused() {
        Recorder recorder = new Recorder();
        loop = new AgentLoop("gw-4", recorder, (topic, payload) -> { });
        loop.halt();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> loop.call(() -> { }));
        assertTrue(refused.getMessage().contains("pmr-agent-loop-gw-4"), refused.getMessage());
        loop.ackArrived("t", new byte[1]); // returns: a stopped agent deletes nothing
        loop = null;
    }

    @Test
    void callAndStopRunsItsActionThenEndsTheThread() {
        Recorder recorder = new Recorder();
        loop = new AgentLoop("gw-5", recorder, (topic, payload) -> { });
        feed(loop, 100, 14);
        int[] seen = new int[1];
        loop.callAndStop(() -> seen[0] = recorder.size);
        assertEquals(100, seen[0]);
        assertThrows(IllegalStateException.class, () -> loop.call(() -> { }));
        loop = null;
    }

    @Test
    void theRecordPathAllocatesNothingPerObservation() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Recorder recorder = new Recorder();
        loop = new AgentLoop("gw-6", recorder, (topic, payload) -> { });
        int warmUp = AgentLoop.SLOTS * AgentLoop.SLOT_CAPACITY;
        for (int i = 0; i < warmUp; i++) {
            loop.onEnd(i, i, true); // every slot once, and the code paths compiled
        }
        int observations = OBSERVATIONS - 1;
        long[] consumerBytes = new long[1];
        long producerBytes = -1;
        // Every round feeds the same observations, so an allocation per observation (or per slot, or per wait) shows in
        // every round; a round in which neither thread allocates ends the loop. More rounds than one only absorb the
        // JIT's own lag when the CPU is shared with another test JVM (as RuleDayTest does).
        for (int round = 0; round < 10 && (producerBytes != 0 || consumerBytes[0] != 0); round++) {
            loop.call(() -> {
                recorder.size = 0;
                consumerBytes[0] = threads.getCurrentThreadAllocatedBytes();
            });
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < observations; i++) {
                if (i % 3 == 0) {
                    loop.onStart(i, EventKind.POWER_LOSS_ALERT, HubVariant.SKU1, i);
                } else if (i % 3 == 1) {
                    loop.onDeviceStart(i, EventKind.POWER_LOSS_ALERT, HubVariant.SKU2, i, i, i);
                } else {
                    loop.onEnd(i, i, false);
                }
            }
            producerBytes = threads.getCurrentThreadAllocatedBytes() - before;
            loop.call(() -> consumerBytes[0] = threads.getCurrentThreadAllocatedBytes() - consumerBytes[0]);
            assertEquals(observations, recorder.size);
        }
        // Nothing at all, waits included: the slots travel through lock-free rings and a waiting side parks without a
        // queue node (one object per observation would be 16 bytes or more each).
        assertEquals(0, producerBytes, "port's thread allocated " + producerBytes + " bytes for " + observations
                + " observations");
        assertEquals(0, consumerBytes[0], "thread of control allocated " + consumerBytes[0] + " bytes for "
                + observations + " observations");
    }

    /**
     * Back-pressure through the lock-free rings: with the thread of control held inside a replay, the port's thread
     * fills every slot and then waits (parked, not dropping); released, every observation arrives once, in order.
     */
    @Test
    void whenEverySlotIsFullThePortsThreadWaitsAndLosesNothing() throws InterruptedException {
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Recorder recorder = new Recorder() {
            @Override
            public void onEnd(long messageId, long endEpochNanos, boolean success) {
                if (messageId == 3) {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.onEnd(messageId, endEpochNanos, success);
            }
        };
        loop = new AgentLoop("gw-8", recorder, (topic, payload) -> { });
        int count = AgentLoop.SLOTS * AgentLoop.SLOT_CAPACITY * 2 + 5;
        long[][] expected = new long[1][];
        Thread port = new Thread(() -> {
            for (int i = 1; i <= 3; i++) {
                loop.onEnd(i, i, true);
            }
            loop.call(() -> { }); // hands the first three over; the replay holds at id 3, inside the call's slot
        }, "port-a");
        port.start();
        holding.await();
        Thread flood = new Thread(() -> expected[0] = feed(loop, count, 99)[0], "port-b");
        flood.start();
        // Every slot filled and nothing replayed: the port's thread parks for a free one.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> flood.getState() == Thread.State.WAITING);
        release.countDown();
        port.join();
        flood.join();
        int[] seen = new int[1];
        loop.call(() -> seen[0] = recorder.size);
        assertEquals(3 + count, seen[0]);
        for (int i = 0; i < count; i++) {
            assertEquals(expected[0][i], recorder.ids[3 + i], "observation " + i + " in order");
        }
    }
}
