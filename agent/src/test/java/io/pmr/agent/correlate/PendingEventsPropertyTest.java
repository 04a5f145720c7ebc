package io.pmr.agent.correlate;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring with its overflow behaves as a map from message id to the event's fields, whatever the ids: counter ids
 * (the ports'), ids that differ only above bit 32, ids that collide in the ring, random ids; through evictions to the
 * overflow and the ring's growth.
 */
class PendingEventsPropertyTest {

    private record Stored(long start, long deadline, int cellId, long device, long group) {
    }

    enum Ids { COUNTER, HIGH_BITS, RING_COLLISIONS, RANDOM, SMALL_SPACE }

    /** A plain start's insert, as the correlator makes it: one probe, then the insert where it says. */
    private static void insert(PendingEvents pending, long id, long start, long deadline, int cellId, long deviceId,
                               long groupId) {
        int at = pending.placeFor(id);
        if (at == PendingEvents.PENDING_ALREADY) { // no message built per insert: a test below counts bytes
            throw new AssertionError("id " + id + " is pending already");
        }
        pending.insertAt(at, id, start, deadline, cellId, deviceId, groupId, false);
    }

    @Property(tries = 200, seed = "15485863")
    void behavesLikeAMap(@ForAll long seed, @ForAll Ids shape, @ForAll @IntRange(min = 1, max = 6_000) int operations,
                         @ForAll @IntRange(min = 1, max = 300) int initialRing) {
        SplittableRandom random = new SplittableRandom(seed);
        PendingEvents pending = new PendingEvents(initialRing);
        Map<Long, Stored> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        long counter = random.nextLong(1L << 40);
        // Phases that fill and drain: events stay pending for more or fewer starts than the ring holds.
        int phaseLength = 1 + random.nextInt(2_000);
        for (int i = 0; i < operations; i++) {
            boolean filling = (i / phaseLength) % 2 == 0;
            if (random.nextInt(filling ? 5 : 2) > 0 || keys.isEmpty()) {
                long id = switch (shape) {
                    case COUNTER -> counter++;
                    case HIGH_BITS -> ((long) random.nextInt(4) << 32) | (counter++ & 0xffff_ffffL);
                    case RING_COLLISIONS -> (counter++) * 4_096;
                    case RANDOM -> random.nextLong();
                    case SMALL_SPACE -> random.nextLong(300);
                };
                int found = pending.find(id);
                assertEquals(model.containsKey(id), pending.placeFor(id) == PendingEvents.PENDING_ALREADY,
                        "a start's probe of id " + id);
                if (model.containsKey(id)) {
                    assertTrue(found != PendingEvents.NOT_PENDING, "pending id " + id + " is found");
                    assertEquals(model.get(id).start(), pending.startEpochNanos(found));
                    continue;
                }
                assertEquals(PendingEvents.NOT_PENDING, found, "id " + id + " is not pending");
                boolean perDevice = random.nextInt(4) == 0;
                Stored stored = new Stored(random.nextLong(), random.nextLong(), random.nextInt(PendingTable.MAX_CELL_ID + 1),
                        perDevice ? random.nextLong() : 0, perDevice ? random.nextLong() : 0);
                if (random.nextBoolean()) {
                    pending.insertWholeDeadline(id, stored.start(), stored.deadline(), stored.cellId(), stored.device(),
                            stored.group());
                } else { // a start's one probe, then the insert at the position it gave
                    pending.insertAt(pending.placeFor(id), id, stored.start(), stored.deadline(), stored.cellId(),
                            stored.device(), stored.group(), false);
                }
                model.put(id, stored);
                keys.add(id);
            } else {
                // Mostly the oldest pending (as a deadline passes), otherwise any.
                int at = random.nextBoolean() ? 0 : random.nextInt(keys.size());
                long id = keys.remove(at);
                Stored stored = model.remove(id);
                int found = pending.find(id);
                assertTrue(found != PendingEvents.NOT_PENDING, "pending id " + id + " is found");
                assertEquals(id, pending.messageId(found));
                assertEquals(stored.start(), pending.startEpochNanos(found));
                assertEquals(stored.deadline(), pending.deadlineEpochNanos(found));
                assertEquals(stored.cellId(), pending.cellId(found));
                assertEquals(stored.device(), pending.deviceId(found));
                assertEquals(stored.group(), pending.groupId(found));
                pending.remove(found);
                assertEquals(PendingEvents.NOT_PENDING, pending.find(id), "a removed id is not pending");
            }
            assertEquals(model.size(), pending.size());
        }
        for (Map.Entry<Long, Stored> entry : model.entrySet()) {
            int found = pending.find(entry.getKey());
            assertTrue(found != PendingEvents.NOT_PENDING);
            assertEquals(entry.getValue().deadline(), pending.deadlineEpochNanos(found));
            assertEquals(entry.getValue().group(), pending.groupId(found));
        }
    }

    @Example
    void counterIdsStayInTheRingAndTheRingFollowsHowLongEventsStayPending() {
        PendingEvents pending = new PendingEvents(64);
        // 1,000 pending at once, each ending 1,000 starts after its start: the ring grows until they fit.
        for (long id = 0; id < 200_000; id++) {
            if (id >= 1_000) {
                pending.remove(pending.find(id - 1_000));
            }
            insert(pending, id, id, id + 1, 0, 0, 0);
        }
        assertEquals(1_000, pending.size());
        assertEquals(1_024, pending.ringPositions(), "the smallest ring that holds 1,000 starts' worth");
        assertEquals(0, pending.overflowSize(), "nothing left in the overflow once the ring holds them");
    }

    @Example
    void theRingDoesNotGrowForTheFewEventsThatStayPendingLong() {
        PendingEvents pending = new PendingEvents(1_024);
        // 100 pending at once, each ending 100 starts later, but one start in 50 stays pending for 5,000 starts.
        for (long id = 0; id < 200_000; id++) {
            long ending = id - (id % 50 == 0 ? 5_000 : 100);
            if (ending >= 0 && (ending % 50 == 0) == (id % 50 == 0)) {
                pending.remove(pending.find(ending));
            }
            insert(pending, id, id, id + 1, 0, 0, 0);
        }
        assertEquals(1_024, pending.ringPositions(), "2% of ends from the overflow is not worth a bigger ring");
        assertTrue(pending.overflowSize() > 0);
    }

    @Example
    void aSteadyFlowThroughTheOverflowAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        PendingEvents pending = new PendingEvents(1_024);
        long allocated = Long.MAX_VALUE;
        long id = 0;
        // The first rounds grow the storage and compile the code; the least of the later rounds is taken, so a stray
        // allocation of the JVM's on this thread (seen once: 80 bytes) does not count, while churn (a new index
        // each minute: 934,400 bytes a round) is in every round.
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int minute = 0; minute < 200; minute++) {
                // A minute: 60 events that outlive the ring (they go to the overflow; too few to make the ring grow)
                // and 2,000 quick ones, then the 60 time out together: the overflow fills and empties every minute.
                long first = id;
                for (int i = 0; i < 2_060; i++, id++) {
                    insert(pending, id, id, id, 0, 0, 0);
                    if (id - 10 >= first + 60) {
                        pending.remove(pending.find(id - 10));
                    }
                }
                for (long late = first; late < first + 60; late++) {
                    pending.remove(pending.find(late));
                }
                for (long left = id - 10; left < id; left++) {
                    pending.remove(pending.find(left));
                }
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            allocated = round >= 2 ? Math.min(allocated, bytes) : allocated;
        }
        assertEquals(0, pending.size());
        assertEquals(1_024, pending.ringPositions(), "the ring did not grow: the overflow took the long ones");
        assertEquals(0, allocated, "bytes allocated over 200 minutes of 2,060 events");
    }

    @Example
    void anEventOlderThanTheRingMovesToTheOverflowAndIsStillFound() {
        PendingEvents pending = new PendingEvents(64);
        insert(pending, 5, 50, 500, 3, 7, 8);
        for (long id = 6; id <= 69; id++) {
            insert(pending, id, id, id, 0, 0, 0); // id 69 takes id 5's position
        }
        assertEquals(1, pending.overflowSize());
        int found = pending.find(5);
        assertTrue(found < PendingEvents.NOT_PENDING, "in the overflow: handle " + found);
        assertEquals(50, pending.startEpochNanos(found));
        assertEquals(500, pending.deadlineEpochNanos(found));
        assertEquals(3, pending.cellId(found));
        assertEquals(7, pending.deviceId(found));
        assertEquals(8, pending.groupId(found));
        pending.remove(found);
        assertEquals(PendingEvents.NOT_PENDING, pending.find(5));
        assertEquals(64, pending.size());
    }

    /**
     * Ids in the overflow that share their low bits (what lets a lookup skip the probe when no id there has them): each
     * is found until removed, whichever is removed first, and one never added is not.
     */
    @Example
    void overflowIdsSharingTheirLowBitsAreEachFoundUntilRemoved() {
        PendingEvents pending = new PendingEvents(64);
        insert(pending, 1, 1, 10, 0, 0, 0); // the ring takes ids with high bits 0
        long base = (5L << 32) + 77; // other high bits: the overflow's
        long step = 1L << 14;
        for (int k = 0; k < 4; k++) {
            insert(pending, base + k * step, k, 100 + k, k, 0, 0);
        }
        assertEquals(4, pending.overflowSize());
        assertEquals(PendingEvents.NOT_PENDING, pending.find(base + 4 * step), "never added, same low bits");
        pending.remove(pending.find(base + 2 * step));
        pending.remove(pending.find(base));
        assertEquals(PendingEvents.NOT_PENDING, pending.find(base));
        assertEquals(PendingEvents.NOT_PENDING, pending.find(base + 2 * step));
        assertEquals(101, pending.deadlineEpochNanos(pending.find(base + step)));
        assertEquals(103, pending.deadlineEpochNanos(pending.find(base + 3 * step)));
        assertEquals(PendingEvents.PENDING_ALREADY, pending.placeFor(base + 3 * step), "a start of it is a duplicate");
        pending.remove(pending.find(base + 3 * step));
        pending.remove(pending.find(base + step));
        assertEquals(0, pending.overflowSize());
        insert(pending, base + step, 7, 107, 0, 0, 0); // the emptied overflow takes it again
        assertEquals(107, pending.deadlineEpochNanos(pending.find(base + step)));
    }

    @Example
    void aCellIdOutOfRangeIsRefusedAndNothingChanges() {
        PendingEvents pending = new PendingEvents(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> insert(pending, 8, 0, 0, PendingTable.MAX_CELL_ID + 1, 0, 0));
        assertTrue(e.getMessage().contains("cell id " + (PendingTable.MAX_CELL_ID + 1) + " of message 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> insert(pending, 9, 0, 0, -1, 0, 0));
        assertEquals(0, pending.size());
        assertEquals(PendingEvents.NOT_PENDING, pending.find(8));
    }

    /**
     * A counter passing a value of the high 32 bits with events pending on both sides: every one is found with its
     * fields, and once a ring's worth of ids has passed the ring holds the new ones (not the overflow).
     */
    @Example
    void aCounterPassingTheHigh32BitsKeepsEveryEventAndMovesTheRingOn() {
        PendingEvents pending = new PendingEvents(1_024);
        long first = (1L << 32) - 3_000;
        for (long id = first; id < first + 6_000; id++) {
            if (id - 500 >= first && (id - 500) % 7 != 0) {
                pending.remove(pending.find(id - 500)); // one in 7 stays pending
            }
            insert(pending, id, id * 10, id * 10 + 25, (int) (id & 31), 0, 0);
        }
        for (long id = first; id < first + 6_000; id++) {
            boolean expected = id >= first + 5_500 || (id - first) % 7 == (7 - first % 7) % 7;
            int found = pending.find(id);
            assertEquals(expected, found != PendingEvents.NOT_PENDING, "id " + id);
            if (expected) {
                assertEquals(id, pending.messageId(found));
                assertEquals(id * 10, pending.startEpochNanos(found));
                assertEquals(id * 10 + 25, pending.deadlineEpochNanos(found));
                assertEquals((int) (id & 31), pending.cellId(found));
            }
        }
        int newest = pending.find(first + 5_999);
        assertTrue(newest >= 0, "the newest ids are in the ring after the crossing: handle " + newest);
    }

    /**
     * Deadlines of more TRTs than the ring has classes for, saturated ones, differences that overflow, a cell id past
     * what the ring packs, a hub and group: all kept exactly (in the side arrays where the ring cannot pack them).
     */
    @Example
    void deadlinesAndCellsTheRingCannotPackAreKeptWhole() {
        PendingEvents pending = new PendingEvents(4_096);
        long[][] events = new long[120][];
        for (int i = 0; i < events.length; i++) {
            long start = 1_000L * i;
            long deadline = switch (i % 4) {
                case 0 -> start + 1_000_000L * i; // 30 different TRTs (16 of them classed): past the 15 classes
                case 1 -> Long.MAX_VALUE;          // saturated
                case 2 -> Long.MIN_VALUE + i;      // a difference that overflows
                default -> start + 25;
            };
            int cell = i % 5 == 0 ? PendingTable.MAX_CELL_ID - i : i;
            long device = i % 6 == 0 ? i + 100 : 0;
            events[i] = new long[] {start, deadline, cell, device};
            pending.insertAt(pending.placeFor(i), i, start, deadline, cell, device, device == 0 ? 0 : -i, false);
        }
        assertEquals(TrtClasses.CLASSES, pending.trtClassesInUse(), "the classes were used up");
        for (int i = 0; i < events.length; i++) {
            int found = pending.find(i);
            assertTrue(found >= 0, "in the ring: " + i);
            assertEquals(events[i][0], pending.startEpochNanos(found), "start of " + i);
            assertEquals(events[i][1], pending.deadlineEpochNanos(found), "deadline of " + i);
            assertEquals(events[i][2], pending.cellId(found), "cell of " + i);
            assertEquals(events[i][3], pending.deviceId(found), "hub of " + i);
            assertEquals(events[i][3] == 0 ? 0 : -i, pending.groupId(found), "group of " + i);
        }
    }

    /**
     * A rule's deadline is one per event (a wall-clock time): kept whole, it takes none of the ring's TRT classes, which
     * stay for the plain TRTs that come after (with the classes used up, every later plain start would take the side
     * arrays' slower path for good).
     */
    @Example
    void aRulesDeadlinesTakeNoTrtClass() {
        PendingEvents pending = new PendingEvents(1_024);
        for (long id = 1; id <= 40; id++) {
            pending.insertWholeDeadline(id, id * 1_000, id * 1_000 + 7_000_000 * id, 3, 0, 0); // 40 different differences
        }
        assertEquals(0, pending.trtClassesInUse());
        pending.insertAt(pending.placeFor(41), 41, 41_000, 41_000 + 25_000_000_000L, 3, 0, 0, false);
        assertEquals(1, pending.trtClassesInUse());
        for (long id = 1; id <= 41; id++) {
            int found = pending.find(id);
            assertEquals(id == 41 ? 41_000 + 25_000_000_000L : id * 1_000 + 7_000_000 * id,
                    pending.deadlineEpochNanos(found), "deadline of " + id);
        }
    }
}
