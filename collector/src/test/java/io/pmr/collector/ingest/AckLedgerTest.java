package io.pmr.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AckLedgerTest {
    private final AckLedger ledger = new AckLedger(AckLedger.MAX_RANGES_PER_ACK);

    private static EnvelopeKey key(String agent, long epoch, long sequence) {
        return new EnvelopeKey(agent, epoch, sequence);
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }

    private void addAll(String agent, long epoch, long... sequences) {
        for (long sequence : sequences) {
            ledger.add(key(agent, epoch, sequence));
        }
    }

    @Test
    void mergesAdjacentOutOfOrderAndRepeatedSequencesPerEpoch() {
        ledger.load("a", List.of());
        addAll("a", 1, 5, 3, 4, 4, 8, 10);
        addAll("a", 2, 6);
        addAll("a", 0, 9);
        addAll("a", 1, 5, 3);

        assertEquals(List.of(range(0, 9, 9), range(1, 3, 5), range(1, 8, 8), range(1, 10, 10), range(2, 6, 6)),
                ledger.ack("a").getRangesList());
        assertEquals("a", ledger.ack("a").getAgentId());
        assertEquals(5, ledger.rangeCount("a"));

        addAll("a", 1, 9); // bridges 8 and 10
        addAll("a", 1, 2); // extends 3..5 downwards
        addAll("a", 1, 6); // extends 3..5 upwards

        assertEquals(List.of(range(0, 9, 9), range(1, 2, 6), range(1, 8, 10), range(2, 6, 6)),
                ledger.ack("a").getRangesList());
        assertEquals(4, ledger.rangeCount("a"));
    }

    @Test
    void aWithheldKeyIsCutOutOfItsRangeAndNeverListedAgain() {
        ledger.load("a", List.of(key("a", 1, 1), key("a", 1, 2), key("a", 1, 3), key("a", 2, 9)),
                List.of(key("a", 2, 9)));
        assertEquals(List.of(range(1, 1, 3)), ledger.ack("a").getRangesList(), "withheld at load");

        ledger.withhold(key("a", 1, 2));
        assertEquals(List.of(range(1, 1, 1), range(1, 3, 3)), ledger.ack("a").getRangesList());
        assertEquals(2, ledger.rangeCount("a"));
        addAll("a", 1, 2, 4);
        assertEquals(List.of(range(1, 1, 1), range(1, 3, 4)), ledger.ack("a").getRangesList(),
                "an identical re-send of a withheld key does not bring it back");
        ledger.withhold(key("a", 1, 1));
        ledger.withhold(key("a", 1, 4));
        ledger.withhold(key("a", 1, 3));
        assertNull(ledger.ack("a"), "nothing left to acknowledge");
        assertEquals(0, ledger.rangeCount("a"));
    }

    @Test
    void loadTakesKeysInAnyOrderWithRepeats() {
        ledger.load("a", List.of(key("a", 2, 1), key("a", 1, 7), key("a", 1, 5), key("a", 2, 2), key("a", 1, 6),
                key("a", 1, 7)));
        ledger.load("b", List.of(key("b", 1, 1)));

        assertEquals(List.of(range(1, 5, 7), range(2, 1, 2)), ledger.ack("a").getRangesList());
        assertEquals(List.of(range(1, 1, 1)), ledger.ack("b").getRangesList(), "agents are kept apart");
        assertThrows(IllegalArgumentException.class, () -> ledger.load("a", List.of(key("b", 1, 2))));
    }

    @Test
    void anAgentMustBeLoadedBeforeKeysAreAdded() {
        assertFalse(ledger.knows("a"));
        assertNull(ledger.ack("a"));
        assertThrows(IllegalStateException.class, () -> ledger.add(key("a", 1, 1)));

        ledger.load("a", List.of());

        assertTrue(ledger.knows("a"));
        assertNull(ledger.ack("a"), "nothing held yet: no Ack");
    }

    @Test
    void unsignedSequencesAndEpochsDoNotWrap() {
        ledger.load("a", List.of());
        addAll("a", 1, -1L, 0, -2L);
        addAll("a", -1L, 4);

        assertEquals(List.of(range(1, 0, 0), range(1, -2L, -1L), range(-1L, 4, 4)), ledger.ack("a").getRangesList(),
                "the largest uint64 is not adjacent to 0, and sorts last");
    }

    @Test
    void aLargeLedgerSendsTheMostRecentRangesInOrder() {
        AckLedger small = new AckLedger(3);
        small.load("a", List.of(key("a", 2, 1), key("a", 2, 3), key("a", 1, 10), key("a", 1, 20), key("a", 1, 30)));

        assertEquals(List.of(range(1, 30, 30), range(2, 1, 1), range(2, 3, 3)), small.ack("a").getRangesList());

        small.add(key("a", 2, 2)); // merges 1..3: four ranges left
        assertEquals(List.of(range(1, 20, 20), range(1, 30, 30), range(2, 1, 3)), small.ack("a").getRangesList());
        assertThrows(IllegalArgumentException.class, () -> new AckLedger(0));
    }

    @Test
    void aLedgerOfEveryOtherKeyStaysBoundedAndItsAcksAreThoseOfAnUnboundedOne() {
        // A collector sharing the stream holds every other key of an agent or so: one range per key, never merging.
        AckLedger bounded = new AckLedger(3);
        bounded.load("a", List.of());
        for (long sequence = 1; sequence <= 2_001; sequence += 2) {
            bounded.add(key("a", 7, sequence));
            assertTrue(bounded.rangeCount("a") <= 6, "at most twice the ranges an Ack lists: "
                    + bounded.rangeCount("a"));
        }
        assertEquals(List.of(range(7, 1_997, 1_997), range(7, 1_999, 1_999), range(7, 2_001, 2_001)),
                bounded.ack("a").getRangesList(), "the most recent ranges, as an unbounded ledger would list");
        bounded.add(key("a", 8, 1)); // a new boot epoch sorts after every range of the old one
        assertEquals(List.of(range(7, 1_999, 1_999), range(7, 2_001, 2_001), range(8, 1, 1)),
                bounded.ack("a").getRangesList());
        bounded.add(key("a", 7, 2_000)); // merges 1,999..2,001
        assertEquals(List.of(range(7, 1_997, 1_997), range(7, 1_999, 2_001), range(8, 1, 1)),
                bounded.ack("a").getRangesList());
    }

    @Test
    void theBatchsOwnKeysAreListedWhateverTheirAge() {
        AckLedger small = new AckLedger(3);
        small.load("a", List.of(key("a", 1, 2), key("a", 1, 4), key("a", 1, 6), key("a", 1, 8), key("a", 1, 10)));
        EnvelopeKey resent = key("a", 1, 2); // older than the 3 most recent ranges: a duplicate of a re-send
        small.add(resent);

        assertEquals(List.of(range(1, 6, 6), range(1, 8, 8), range(1, 10, 10)), small.ack("a").getRangesList());
        assertEquals(List.of(range(1, 2, 2), range(1, 8, 8), range(1, 10, 10)),
                small.ack("a", List.of(resent, key("other", 1, 4))).getRangesList(),
                "its range first, then the most recent, in the Ack's order; other agents' keys ignored");
        assertEquals(List.of(range(1, 2, 2), range(1, 4, 4), range(1, 6, 6)),
                small.ack("a", List.of(key("a", 1, 6), key("a", 1, 4), resent, key("a", 1, 2))).getRangesList(),
                "never more than the bound");
        assertEquals(List.of(range(1, 6, 6), range(1, 8, 8), range(1, 10, 10)),
                small.ack("a", List.of(key("a", 1, 3))).getRangesList(), "a key not held adds nothing");
    }

    @Test
    void aLoadedLedgerIsBoundedToo() {
        AckLedger bounded = new AckLedger(2);
        List<EnvelopeKey> held = new ArrayList<>();
        for (long sequence = 10; sequence <= 100; sequence += 10) {
            held.add(key("a", 1, sequence));
        }
        bounded.load("a", held);
        assertEquals(2, bounded.rangeCount("a"));
        assertEquals(List.of(range(1, 90, 90), range(1, 100, 100)), bounded.ack("a").getRangesList());
    }

    @Property(tries = 200, seed = "42")
    void rangesCoverExactlyTheKeys(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> sequences,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 2) Integer> epochs) {
        AckLedger property = new AckLedger(AckLedger.MAX_RANGES_PER_ACK);
        List<EnvelopeKey> keys = new ArrayList<>();
        for (int i = 0; i < Math.min(sequences.size(), epochs.size()); i++) {
            keys.add(key("agent", epochs.get(i), sequences.get(i)));
        }
        int half = keys.size() / 2;
        property.load("agent", keys.subList(0, half));
        keys.subList(half, keys.size()).forEach(property::add);

        Ack ack = property.ack("agent");
        Set<EnvelopeKey> covered = new HashSet<>();
        AckedRange previous = null;
        for (AckedRange range : ack == null ? List.<AckedRange>of() : ack.getRangesList()) {
            assertTrue(range.getFirstSequence() <= range.getLastSequence());
            if (previous != null) {
                assertTrue(previous.getBootEpoch() < range.getBootEpoch()
                        || previous.getBootEpoch() == range.getBootEpoch()
                        && previous.getLastSequence() + 1 < range.getFirstSequence(), "sorted, merged");
            }
            for (long s = range.getFirstSequence(); s <= range.getLastSequence(); s++) {
                covered.add(key("agent", range.getBootEpoch(), s));
            }
            previous = range;
        }
        assertEquals(new HashSet<>(keys), covered);
        assertEquals(ack == null ? 0 : ack.getRangesCount(), property.rangeCount("agent"));
    }

    /**
     * The Ack for a batch's touched keys (two agents, two epochs, repeats, keys not held) lists, among at most the
     * bound, first every distinct range holding the agent's touched keys in their order, then the most recent others:
     * a model of the contract, so that skipping keys whose range is already listed cannot drop or add one.
     */
    @Property(tries = 300, seed = "14")
    void touchedKeysListTheirRangesFirst(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 24) Integer> held,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 24) Integer> touched,
            @ForAll @IntRange(min = 1, max = 6) int bound) {
        AckLedger small = new AckLedger(bound);
        AckLedger all = new AckLedger(AckLedger.MAX_RANGES_PER_ACK);
        List<EnvelopeKey> heldKeys = new ArrayList<>();
        for (int code : held) { // code: sequence 0..11, epoch 1 or 2
            heldKeys.add(key("a", 1 + code / 12, code % 12));
            heldKeys.add(key("b", 1 + code / 12, code % 12 + 1));
        }
        small.load("a", heldKeys.stream().filter(k -> k.agentId().equals("a")).toList());
        all.load("a", heldKeys.stream().filter(k -> k.agentId().equals("a")).toList());
        List<EnvelopeKey> touchedKeys = new ArrayList<>();
        for (int i = 0; i < touched.size(); i++) {
            int code = touched.get(i);
            touchedKeys.add(key(i % 3 == 2 ? "b" : "a", 1 + code / 12, code % 12));
        }
        List<AckedRange> every = all.ack("a") == null ? List.of() : all.ack("a").getRangesList();
        if (small.rangeCount("a") != every.size()) {
            return; // the small ledger forgot its oldest ranges: another contract (aLoadedLedgerIsBoundedToo)
        }
        java.util.LinkedHashSet<AckedRange> expected = new java.util.LinkedHashSet<>();
        for (EnvelopeKey key : touchedKeys) {
            for (AckedRange range : every) {
                if (expected.size() < bound && key.agentId().equals("a") && range.getBootEpoch() == key.bootEpoch()
                        && range.getFirstSequence() <= key.sequence() && key.sequence() <= range.getLastSequence()) {
                    expected.add(range);
                }
            }
        }
        for (int i = every.size() - 1; i >= 0 && expected.size() < bound; i--) {
            expected.add(every.get(i));
        }
        List<AckedRange> sorted = new ArrayList<>(expected);
        sorted.sort(java.util.Comparator.comparingLong(AckedRange::getBootEpoch)
                .thenComparingLong(AckedRange::getFirstSequence));
        Ack ack = small.ack("a", touchedKeys);
        assertEquals(sorted, ack == null ? List.of() : ack.getRangesList());
    }
}
