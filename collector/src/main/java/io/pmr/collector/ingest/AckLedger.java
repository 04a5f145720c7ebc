package io.pmr.collector.ingest;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per agent, every envelope key the collector holds (stored, or quarantined with a key it acknowledges), kept as
 * sorted, merged ranges of sequences per boot epoch, so that each {@link Ack} can be cumulative: a lost Ack is made
 * good by the next one to the same agent, whatever envelopes that one was triggered by.
 *
 * <p>An agent is unknown until {@link #load} gives it what the store held at that moment; keys are then
 * {@link #add}ed only after the commit that made them held. Boot epochs and sequences are uint64 in Java longs and
 * are ordered unsigned. A key under which another payload than the stored one came (a conflict) is
 * {@link #withhold withheld}: never listed again, so the agent that sent the other payload keeps it in its outbox
 * (the agent that sent the stored one has had its Ack by then, or keeps re-sending a duplicate, which is harmless).
 *
 * <p>Memory is bounded per agent: an Ack lists only the {@code maxRangesPerAck} most recent ranges, so the ledger keeps
 * at most twice that many and, past it, forgets the oldest down to {@code maxRangesPerAck}. Alone, a collector's ranges
 * merge into a few; a collector sharing the stream with others ({@code --shared}) holds every other key or so of each
 * agent, one range each, and without the bound its ledger would grow by every envelope it stores for as long as it
 * runs. A forgotten range is one no Ack could have listed since it left the newest {@code maxRangesPerAck} (only a
 * merge of newer ranges could have brought it back in), so its agent had its Ack then. Should the agent not have had
 * it (every Ack listing it lost), its re-send comes back as a duplicate, the key is added again, and
 * {@link #ack(String, Collection)} lists the range holding it whatever its age.
 * Not thread-safe: confined to the ingest writer thread.
 */
final class AckLedger {
    private static final Logger LOG = LoggerFactory.getLogger(AckLedger.class);
    /** Keeps one Ack well under any broker's message limit (a range is at most ~33 bytes on the wire). */
    static final int MAX_RANGES_PER_ACK = 1_000;

    private final int maxRangesPerAck;
    private final Map<String, AgentRanges> agents = new HashMap<>();
    private final Set<String> warnedTruncated = new HashSet<>();

    AckLedger(int maxRangesPerAck) {
        if (maxRangesPerAck < 1) {
            throw new IllegalArgumentException("maxRangesPerAck must be at least 1, was " + maxRangesPerAck);
        }
        this.maxRangesPerAck = maxRangesPerAck;
    }

    /** True once {@link #load} has been called for this agent. */
    boolean knows(String agentId) {
        return agents.containsKey(agentId);
    }

    /** Makes the agent known with the keys the store holds for it (any order, repeats allowed), none withheld. */
    void load(String agentId, Collection<EnvelopeKey> held) {
        load(agentId, held, List.of());
    }

    /**
     * Makes the agent known with the keys the store holds for it (any order, repeats allowed), less the conflicted
     * keys, which stay withheld.
     */
    void load(String agentId, Collection<EnvelopeKey> held, Collection<EnvelopeKey> conflicted) {
        AgentRanges ranges = agents.computeIfAbsent(agentId, id -> new AgentRanges());
        for (EnvelopeKey key : conflicted) {
            checkAgent(agentId, key);
            ranges.withheld.add(key);
        }
        for (EnvelopeKey key : held) {
            checkAgent(agentId, key);
            if (!ranges.withheld.contains(key)) {
                ranges.add(key.bootEpoch(), key.sequence());
            }
        }
        bound(ranges);
    }

    private static void checkAgent(String agentId, EnvelopeKey key) {
        if (!key.agentId().equals(agentId)) {
            throw new IllegalArgumentException("key " + key + " loaded for another agent");
        }
    }

    /**
     * Stops listing a key that has a conflict, now and in every later Ack; the agent must be known. Its commit (the
     * conflict row) must be done.
     */
    void withhold(EnvelopeKey key) {
        AgentRanges ranges = agents.get(key.agentId());
        if (ranges == null) {
            throw new IllegalStateException("agent of " + key + " is not loaded");
        }
        if (ranges.withheld.add(key)) {
            ranges.remove(key.bootEpoch(), key.sequence());
        }
    }

    /**
     * Records a key as held; its commit must be done. The agent must be known: a key added before the store's keys
     * were loaded would make the first Ack look complete when it is not.
     */
    void add(EnvelopeKey key) {
        AgentRanges ranges = agents.get(key.agentId());
        if (ranges == null) {
            throw new IllegalStateException("agent of " + key + " is not loaded");
        }
        if (!ranges.withheld.contains(key)) {
            ranges.add(key.bootEpoch(), key.sequence());
            bound(ranges);
        }
    }

    /** Past twice the ranges an Ack lists, forgets the oldest down to that many (see the class comment). */
    private void bound(AgentRanges ranges) {
        if (ranges.count > 2L * maxRangesPerAck) {
            ranges.forgetOldest(ranges.count - maxRangesPerAck);
        }
    }

    /** Number of ranges held for the agent (0 when unknown). */
    int rangeCount(String agentId) {
        AgentRanges ranges = agents.get(agentId);
        return ranges == null ? 0 : ranges.count;
    }

    /**
     * The Ack listing every range held for the agent, in ascending (epoch, first sequence) order; when there are more
     * than the bound, only the most recent ones (highest epoch, then highest sequence), which is still correct: the
     * older ones were acknowledged before and acks are idempotent. Null when nothing is held.
     */
    Ack ack(String agentId) {
        return ack(agentId, List.of());
    }

    /**
     * The Ack of {@link #ack(String)}, sure to list the ranges holding {@code touched} (the keys of the agent the batch
     * just committed or found duplicate; any order, other agents' keys ignored) whatever their age: among the
     * {@code maxRangesPerAck} listed, those come first and the most recent others fill the rest. Without this, a
     * collector sharing the stream, whose ranges of an agent do not merge, would never again acknowledge a re-sent
     * envelope older than its newest {@code maxRangesPerAck} ranges, and the agent would re-send it for good.
     */
    Ack ack(String agentId, Collection<EnvelopeKey> touched) {
        AgentRanges ranges = agents.get(agentId);
        if (ranges == null || ranges.count == 0) {
            return null;
        }
        if (ranges.count > maxRangesPerAck && warnedTruncated.add(agentId)) {
            LOG.warn("Agent '{}' has {} acknowledged ranges; each Ack lists only the {} most recent from now on",
                    Topics.printable(agentId), ranges.count, maxRangesPerAck);
        }
        // (epoch, first sequence) -> last sequence, in the Ack's order: epochs and sequences unsigned
        TreeMap<long[], Long> listed = new TreeMap<>((x, y) -> x[0] != y[0]
                ? Long.compareUnsigned(x[0], y[0]) : Long.compareUnsigned(x[1], y[1]));
        long lastEpoch = 0;
        Map.Entry<Long, Long> lastHolder = null; // the range the previous touched key was found in
        for (EnvelopeKey key : touched) {
            if (listed.size() == maxRangesPerAck) {
                break;
            }
            if (lastHolder != null && key.bootEpoch() == lastEpoch && within(key.sequence(), lastHolder)) {
                // listed already (or another agent's key, ignored anyway): one agent's keys of a batch mostly fall in
                // one range, so this skips the lookup and the map insert for nearly all of them
                continue;
            }
            NavigableMap<Long, Long> epoch = key.agentId().equals(agentId) ? ranges.byEpoch.get(key.bootEpoch()) : null;
            Map.Entry<Long, Long> holder = epoch == null ? null : epoch.floorEntry(key.sequence());
            if (holder != null && within(key.sequence(), holder)) {
                listed.put(new long[] {key.bootEpoch(), holder.getKey()}, holder.getValue());
                lastEpoch = key.bootEpoch();
                lastHolder = holder;
            }
        }
        outer:
        for (Map.Entry<Long, NavigableMap<Long, Long>> epoch : ranges.byEpoch.descendingMap().entrySet()) {
            for (Map.Entry<Long, Long> range : epoch.getValue().descendingMap().entrySet()) {
                if (listed.size() == maxRangesPerAck) {
                    break outer;
                }
                listed.putIfAbsent(new long[] {epoch.getKey(), range.getKey()}, range.getValue());
            }
        }
        Ack.Builder ack = Ack.newBuilder().setAgentId(agentId);
        for (Map.Entry<long[], Long> range : listed.entrySet()) {
            ack.addRanges(AckedRange.newBuilder().setBootEpoch(range.getKey()[0]).setFirstSequence(range.getKey()[1])
                    .setLastSequence(range.getValue()).build());
        }
        return ack.build();
    }

    /** True when the sequence lies in the range (first sequence -> last sequence, unsigned). */
    private static boolean within(long sequence, Map.Entry<Long, Long> range) {
        return Long.compareUnsigned(range.getKey(), sequence) <= 0
                && Long.compareUnsigned(sequence, range.getValue()) <= 0;
    }

    /** One agent's ranges: boot epoch -> (first sequence -> last sequence), disjoint and never adjacent. */
    private static final class AgentRanges {
        final NavigableMap<Long, NavigableMap<Long, Long>> byEpoch = new TreeMap<>(Long::compareUnsigned);
        final Set<EnvelopeKey> withheld = new HashSet<>();
        int count;

        /** Drops the {@code n} oldest ranges (lowest epoch, then lowest first sequence). */
        void forgetOldest(int n) {
            for (int i = 0; i < n && !byEpoch.isEmpty(); i++) {
                Map.Entry<Long, NavigableMap<Long, Long>> oldest = byEpoch.firstEntry();
                oldest.getValue().pollFirstEntry();
                count--;
                if (oldest.getValue().isEmpty()) {
                    byEpoch.remove(oldest.getKey());
                }
            }
        }

        /** Takes one sequence out of the range holding it, splitting the range when it lies inside. */
        void remove(long epoch, long sequence) {
            NavigableMap<Long, Long> ranges = byEpoch.get(epoch);
            Map.Entry<Long, Long> holder = ranges == null ? null : ranges.floorEntry(sequence);
            if (holder == null || Long.compareUnsigned(holder.getValue(), sequence) < 0) {
                return;
            }
            long first = holder.getKey();
            long last = holder.getValue();
            ranges.remove(first);
            count--;
            if (first != sequence) {
                ranges.put(first, sequence - 1);
                count++;
            }
            if (last != sequence) {
                ranges.put(sequence + 1, last);
                count++;
            }
            if (ranges.isEmpty()) {
                byEpoch.remove(epoch);
            }
        }

        void add(long epoch, long sequence) {
            NavigableMap<Long, Long> ranges = byEpoch.computeIfAbsent(epoch, e -> new TreeMap<>(Long::compareUnsigned));
            Map.Entry<Long, Long> below = ranges.floorEntry(sequence);
            if (below != null && Long.compareUnsigned(below.getValue(), sequence) >= 0) {
                return;
            }
            // below.last < sequence (unsigned), so below.last + 1 cannot wrap; sequence + 1 wraps only at the top.
            boolean joinsBelow = below != null && below.getValue() + 1 == sequence;
            Long aboveLast = sequence == -1L ? null : ranges.get(sequence + 1);
            if (joinsBelow && aboveLast != null) {
                ranges.remove(sequence + 1);
                ranges.put(below.getKey(), aboveLast);
                count--;
            } else if (joinsBelow) {
                ranges.put(below.getKey(), sequence);
            } else if (aboveLast != null) {
                ranges.remove(sequence + 1);
                ranges.put(sequence, aboveLast);
            } else {
                ranges.put(sequence, sequence);
                count++;
            }
        }
    }
}
