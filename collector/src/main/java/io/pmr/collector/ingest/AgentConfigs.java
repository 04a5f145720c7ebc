package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.MeasureSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AgentConfig} the collector publishes, retained, on each agent's {@code pmr/v1/{agentId}/config}: the TRT
 * of every catalogue measure that has one (availability measures excepted: their probe timeout is the agent's), so
 * agents apply the TRTs the collector checks their batches against. A TRT that is not a plain duration (a wall-clock
 * deadline or an hours condition: {@code TSP/PM1.1}, {@code TSP/PM1.7}) travels as its text in {@code trt_rule}, with
 * its duration (0 for a wall-clock deadline) in {@code trt_millis}. {@code publish_every_millis} and
 * {@code resend_after_millis} stay 0: the agent keeps its own.
 *
 * <p>{@code config_version} is the first 8 bytes of a SHA-256 over the measure ids and TRTs: the same catalogue TRTs
 * always give the same version (across restarts too), so an agent can tell a re-publication from a change.
 * Immutable; thread-safe.
 */
final class AgentConfigs {
    private final List<MeasureSource> measures;
    private final long version;

    AgentConfigs(Catalogue catalogue) {
        List<MeasureSource> sources = new ArrayList<>();
        MessageDigest digest = sha256();
        for (MeasureDefinition measure : catalogue.measures()) {
            Optional<TrtRule> rule = catalogue.trtRule(measure.id());
            if (rule.isEmpty() || measure.kind() == MeasureKind.AVAILABILITY) {
                continue;
            }
            if (rule.get().isFixed()) {
                long millis = rule.get().duration().toMillis();
                sources.add(MeasureSource.newBuilder().setMeasureId(measure.id()).setTrtMillis(millis).build());
                digest.update((measure.id() + "=" + millis + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                // A wall-clock deadline or an hours condition travels as its text, with its duration (0 for none).
                long millis = rule.get().duration() == null ? 0 : rule.get().duration().toMillis();
                sources.add(MeasureSource.newBuilder().setMeasureId(measure.id()).setTrtMillis(millis)
                        .setTrtRule(rule.get().text()).build());
                digest.update((measure.id() + "=" + rule.get().text() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        this.measures = List.copyOf(sources);
        this.version = ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** The config of one agent. */
    AgentConfig configFor(String agentId) {
        return AgentConfig.newBuilder().setAgentId(agentId).addAllMeasures(measures).setConfigVersion(version).build();
    }

    /** The version every config of this catalogue carries. */
    long version() {
        return version;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
