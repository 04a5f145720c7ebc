package io.pmr.collector.ingest;

import io.pmr.collector.store.EnvelopeKey;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AckedRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds one {@link Ack} per agent, merging consecutive sequences of a boot epoch into ranges. */
final class AckRanges {
    private static final Comparator<EnvelopeKey> ORDER = (a, b) -> {
        int byEpoch = Long.compareUnsigned(a.bootEpoch(), b.bootEpoch());
        return byEpoch != 0 ? byEpoch : Long.compareUnsigned(a.sequence(), b.sequence());
    };

    private AckRanges() {
    }

    /** Agent id -> its Ack, agents in order of first appearance. */
    static Map<String, Ack> build(List<EnvelopeKey> keys) {
        Map<String, List<EnvelopeKey>> byAgent = new LinkedHashMap<>();
        for (EnvelopeKey key : keys) {
            byAgent.computeIfAbsent(key.agentId(), k -> new ArrayList<>()).add(key);
        }
        Map<String, Ack> acks = new LinkedHashMap<>();
        byAgent.forEach((agentId, agentKeys) -> acks.put(agentId, ack(agentId, agentKeys)));
        return acks;
    }

    private static Ack ack(String agentId, List<EnvelopeKey> keys) {
        keys.sort(ORDER);
        Ack.Builder ack = Ack.newBuilder().setAgentId(agentId);
        EnvelopeKey first = keys.get(0);
        long epoch = first.bootEpoch();
        long from = first.sequence();
        long to = from;
        for (int i = 1; i < keys.size(); i++) {
            EnvelopeKey key = keys.get(i);
            if (key.bootEpoch() == epoch && (key.sequence() == to || key.sequence() == to + 1 && to != -1L)) {
                to = key.sequence();
                continue;
            }
            ack.addRanges(range(epoch, from, to));
            epoch = key.bootEpoch();
            from = key.sequence();
            to = from;
        }
        ack.addRanges(range(epoch, from, to));
        return ack.build();
    }

    private static AckedRange range(long epoch, long first, long last) {
        return AckedRange.newBuilder().setBootEpoch(epoch).setFirstSequence(first).setLastSequence(last).build();
    }
}
