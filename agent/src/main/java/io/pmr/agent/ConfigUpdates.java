package io.pmr.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pmr.model.Topics;
import io.pmr.model.Trt;
import io.pmr.model.TrtRule;
import io.pmr.agent.publish.ConfigListener;
import io.pmr.agent.record.Measures;
import io.pmr.agent.spool.DurableFiles;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.MeasureSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The collector's {@link AgentConfig}s as they arrive on {@code pmr/v1/{agentId}/config}: checked on arrival, the
 * latest good one kept until the measuring thread {@link #take takes} it. A config for another agent id, one that
 * does not parse, or one with a TRT that is not a positive number of milliseconds fitting a long of nanoseconds is
 * ignored whole, counted and logged; the agent keeps its TRTs. A config whose version is the one already taken (the
 * retained copy at every reconnect) is not offered again.
 *
 * <p>The config last taken up is kept in {@value #FILE_NAME} in the data dir (written durably), and a restart takes
 * it up again before measuring ({@link #restore}): an agent that restarts measures with the collector's TRTs from its
 * first event, not with its offline default until the retained config comes back.
 *
 * <p>Threading: {@link #configArrived} on Paho's thread, {@link #take}, {@link #applyLatest} and {@link #restore} on
 * the measuring thread; the hand-over is one atomic reference. Counters from any thread.
 */
final class ConfigUpdates implements ConfigListener {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long MAX_TRT_MILLIS = Long.MAX_VALUE / 1_000_000L;
    /** Events are attributed to one-minute UTC-aligned intervals; a config takes effect at the next one. */
    private static final long INTERVAL_NANOS = 60_000_000_000L;

    /** The file, in the data dir, of the config last taken up. */
    static final String FILE_NAME = "agent-config.pb";

    /** A checked config: its version, the TRT of each measure id it names, and its bytes as received. */
    record Update(long version, Map<String, TrtRule> rulesByMeasureId, byte[] payload) {
    }

    private final String agentId;
    private final Path file;
    private final AtomicReference<Update> latest = new AtomicReference<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private volatile long applied;
    /** The version last taken; read on Paho's thread to skip re-deliveries. */
    private volatile Long takenVersion;

    /**
     * @param file where the config last taken up is kept ({@value #FILE_NAME} in the data dir), or null for none
     */
    ConfigUpdates(String agentId, Path file) {
        this.agentId = agentId;
        this.file = file;
    }

    @Override
    public void configArrived(byte[] payload) {
        received.incrementAndGet();
        Update update = check(payload);
        if (update == null) {
            return;
        }
        Long taken = takenVersion;
        if (taken != null && taken == update.version()) {
            // The one in force again (the retained copy at a reconnect, or the collector went back to it): it
            // supersedes any newer one not taken yet.
            latest.set(null);
            LOG.debug("agent {}: config {} again; already applied", agentId, Long.toUnsignedString(update.version()));
            return;
        }
        latest.set(update);
    }

    /**
     * Takes up the config an earlier run kept, if any, as the TRTs from the start of time; before measuring. A kept
     * file that is unreadable or bad is ignored (logged, counted): the retained config replaces it at connect.
     */
    void restore(Measures measures) {
        if (file == null) {
            return;
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            ignore("the kept config " + file + " cannot be read: " + e);
            return;
        }
        Update update = check(payload);
        if (update != null) {
            takenVersion = update.version();
            List<Measures.Change> changes = measures.schedule(update.rulesByMeasureId(), Long.MIN_VALUE);
            LOG.info("agent {}: kept config {} from the collector restored: TRT changes {}", agentId,
                    Long.toUnsignedString(update.version()), changes);
        }
    }

    /**
     * The rule of a measure whose config carries {@code trt_rule} (a wall-clock deadline or an hours condition), read by
     * the one parser; null (logged and counted: the whole config is ignored) when it does not parse or its
     * {@code trt_millis} is not the rule's duration (0 for a wall-clock deadline).
     */
    private TrtRule rule(MeasureSource source) {
        String id = Topics.printable(source.getMeasureId());
        TrtRule rule;
        try {
            rule = Trt.parseRule(source.getTrtRule());
        } catch (IllegalArgumentException e) {
            ignore("measure '" + id + "' has trt_rule " + Topics.printable(source.getTrtRule()) + ": "
                    + Topics.printable(e.getMessage()));
            return null;
        }
        long expected = rule.duration() == null ? 0 : rule.duration().toMillis();
        if (source.getTrtMillis() != expected) {
            ignore("measure '" + id + "' has trt_rule '" + rule.text() + "' but trt_millis " + source.getTrtMillis()
                    + ", not " + expected);
            return null;
        }
        return rule;
    }

    /** The checked config of a payload, or null when it is ignored (logged and counted). */
    private Update check(byte[] payload) {
        try {
            AgentConfig config = AgentConfig.parseFrom(payload);
            if (!agentId.equals(config.getAgentId())) {
                ignore("it names agent '" + Topics.printable(config.getAgentId()) + "'");
                return null;
            }
            Map<String, TrtRule> trts = new LinkedHashMap<>();
            for (MeasureSource source : config.getMeasuresList()) {
                long millis = source.getTrtMillis();
                if (!source.getTrtRule().isEmpty()) {
                    TrtRule rule = rule(source);
                    if (rule == null) {
                        return null;
                    }
                    trts.put(source.getMeasureId(), rule);
                    continue;
                }
                if (millis <= 0 || millis > MAX_TRT_MILLIS) {
                    ignore("measure '" + Topics.printable(source.getMeasureId()) + "' has trt_millis " + millis
                            + ", not in 1.." + MAX_TRT_MILLIS);
                    return null;
                }
                trts.put(source.getMeasureId(), TrtRule.of(Duration.ofMillis(millis)));
            }
            return new Update(config.getConfigVersion(), Collections.unmodifiableMap(trts), payload.clone());
        } catch (InvalidProtocolBufferException e) {
            ignore("it does not parse as an AgentConfig (" + payload.length + " bytes): " + e.getMessage());
        } catch (RuntimeException e) {
            ignore(e.toString());
        }
        return null;
    }

    /** The latest config not taken yet, or null; on the measuring thread. */
    Update take() {
        Update update = latest.getAndSet(null);
        if (update != null) {
            takenVersion = update.version();
        }
        return update;
    }

    /**
     * Takes up the latest config, if one came (docs/architecture.md, "Agent configuration"): its TRTs apply to events
     * starting from the next one-minute interval of the port's clock; events that started before, pending or not,
     * keep the TRT they started under, so each interval report carries one TRT per measure. On the measuring thread.
     */
    void applyLatest(Measures measures, long nowEpochNanos) {
        Update update = take();
        if (update == null) {
            return;
        }
        long fromEpochNanos = Math.floorDiv(nowEpochNanos, INTERVAL_NANOS) * INTERVAL_NANOS + INTERVAL_NANOS;
        List<Measures.Change> changes = measures.schedule(update.rulesByMeasureId(), fromEpochNanos);
        applied++;
        keep(update);
        if (changes.isEmpty()) {
            LOG.info("agent {}: config {} from the collector keeps every TRT", agentId,
                    Long.toUnsignedString(update.version()));
        } else {
            LOG.info("agent {}: config {} from the collector changes TRTs {} for events starting from {}", agentId,
                    Long.toUnsignedString(update.version()), changes, Instant.ofEpochSecond(0, fromEpochNanos));
        }
    }

    /** Writes the config taken up durably, so the next start begins with it; a failure costs only that (logged). */
    private void keep(Update update) {
        if (file == null) {
            return;
        }
        try {
            DurableFiles.writeAtomically(file, ByteBuffer.wrap(update.payload()));
        } catch (IOException e) {
            LOG.warn("agent {}: config {} applied but not kept in {} ({}); the next start uses the offline TRTs until"
                    + " the retained config arrives", agentId, Long.toUnsignedString(update.version()), file, e.toString());
        }
    }

    /** Configs taken up (changing TRTs or not) since start. */
    long applied() {
        return applied;
    }

    /** Config messages received since start, good or not. */
    long received() {
        return received.get();
    }

    /** Config messages ignored as bad since start. */
    long ignored() {
        return ignored.get();
    }

    private void ignore(String why) {
        long count = ignored.incrementAndGet();
        LOG.warn("agent {}: ignored a config on its config topic: {}; keeping the TRTs in force (ignored configs: {})",
                agentId, why, count);
    }

}
